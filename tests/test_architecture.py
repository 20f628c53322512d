"""Architecture rules as checks (after Zulip's lint rules).

1. Only accessors, selectors, sections and services (and the figure SQL, the case importer
   and the demo) touch a personal-data model's manager (`Model.objects`, `_default_manager`);
   anywhere else a read across municipalities is a function named `unscoped_*`.
2. No template, stylesheet or script loads anything from a remote URL.
3. The product reads the calendar only through `core.clock`, so tests can move it.
4. A module that records audit entries opens its transactions with `audit.services.
   audited_atomic()`, so its entries are appended last; a plain `transaction.atomic()` only
   inside one (a savepoint, e.g. to catch an IntegrityError) and recording nothing itself.
5. CSV is written through `core.csv_cells`, which keeps a cell from starting a formula; the
   plain `csv` writer only for files of the product's own fixed content.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import fremdrift
from fremdrift.accounts.scoping import personal_data_models

PACKAGE = Path(fremdrift.__file__).parent
VIEW_MODULES = sorted(
    p for p in PACKAGE.rglob("*.py") if p.name in ("views.py", "api.py") or "views" in p.parts
)


def _manager_uses(path: Path, model_names: set[str], root: Path = PACKAGE) -> list[str]:
    """Where a module touches a personal-data model's manager, outside an `unscoped_*`
    function (a deliberate, named read across municipalities) and apart from `.none()`."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found: list[str] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inside = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inside = child.name
            if (
                isinstance(child, ast.Attribute)
                and child.attr == "none"
                and isinstance(child.value, ast.Attribute)
            ):
                continue  # Model.objects.none(): a queryset that holds nothing
            if (
                isinstance(child, ast.Attribute)
                and child.attr in ("objects", "_default_manager", "_base_manager")
                and isinstance(child.value, ast.Name)
                and child.value.id in model_names
                and not inside.startswith("unscoped_")
            ):
                rel = path.relative_to(root)
                found.append(f"{rel}:{child.lineno} {child.value.id}.{child.attr}")
            visit(child, inside)

    visit(tree, "")
    return found


def _may_query_personal_data(path: Path) -> bool:
    """The layers that reach personal data: accessors and selectors (reads), sections (the
    citizen page's parts), services (writes), the figure SQL, the case importer, the demo."""
    rel = path.relative_to(PACKAGE)
    name = path.name
    return (
        "migrations" in rel.parts
        or rel.parts[0] == "demo"
        or "services" in rel.parts
        or name in ("access.py", "scoping.py", "sections.py", "models.py")
        or name.startswith("selectors")
        or name.endswith("services.py")
        or str(rel)
        in (
            "results/compute.py",
            "results/spells.py",
            "caseimport/citizens.py",
            "caseimport/periods.py",
        )
    )


def test_personal_data_models_are_known():
    names = {m.__name__ for m in personal_data_models()}
    assert {"Citizen", "AuditEntry"} <= names


def test_personal_data_is_queried_only_by_accessors_selectors_and_services():
    names = {m.__name__ for m in personal_data_models()}
    modules = [p for p in PACKAGE.rglob("*.py") if not _may_query_personal_data(p)]
    assert len(modules) > 100 and set(VIEW_MODULES) <= set(modules)
    offenders = [use for path in modules for use in _manager_uses(path, names)]
    assert offenders == []


def test_the_rule_catches_a_direct_query_and_lets_a_named_unscoped_read_pass(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text(
        "def v(request, pk):\n    return Citizen.objects.get(pk=pk)\n"
        "def unscoped_count():\n    return Citizen.objects.count()\n"
        "EMPTY = Citizen.objects.none()\n"
    )
    assert _manager_uses(bad, {"Citizen"}, root=tmp_path) == ["views.py:2 Citizen.objects"]


# XML namespaces and licence texts name URLs without loading them.
_ALLOWED = re.compile(r"https?://(www\.)?w3\.org/")
_REMOTE = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[/"')\s]""", re.IGNORECASE)
ASSET_SUFFIXES = {".html", ".css", ".js", ".svg", ".txt"}


def _remote_urls(text: str) -> list[str]:
    return [m.group(0) for m in _REMOTE.finditer(text) if not _ALLOWED.match(m.group(0))]


def test_no_remote_url_in_templates_stylesheets_or_scripts():
    folders = [PACKAGE / "static", *PACKAGE.rglob("templates")]
    files = [p for folder in folders for p in folder.rglob("*") if p.suffix in ASSET_SUFFIXES]
    assert len(files) > 20
    offenders = {
        str(p.relative_to(PACKAGE)): urls
        for p in files
        if (urls := _remote_urls(p.read_text(errors="ignore")))
    }
    assert offenders == {}


def test_the_remote_url_check_catches_a_cdn():
    assert _remote_urls('<script src="https://cdn.example.com/x.js"></script>')
    assert _remote_urls("@import url(//fonts.googleapis.com/css);")
    assert not _remote_urls('<svg xmlns="http://www.w3.org/2000/svg">')


# Readings of the calendar other than the one in core/clock.py; `{% now %}` in templates too.
_CALENDAR = re.compile(
    r"\btimezone\.(now|localdate|localtime)\(\s*\)|\bdate\.today\(|\bdatetime\.(now|today|utcnow)\("
    r"|default=timezone\.now\b|\btime\.time\(|{%\s*now\b"
)
CLOCK = PACKAGE / "core" / "clock.py"


def _calendar_readings(path: Path, root: Path = PACKAGE) -> list[str]:
    return [
        f"{path.relative_to(root)}:{number}"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if _CALENDAR.search(line)
    ]


def test_the_calendar_is_read_only_through_the_clock():
    files = [
        p
        for p in PACKAGE.rglob("*")
        if p.suffix in (".py", ".html") and "migrations" not in p.parts and p != CLOCK
    ]
    assert len(files) > 100
    assert [hit for path in files for hit in _calendar_readings(path)] == []


def test_the_clock_rule_catches_each_way_of_reading_the_calendar(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text(
        "a = timezone.localdate()\nb = dt.date.today()\nc = datetime.now(tz)\n"
        "d = models.DateTimeField(default=timezone.now)\ne = clock.today()\n"
    )
    assert _calendar_readings(bad, root=tmp_path) == [f"views.py:{n}" for n in (1, 2, 3, 4)]


def test_services_refuse_through_the_one_permission_check():
    """accounts.permissions.require is the one refusal: no service raises PermissionError
    (a 500 if a view forgot its check) or keeps a `_require*` guard of its own."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and re.fullmatch(r"_require(_\w+)?", node.name):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} def {node.name}")
            if (
                isinstance(node, ast.Raise)
                and node.exc is not None
                and "PermissionError" in ast.unparse(node.exc)
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} raise PermissionError")
    assert found == []


AUDIT_CALLS = ("audit_record", "audit_record_many")


def _called(node: ast.AST) -> str:
    """`f` for `f(...)` and `x.f(...)`, '' for anything else."""
    if not isinstance(node, ast.Call):
        return ""
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _records(nodes: list[ast.stmt]) -> bool:
    return any(
        name in AUDIT_CALLS or name.startswith("_audit")
        for statement in nodes
        for name in map(_called, ast.walk(statement))
    )


def _plain_transactions(path: Path, root: Path = PACKAGE) -> list[str]:
    """Where a module that records audit entries opens `transaction.atomic()` outside an
    `audited_atomic()` block, or records an entry inside one it opened within."""
    tree = ast.parse(path.read_text(), filename=str(path))
    if not any(_called(node) in AUDIT_CALLS for node in ast.walk(tree)):
        return []
    found: list[str] = []

    def visit(node: ast.AST, audited: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = audited
            if isinstance(child, ast.With):
                opened = [_called(item.context_expr) for item in child.items]
                if "audited_atomic" in opened:
                    inside = True
                elif "atomic" in opened and (not audited or _records(child.body)):
                    found.append(f"{path.relative_to(root)}:{child.lineno}")
            visit(child, inside)

    visit(tree, False)
    return found


def test_modules_that_audit_open_their_transactions_with_audited_atomic():
    modules = [
        p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts and p.parts[-2] != "audit"
    ]
    auditing = [p for p in modules if "audit_record" in p.read_text()]
    assert len(auditing) >= 8
    assert [hit for path in auditing for hit in _plain_transactions(path)] == []


def test_the_audited_atomic_rule_catches_a_plain_transaction(tmp_path):
    bad = tmp_path / "services.py"
    bad.write_text(
        "def a():\n    with transaction.atomic():\n        audit_record()\n"
        "def b():\n    with audited_atomic():\n        with transaction.atomic():\n"
        "            x.save()\n        audit_record()\n"
        "def c():\n    with audited_atomic():\n        with transaction.atomic():\n"
        "            _audit(x)\n"
    )
    assert _plain_transactions(bad, root=tmp_path) == ["services.py:2", "services.py:11"]


# Files whose every cell is the product's own: example import files and synthetic national
# statistics that the demo imports (they must look exactly like the real ones).
_OWN_CONTENT_CSV = {"core/csv_cells.py", "caseimport/examples.py", "results/statistics/export.py"}


def _plain_csv_writers(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        if str(path.relative_to(root)) not in _OWN_CONTENT_CSV
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bcsv\.(writer|DictWriter)\(", line)
    ]


def test_exports_write_csv_through_the_spreadsheet_safe_writer():
    assert _plain_csv_writers(PACKAGE) == []


def test_the_csv_rule_catches_a_plain_writer(tmp_path):
    (tmp_path / "export.py").write_text("import csv\nw = csv.writer(out)\n")
    assert _plain_csv_writers(tmp_path) == ["export.py:2"]


def _reaches_a_citizen(model: type, depth: int = 3) -> bool:
    """Whether a chain of foreign keys (at most `depth` long) leads from `model` to Citizen."""
    if model._meta.label == "citizens.Citizen":
        return True
    if depth == 0:
        return False
    return any(
        _reaches_a_citizen(field.related_model, depth - 1)
        for field in model._meta.get_fields()
        if field.many_to_one or (field.one_to_one and field.concrete)
    )


def test_every_row_of_a_citizen_says_whose_it_is():
    """accounts.scoping.access_by_id refuses an anonymised citizen's rows through
    `citizen_path`: a model that points to a citizen and lacks it would slip past."""
    # The access log (its entries and list appearances) outlives the erasure and is read as such.
    skip = {"audit.AuditEntry", "audit.AuditAppearance"}
    for model in personal_data_models():
        if model._meta.label in skip or not _reaches_a_citizen(model):
            continue
        path = model.citizen_path
        assert path is not None, model._meta.label
        target = model
        for step in filter(None, path.split("__")):
            target = target._meta.get_field(step).related_model
        assert target._meta.label == "citizens.Citizen", model._meta.label
