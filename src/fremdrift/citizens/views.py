from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.models import Municipality
from fremdrift.accounts.roles import Permission, Role
from fremdrift.citizens.access import (
    access_citizen,
    read_citizen,
    record_citizen_read,
    record_cpr_search,
    record_list,
)
from fremdrift.citizens.aggregates import unscoped_citizen_counts
from fremdrift.citizens.cpr import looks_like_cpr
from fremdrift.citizens.forms import (
    CitizenCreateForm,
    CitizenEditForm,
    CitizenFilterForm,
    RevealCprForm,
    TakeoverForm,
)
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.selectors import CitizenFilter, citizen_search
from fremdrift.citizens.selectors_moving import moved_on, unscoped_taken_over_from
from fremdrift.citizens.services import (
    EDITABLE_FIELDS,
    CaseCanFollow,
    CprTaken,
    EditConflict,
    citizen_reveal_cpr,
    citizen_update,
)
from fremdrift.companies.selectors import citizen_section as referral_section
from fremdrift.conversations.selectors import citizen_section as conversations_section
from fremdrift.core import clock
from fremdrift.core.aggregates import SMALL_COUNT_LIMIT
from fremdrift.core.forms import add_service_errors
from fremdrift.core.versioning import edit_conflict
from fremdrift.journey.intake import citizen_admit
from fremdrift.journey.sections import citizen_section as journey_section
from fremdrift.journey.takeover_services import case_takeover, takeover_offer
from fremdrift.plans.selectors import citizen_section as plan_section
from fremdrift.progression.sections import citizen_section as progression_section

REVEAL_REFUSED_PURPOSE = "Borgerens side vist igen: visning af CPR-nummer uden formål"


@require_permission(Permission.VIEW_CITIZEN)
def citizen_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CitizenFilterForm(request.GET or None, user=request.user)
    criteria = form.criteria() if form.is_bound and form.is_valid() else CitizenFilter()
    citizens = citizen_search(request.user, criteria)
    page = Paginator(citizens, settings.CITIZEN_LIST_PAGE_SIZE).get_page(request.GET.get("side"))
    if looks_like_cpr(criteria.query):
        record_cpr_search(request.user, page.object_list)
    else:
        record_list(
            request.user, page.object_list, purpose="Borgerlisten", query=request.GET.dict()
        )
    query = request.GET.copy()
    query.pop("side", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "citizens/_results.html" if request.htmx else "citizens/list.html"
    return render(request, template, context)


@require_permission(Permission.EDIT_CITIZEN)
@require_http_methods(["GET", "POST"])
def citizen_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CitizenCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            citizen = citizen_admit(
                actor=request.user,
                cpr=form.cleaned_data["cpr"],
                data=form.to_data(),
                start_programme=form.cleaned_data["start_programme"],
            )
        except CprTaken as taken:
            form.add_error("cpr", _cpr_taken_message(taken))
        except CaseCanFollow:
            return _takeover_page(request, form.cleaned_data["cpr"], form=form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s er oprettet.") % {"name": citizen.full_name})
            return redirect("citizens:detail", pk=citizen.pk)
    return render(request, "citizens/form.html", {"form": form, "creating": True})


def _takeover_page(
    request: AuthenticatedHttpRequest,
    cpr: str,
    *,
    form: CitizenCreateForm | None = None,
    confirm: TakeoverForm | None = None,
) -> HttpResponse:
    """The offer to take over a moved citizen's case: counts only, until confirmed."""
    try:
        offer = takeover_offer(actor=request.user, cpr=cpr)
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect("citizens:new")
        add_service_errors(form, error)
        return render(request, "citizens/form.html", {"form": form, "creating": True})
    if confirm is None:
        confirm = TakeoverForm(initial={"cpr": cpr, "takeover_date": offer.suggested})
    return render(request, "citizens/takeover.html", {"offer": offer, "form": confirm})


@require_permission(Permission.EDIT_CITIZEN)
@require_http_methods(["GET", "POST"])
def citizen_takeover(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "GET":
        # The offer is only ever the create form's answer: a reload starts there again.
        return redirect("citizens:new")
    form = TakeoverForm(request.POST)
    if not form.is_valid():
        return _takeover_page(request, request.POST.get("cpr", ""), confirm=form)
    try:
        citizen = case_takeover(actor=request.user, **form.cleaned_data)
    except CprTaken as taken:
        messages.error(request, _cpr_taken_message(taken))
        return redirect("citizens:new")
    except ValidationError as error:
        if "cpr" in error.message_dict:  # no case to take over (any more)
            messages.error(request, " ".join(error.message_dict["cpr"]))
            return redirect("citizens:new")
        add_service_errors(form, error)
        return _takeover_page(request, form.cleaned_data["cpr"], confirm=form)
    messages.success(
        request, _("Sagen er overtaget. %(name)s er oprettet.") % {"name": citizen.full_name}
    )
    return redirect("citizens:detail", pk=citizen.pk)


def _cpr_taken_message(taken: CprTaken) -> str:
    if taken.existing is None:
        # Another municipality's citizen: say nothing that tells where or who.
        return _(
            "CPR-nummeret kan ikke oprettes her: det er registreret i en anden kommune. "
            "Den kommune skal først registrere, at borgeren er flyttet; derefter kan sagen "
            "overtages her."
        )
    return format_html(
        '{} <a href="{}">{}</a>',
        _("Borgeren findes allerede i kommunens register."),
        reverse("citizens:detail", kwargs={"pk": taken.existing.pk}),
        _("Gå til borgeren"),
    )


@require_permission(Permission.VIEW_CITIZEN)
def citizen_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # The one page an anonymised citizen still has: it says so, and shows nothing personal.
    citizen = read_citizen(request.user, pk, anonymised=True)
    return render(request, "citizens/detail.html", _detail_context(request, citizen))


def _detail_context(
    request: AuthenticatedHttpRequest,
    citizen: Citizen,
    reveal_form: RevealCprForm | None = None,
    revealed_cpr: str | None = None,
) -> dict[str, object]:
    """Everything the citizen page shows, for the page and for the no-JavaScript reveal."""
    return {
        "citizen": citizen,
        "moved_on": moved_on(citizen),
        "taken_over_from": unscoped_taken_over_from(citizen),
        "reveal_form": reveal_form or RevealCprForm(),
        "revealed_cpr": revealed_cpr,
        "journey": journey_section(citizen, clock.today()),
        "conversations_section": conversations_section(request.user, citizen),
        "plan_section": plan_section(request.user, citizen),
        "progression_section": progression_section(request.user, citizen),
        "referral_section": referral_section(request.user, citizen),
    }


@require_permission(Permission.REVEAL_CPR)
@require_POST
def citizen_reveal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    citizen = access_citizen(request.user, pk, permission=Permission.REVEAL_CPR)
    form = RevealCprForm(request.POST)
    revealed = None
    if form.is_valid():
        revealed = citizen_reveal_cpr(
            actor=request.user, citizen=citizen, purpose=form.cleaned_data["purpose"]
        )
    else:
        # Shown again with the purpose missing: still a look at the citizen's page.
        record_citizen_read(request.user, citizen, purpose=REVEAL_REFUSED_PURPOSE)
    if request.htmx:
        context = {"citizen": citizen, "reveal_form": form, "revealed_cpr": revealed}
        return render(request, "citizens/_cpr.html", context)
    return render(
        request, "citizens/detail.html", _detail_context(request, citizen, form, revealed)
    )


@require_permission(Permission.EDIT_CITIZEN)
@require_http_methods(["GET", "POST"])
def citizen_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    citizen = access_citizen(request.user, pk, permission=Permission.EDIT_CITIZEN)
    initial = {name: getattr(citizen, name) for name in EDITABLE_FIELDS}
    initial["country_of_origin"] = citizen.country_of_origin.code
    initial["version"] = citizen.version
    form = CitizenEditForm(request.POST or None, initial=initial, user=request.user)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            citizen_update(
                actor=request.user,
                citizen=citizen,
                data=form.to_data(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            conflict = edit_conflict(form, error)
            citizen = error.current
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect("citizens:detail", pk=citizen.pk)
    record_citizen_read(request.user, citizen, purpose="Borgerens oplysninger åbnet til rettelse")
    return render(
        request,
        "citizens/form.html",
        {"form": form, "citizen": citizen, "creating": False, "conflict": conflict},
    )


@require_permission(Permission.VIEW_AGGREGATES)
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Counts per municipality: the facilitator's view, aggregates only."""
    if request.user.role != Role.FACILITATOR:
        raise Http404
    rows = unscoped_citizen_counts(Municipality.objects.filter(in_project=True))
    return render(request, "citizens/overview.html", {"rows": rows, "limit": SMALL_COUNT_LIMIT})
