"""No input, however hostile, gives a server error: every page found by the URL resolver, its
query string, and every form it shows, filled with hostile values.

Found by fuzzing 59 forms and 3 uploads: 754 HTTP 500s, from dates such as 0001-01-01 and
2025-02-30, 5000-digit numbers, negative years, huge ids, NUL characters (PostgreSQL
refuses them) and more. Each page is tried as the first persona its boundary entry allows
(tests/test_boundary.py), with the objects that entry's fixture makes; a plain page as each
persona in turn until one may see it. A form is posted once with every field hostile, for
each hostile value, and then field by field with values of the field's own kind while the
other fields hold ordinary ones.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

import tests
from tests import test_boundary
from tests.test_boundary import OBJECT_URLS, plain_url_names

# The fixtures the boundary entries name, from the apps' boundary modules as test_boundary
# collects them.
for _module in pkgutil.iter_modules(tests.__path__):
    if _module.ispkg and importlib.util.find_spec(f"tests.{_module.name}.boundary"):
        _boundary = importlib.import_module(f"tests.{_module.name}.boundary")
        globals().update({name: getattr(_boundary, name) for name in _boundary.FIXTURES})
odense_citizen_kwargs = test_boundary.odense_citizen_kwargs

PLAIN_PERSONAS = ["odense_caseworker", "odense_manager", "odense_admin", "facilitator"]
# logout and set_language end the session or only set a cookie; /healthz answers 503 by
# design when it finds a fault (tests/test_healthz.py holds it).
SKIPPED = {"logout", "set_language", "healthz"}
HOSTILE = [
    "\x00",
    "9" * 5000,
    "-99999999999999999999",
    "99999999999999999999",
    "0001-01-01",
    "2025-02-30",
    "-2025-01-01",
    "1e309",
    "NaN",
    "١٢٣",
    "<script>alert(1)</script>\u202e",
    "x" * 20_000,
]
BY_KIND = {
    "date": ["0001-01-01", "9999-12-31", "2025-02-30", "-0001-01-01", "\x00"],
    "month": ["0000-00", "2025-13", "99999-01"],
    "number": ["9" * 5000, "-99999999999999999999", "1e309", "-1", "\x00"],
    "select": ["99999999999999999999", "-1", "\x00", "' OR 1=1"],
    "hidden": ["99999999999999999999", "-1", "\x00", ""],
    "text": ["\x00", "x" * 20_000, "\u202e"],
}
QUERY_NAMES = [
    "q", "side", "sprog", "gruppe", "vis", "tema", "team", "omfang", "next", "medarbejder",
    "maaned", "job", "besvarer", "afsnit", "aar", "figur", "fra", "til", "kommune", "format",
    "breakdown", "status", "kolonne", "caseworker", "month", "year", "page",
]  # fmt: skip
ORDINARY = {"date": "2026-11-02", "month": "2026-10", "number": "1", "text": "Tekst", "hidden": ""}


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> kind
    values: dict[str, str] = field(default_factory=dict)  # as the page fills them


class _Forms(HTMLParser):
    """The forms of a page: their method, action, fields and the values shown."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("method", "get").lower(), a.get("action", "")))
            return
        if not self.forms or not a.get("name"):
            if tag == "option" and self._select and self.forms:
                self._option(a)
            return
        form, name = self.forms[-1], a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                form.fields.setdefault(name, "select")
                if "checked" in a or name not in form.values:
                    form.values[name] = a.get("value", "on")
                return
            form.fields[name] = kind if kind in BY_KIND else "text"
            form.values[name] = a.get("value", "")
        elif tag == "textarea":
            form.fields[name] = "text"
            form.values.setdefault(name, "")
        elif tag == "select":
            form.fields[name] = "select"
            self._select = name

    def _option(self, a: dict[str, str]) -> None:
        form = self.forms[-1]
        assert self._select is not None
        value = a.get("value", "")
        if value and (not form.values.get(self._select) or "selected" in a):
            form.values[self._select] = value

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def forms_of(body: str) -> list[Form]:
    parser = _Forms()
    parser.feed(body)
    return [form for form in parser.forms if form.fields]


class Attempts:
    """Requests made, and the ones that raised (the test client re-raises a view's error)."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.failures: list[str] = []
        self.count = 0

    def send(self, method: str, url: str, data: dict[str, str], what: str) -> str | None:
        self.count += 1
        try:
            response = getattr(self.client, method)(url, data)
        except Exception as error:  # every server error is what this test looks for
            self.failures.append(f"{method.upper()} {url} {what}: {type(error).__name__}: {error}")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{method.upper()} {url} {what}: HTTP {response.status_code}")
            return None
        is_html = response.get("Content-Type", "").startswith("text/html")
        return response.content.decode() if is_html else ""


def _ordinary(form: Form) -> dict[str, str]:
    return {
        name: form.values.get(name) or ORDINARY.get(kind, "") for name, kind in form.fields.items()
    }


def fuzz_form(attempts: Attempts, page: str, form: Form) -> None:
    target = urljoin(page, form.action) if form.action else page
    if urlsplit(target).netloc not in ("", "testserver"):
        return
    method = "post" if form.method == "post" else "get"
    for value in HOSTILE:
        attempts.send(
            method, target, dict.fromkeys(form.fields, value), f"alle felter={value[:12]!r}"
        )
    ordinary = _ordinary(form)
    for name, kind in form.fields.items():
        for value in BY_KIND[kind]:
            attempts.send(method, target, {**ordinary, name: value}, f"{name}={value[:12]!r}")


def fuzz_page(attempts: Attempts, url: str) -> bool:
    """The page, its query string and its forms; whether the page could be shown at all."""
    body = attempts.send("get", url, {}, "siden")
    if body is None:
        return True  # a failure, recorded
    for value in HOSTILE:
        attempts.send("get", url, dict.fromkeys(QUERY_NAMES, value), f"query={value[:12]!r}")
    for form in forms_of(body):
        fuzz_form(attempts, url, form)
    return bool(body)


@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_no_hostile_input_on_an_object_page_gives_a_server_error(
    request, record_property, url_name
):
    method, allowed, kwargs_fixture, data = OBJECT_URLS[url_name]
    kwargs = request.getfixturevalue(kwargs_fixture)
    persona = next(p for p in test_boundary.PERSONAS if p in allowed)
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    attempts = Attempts(client)
    url = reverse(url_name, kwargs=kwargs)
    if method == "get":
        fuzz_page(attempts, url)
    else:
        fuzz_form(attempts, url, Form("post", url, dict.fromkeys(data, "text"), data))
    for huge in ("99999999999999999999", "9" * 30):
        swapped = {key: huge if isinstance(value, int) else value for key, value in kwargs.items()}
        attempts.send("get", reverse(url_name, kwargs=swapped), {}, "et kæmpe id")
    record_property("requests", attempts.count)  # summed from --junitxml for the record
    assert attempts.failures == [], f"{len(attempts.failures)} af {attempts.count}"


@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
@pytest.mark.parametrize("url_name", sorted(plain_url_names() - SKIPPED))
def test_no_hostile_input_on_a_page_gives_a_server_error(
    request, record_property, url_name, odense_citizen
):
    url = reverse(url_name)
    failures, count = [], 0
    for persona in PLAIN_PERSONAS:
        client = Client()
        client.force_login(request.getfixturevalue(persona))
        attempts = Attempts(client)
        shown = fuzz_page(attempts, url)
        failures += attempts.failures
        count += attempts.count
        if shown:
            break
    record_property("requests", count)
    assert failures == [], f"{len(failures)} af {count}"
