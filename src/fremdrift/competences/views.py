"""The competence card: its page, the forms that add to it, and the employer reference.

Reading needs VIEW_CITIZEN; writing EDIT_CITIZEN or EDIT_PLACEMENT (competences.access).
Every page shows the citizen's data and records a read; a write records itself.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.citizens.access import access_citizen, read_citizen, record_citizen_read
from fremdrift.citizens.languages import CITIZEN_LANGUAGES
from fremdrift.competences.access import (
    access_competence,
    may_write,
    require_writer,
    write_permission,
)
from fremdrift.competences.forms import AssessmentForm, EntryForm
from fremdrift.competences.printing import print_language, render_reference_pdf
from fremdrift.competences.selectors import card_for, display_title
from fremdrift.competences.services import assessment_add, competence_add
from fremdrift.competences.vocabulary import LEVELLED
from fremdrift.core.downloads import pdf_attachment
from fremdrift.core.forms import service_errors

CARD_PURPOSE = "Opslag på borgerens kompetencekort"


def _posted(request: AuthenticatedHttpRequest) -> QueryDict | None:
    # Not `request.POST or None`: an empty POST must still bind the form and show its errors.
    return request.POST if request.method == "POST" else None


@require_permission(Permission.VIEW_CITIZEN)
@require_GET
def card(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    citizen = read_citizen(request.user, citizen_pk, purpose=CARD_PURPOSE)
    language = citizen.preferred_language or "da"
    context = {
        "citizen": citizen,
        "card": card_for(request.user, citizen),
        "may_write": may_write(request.user),
        "citizen_language": dict(CITIZEN_LANGUAGES).get(language, language),
    }
    return render(request, "competences/card.html", context)


@require_permission(Permission.VIEW_CITIZEN)
@require_http_methods(["GET", "POST"])
def entry_new(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    require_writer(request.user)
    citizen = access_citizen(request.user, citizen_pk, permission=write_permission(request.user))
    form = EntryForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            competence = competence_add(actor=request.user, citizen=citizen, data=form.entry())
        if not form.errors:
            messages.success(request, _("Kompetencen er tilføjet kortet."))
            return redirect(f"{_card_url(citizen.pk)}#kompetence-{competence.pk}")
    # The form, shown or shown again, is a page about the citizen: a read.
    record_citizen_read(request.user, citizen, purpose="Ny kompetence på kompetencekortet")
    context = {"form": form, "citizen": citizen, "title": _("Tilføj kompetence")}
    return render(request, "competences/form.html", context)


@require_permission(Permission.VIEW_CITIZEN)
@require_http_methods(["GET", "POST"])
def assess(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    competence = access_competence(request.user, pk)
    citizen = competence.citizen
    form = AssessmentForm(_posted(request), levelled=competence.kind in LEVELLED)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            assessment_add(actor=request.user, competence=competence, data=form.assessment())
        if not form.errors:
            messages.success(request, _("Vurderingen er gemt."))
            return redirect(f"{_card_url(citizen.pk)}#kompetence-{competence.pk}")
    record_citizen_read(
        request.user,
        citizen,
        purpose="Ny vurdering på kompetencekortet",
        details={"competence": competence.pk},
    )
    context = {
        "form": form,
        "citizen": citizen,
        "competence": competence,
        "competence_title": display_title(competence),
        "title": _("Ny vurdering"),
    }
    return render(request, "competences/form.html", context)


@require_permission(Permission.VIEW_CITIZEN)
@require_GET
def reference_pdf(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    citizen = access_citizen(request.user, citizen_pk)
    language = print_language(request.GET.get("sprog"), citizen)
    card_view = card_for(request.user, citizen)
    # The PDF holds the citizen's data and leaves the system: record it before handing it out.
    record_citizen_read(
        request.user,
        citizen,
        purpose="Udskrift af kompetencekort som reference (PDF)",
        details={"language": language},
    )
    pdf = render_reference_pdf(card=card_view, language=language)
    return pdf_attachment(pdf, f"reference-{language}.pdf")


def _card_url(citizen_pk: int) -> str:
    return reverse("competences:card", kwargs={"citizen_pk": citizen_pk})
