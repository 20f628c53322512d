"""Theories of change and programme theories: list, create, the backwards stepper, detail,
versions, sharing, PDF and presentation. Views parse, call a service or selector, render.

Reading needs VIEW_TOOLBOX in the document's municipality (the facilitator reads a shared
document's page, PDF and presentation); every change needs MANAGE_TOOLBOX. Anything else is
404 through toolbox.access.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.core import clock
from fremdrift.core.downloads import pdf_attachment
from fremdrift.core.forms import service_errors
from fremdrift.core.pdf import render_pdf
from fremdrift.core.versioning import EditConflict, edit_conflict
from fremdrift.toolbox.access import access_document
from fremdrift.toolbox.models import Horizon, TheoryItem, TheoryKind, TheoryOfChange
from fremdrift.toolbox.navigation import document_back_link
from fremdrift.toolbox.presentation import Section, present
from fremdrift.toolbox.sharing import shared_response, wants_shared
from fremdrift.toolbox.theory.forms import (
    ItemEditForm,
    ItemForm,
    TargetGroupForm,
    TheoryCreateForm,
)
from fremdrift.toolbox.theory.selectors import (
    TheoryPage,
    figure_choices,
    theory_groups,
    theory_history,
    theory_page,
    versions_of,
)
from fremdrift.toolbox.theory.services import (
    TARGET_GROUP_FIELDS,
    item_add,
    item_delete,
    item_update,
    target_group_save,
    theory_create,
    theory_new_version,
    theory_set_shared,
)
from fremdrift.toolbox.theory.shape import (
    STEP_COUNT,
    dimension_names,
    horizon_of_step,
    is_result,
    singular,
    step_of,
    target_horizons,
)

# What to write in each step, in plain words (step 0 is the target group).
GUIDANCE = {
    TheoryKind.CHANGE: (
        gettext_lazy(
            "Beskriv, hvem indsatsen er for. Sæt ord på, hvad borgerne kan og vil, og hvad "
            "der holder dem tilbage. Antallet tælles direkte fra registeret."
        ),
        gettext_lazy(
            "Start med målet: hvilke varige forandringer vil I se for målgruppen, fx flere i "
            "ordinært job inden for det første år? Alt andet i teorien skal føre hertil."
        ),
        gettext_lazy(
            "Hvad skal borgerne gøre anderledes, før de langsigtede resultater kan nås? Skriv "
            "ændringer i adfærd, og sæt kryds ved de langsigtede resultater, de fører til."
        ),
        gettext_lazy(
            "Hvad skal borgerne vide, forstå eller kunne tidligt i forløbet? Det er de første "
            "tegn på, at indsatsen virker."
        ),
        gettext_lazy(
            "Hvad gør I konkret: samtaler, praktikker, kurser og samarbejder? Sæt kryds ved de "
            "resultater, hver aktivitet fører til."
        ),
    ),
    TheoryKind.PROGRAMME: (
        gettext_lazy(
            "Beskriv målgruppens kendetegn og størrelse: hvad kan og vil borgerne, og hvad "
            "står i vejen? Antallet tælles direkte fra registeret."
        ),
        gettext_lazy("Skriv realistiske slutmål: hvor skal borgerne være, når indsatsen slutter?"),
        gettext_lazy(
            "Hvad skal borgeren kunne undervejs for at nå slutmålene? Gør delmålene så små, at "
            "I kan følge op på dem, og sæt kryds ved de slutmål, de fører til."
        ),
        gettext_lazy(
            "Hvilke aktiviteter skal bringe borgerne frem til delmålene? Sæt kryds ved de mål, "
            "hver aktivitet fører til."
        ),
        gettext_lazy(
            "Under hvilke betingelser virker aktiviteterne: medarbejdernes kompetencer, "
            "tilgang, ressourcer og organisering? Sæt kryds ved de aktiviteter (eller mål), "
            "mekanismen bærer."
        ),
    ),
}


def _posted(request: AuthenticatedHttpRequest) -> QueryDict | None:
    # Not `request.POST or None`: an empty POST must still bind the form and show its errors.
    return request.POST if request.method == "POST" else None


def _today():
    return clock.today()


def _can_manage(user: User, theory: TheoryOfChange) -> bool:
    return user.can(Permission.MANAGE_TOOLBOX) and user.municipality_id == theory.municipality_id


def _steps(theory: TheoryOfChange) -> list[tuple[int, str]]:
    titles = [_("Målgruppe")]
    titles += [str(Horizon(horizon_of_step(theory.kind, n)).label) for n in range(1, STEP_COUNT)]
    return list(enumerate(titles))


def _manageable(request: AuthenticatedHttpRequest, pk: int) -> TheoryOfChange:
    return access_document(request.user, TheoryOfChange, pk, Permission.MANAGE_TOOLBOX)


def _item_form(
    theory: TheoryOfChange,
    horizon: str,
    page: TheoryPage,
    data: QueryDict | None = None,
    *,
    item: TheoryItem | None = None,
) -> ItemForm:
    targets = [
        (
            str(Horizon(h).label),
            [(i.pk, i.text if len(i.text) <= 120 else i.text[:119] + "…") for i in page.items
             if i.horizon == h],
        )
        for h in target_horizons(theory.kind, horizon)
    ]  # fmt: skip
    binds = is_result(horizon)
    initial = None
    form_class = ItemForm
    if item is not None:
        form_class = ItemEditForm
        initial = {
            "text": item.text,
            "leads_to": [t.pk for t in item.leads_to.all()],
            "figure": item.figure,
            "dimension": item.dimension,
            "version": item.version,
        }
    return form_class(
        data,
        initial=initial,
        text_label=singular(horizon).capitalize(),
        targets=targets,
        figures=figure_choices() if binds else None,
        dimensions=list(dimension_names(theory.municipality).items()) if binds else None,
        prefix="punkt",
    )


def _save_item(form: ItemForm, save) -> bool:
    """Run the service on a valid form; its errors go back on the form's fields."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    with service_errors(form):
        save(
            text=data["text"],
            leads_to=data.get("leads_to") or [],
            figure=data.get("figure") or "",
            dimension=data.get("dimension") or "",
        )
    return not form.errors


# ----------------------------------------------------------------------------------------


@require_permission(Permission.VIEW_TOOLBOX)
@require_GET
def theory_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user: User = request.user
    return render(
        request,
        "toolbox/theory/list.html",
        {"groups": theory_groups(user), "can_manage": user.can(Permission.MANAGE_TOOLBOX)},
    )


@require_permission(Permission.MANAGE_TOOLBOX)
@require_http_methods(["GET", "POST"])
def theory_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TheoryCreateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            theory = theory_create(actor=request.user, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Dokumentet er oprettet. Start med målgruppen."))
            return redirect("toolbox:theory_step", pk=theory.pk, step=0)
    status = 400 if form.errors else 200
    return render(request, "toolbox/theory/create.html", {"form": form}, status=status)


@require_GET
def theory_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user: User = request.user
    theory = access_document(user, TheoryOfChange, pk, shared_ok=True)
    page = theory_page(theory, user, today=_today())
    return render(
        request,
        "toolbox/theory/detail.html",
        {
            "theory": theory,
            "page": page,
            "history": theory_history(theory),
            "versions": versions_of(theory, user),
            "can_manage": _can_manage(user, theory),
            "back": document_back_link(
                user,
                list_url_name="toolbox:theory_list",
                list_label=gettext_lazy("Alle forandringsteorier og programteorier"),
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def theory_step(request: AuthenticatedHttpRequest, pk: int, step: int) -> HttpResponse:
    user: User = request.user
    theory = _manageable(request, pk)
    if not 0 <= step < STEP_COUNT:
        raise Http404
    url = reverse("toolbox:theory_step", kwargs={"pk": theory.pk, "step": step})
    target_form = None
    item_form = None
    conflict = None
    if step == 0:
        initial = {name: getattr(theory, name) for name in TARGET_GROUP_FIELDS}
        initial["version"] = theory.edit_version
        target_form = TargetGroupForm(_posted(request), initial=initial)
        if request.method == "POST" and target_form.is_valid():
            try:
                with service_errors(target_form):
                    changed = target_group_save(
                        actor=user,
                        theory=theory,
                        data=target_form.values(),
                        expected_version=target_form.expected_version,
                    )
            except EditConflict as error:
                conflict = edit_conflict(target_form, error)
            if not target_form.errors and conflict is None:
                messages.success(
                    request, _("Målgruppen er gemt.") if changed else _("Der var intet at gemme.")
                )
                return redirect(reverse("toolbox:theory_step", kwargs={"pk": pk, "step": 1}))
    page = theory_page(theory, user, today=_today())
    horizon = horizon_of_step(theory.kind, step)
    if horizon is not None:
        item_form = _item_form(theory, horizon, page, _posted(request))
        if request.method == "POST":

            def add(**fields: object) -> None:
                item_add(actor=user, theory=theory, horizon=horizon, **fields)

            if _save_item(item_form, add):
                messages.success(
                    request, _("%(what)s er tilføjet.") % {"what": singular(horizon).capitalize()}
                )
                return redirect(f"{url}#punkter")
    form = target_form or item_form
    column = next((c for c in page.columns if c.horizon == horizon), None)
    context = {
        "theory": theory,
        "page": page,
        "step": step,
        "steps": _steps(theory),
        "horizon": horizon,
        "column": column,
        "guidance": GUIDANCE[theory.kind][step],
        "target_form": target_form,
        "item_form": item_form,
        "form": form,
        "previous_step": step - 1 if step > 0 else None,
        "next_step": step + 1 if step < STEP_COUNT - 1 else None,
        "singular": singular(horizon) if horizon else "",
        "conflict": conflict,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "toolbox/theory/step.html", context, status=status)


def _item_of(theory: TheoryOfChange, item_pk: int) -> TheoryItem:
    item = theory.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    return item


@require_http_methods(["GET", "POST"])
def theory_item_edit(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user: User = request.user
    theory = _manageable(request, pk)
    item = _item_of(theory, item_pk)
    page = theory_page(theory, user, today=_today())
    # A saved item's form is an ItemEditForm (see _item_form): it carries the version.
    form = cast(ItemEditForm, _item_form(theory, item.horizon, page, _posted(request), item=item))
    step = step_of(theory.kind, item.horizon)
    back = reverse("toolbox:theory_step", kwargs={"pk": theory.pk, "step": step})
    conflict = None
    if request.method == "POST":

        def update(**fields: Any) -> None:
            item_update(actor=user, item=item, expected_version=form.expected_version, **fields)

        try:
            if _save_item(form, update):
                messages.success(request, _("Ændringen er gemt."))
                return redirect(f"{back}#punkt-{item.pk}")
        except EditConflict as error:
            conflict = edit_conflict(form, error)
    context = {
        "theory": theory,
        "item": item,
        "form": form,
        "back": back,
        "step": step,
        "column_title": Horizon(item.horizon).label,
        "singular": singular(item.horizon),
        "conflict": conflict,
    }
    return render(
        request, "toolbox/theory/item_edit.html", context, status=400 if form.errors else 200
    )


@require_POST
def theory_item_delete(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    theory = _manageable(request, pk)
    item = _item_of(theory, item_pk)
    step = step_of(theory.kind, item.horizon)
    item_delete(actor=request.user, item=item)
    messages.success(request, _("Punktet er slettet."))
    return redirect(reverse("toolbox:theory_step", kwargs={"pk": theory.pk, "step": step}))


@require_POST
def theory_new_version_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    theory = _manageable(request, pk)
    copy = theory_new_version(actor=request.user, theory=theory)
    messages.success(
        request,
        _("Version %(new)s er oprettet som kopi af version %(old)s. Den gamle er uændret.")
        % {"new": copy.version, "old": theory.version},
    )
    return redirect("toolbox:theory_detail", pk=copy.pk)


@require_POST
def theory_share(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    theory = _manageable(request, pk)
    changed = theory_set_shared(actor=request.user, theory=theory, shared=wants_shared(request))
    return shared_response(
        request, document=theory, changed=changed, detail="toolbox:theory_detail"
    )


@require_GET
def theory_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user: User = request.user
    theory = access_document(user, TheoryOfChange, pk, shared_ok=True)
    today = _today()
    # The diagram's and columns' texts are made before rendering: in the printout's language.
    with translation.override("da"):
        page = theory_page(theory, user, today=today)
        pdf = render_pdf(
            "toolbox/theory/pdf.html",
            {
                "theory": theory,
                "page": page,
                "history": theory_history(theory, limit=15),
                "printed_on": today,
                "municipality": theory.municipality,
            },
        )
    kind = "programteori" if theory.kind == TheoryKind.PROGRAMME else "forandringsteori"
    return pdf_attachment(pdf, f"{kind}-{theory.pk}-version-{theory.version}.pdf")


@require_GET
def theory_present(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user: User = request.user
    theory = access_document(user, TheoryOfChange, pk, shared_ok=True)
    page = theory_page(theory, user, today=_today())
    sections = [
        Section(
            _("Målgruppe: %(group)s") % {"group": theory.target_group},
            "toolbox/theory/present_target.html",
            {"theory": theory, "page": page},
        )
    ]
    for column in page.columns_backwards:
        sections.append(
            Section(
                column.title,
                "toolbox/theory/present_column.html",
                {"theory": theory, "column": column},
            )
        )
    sections.append(Section(_("Diagram"), "toolbox/theory/present_diagram.html", {"page": page}))
    return present(
        request,
        document_title=f"{theory.title} (version {theory.version})",
        back_url=reverse("toolbox:theory_detail", kwargs={"pk": theory.pk}),
        sections=sections,
    )
