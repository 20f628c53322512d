"""The consultant's side of follow-ups: sending the contact person a link, and filling in
the follow-up at a meeting."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.citizens.access import record_citizen_read
from fremdrift.companies.access import access_placement
from fremdrift.companies.follow_up_services import (
    CONSULTANT,
    NEXT_FOCUS_MAX_LENGTH,
    NoInstrument,
    consultant_follow_up,
    follow_up_version,
    link_create,
)
from fremdrift.core import clock
from fremdrift.core.forms import DateInput, DkfdsFormMixin
from fremdrift.progression.presentation import item_views

EDIT = Permission.EDIT_PLACEMENT


@require_permission(EDIT)
@require_POST
def follow_up_link_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Make a link and show it this once: only its hash is kept."""
    period = access_placement(request.user, pk, EDIT)
    try:
        link, token = link_create(actor=request.user, period=period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("companies:placement", pk=period.pk)
    url = request.build_absolute_uri(reverse("follow_up:form", kwargs={"token": token}))
    contact = link.contact_person
    subject = _("Opfølgning på praktikforløb i %(company)s") % {"company": period.company.name}  # type: ignore[union-attr]
    body = _(
        "Hej %(name)s\n\nHer er linket til opfølgningen på %(first_name)s' forløb hos jer. "
        "Det tager få minutter og kan bruges én gang, senest %(date)s:\n\n%(url)s\n\n"
        "På forhånd tak."
    ) % {
        "name": contact.name,
        "first_name": period.citizen.first_name,
        "date": link.expires_at.strftime("%d.%m.%Y"),
        "url": url,
    }
    mailto = (
        f"mailto:{quote(contact.email)}?subject={quote(subject)}&body={quote(body)}"
        if contact.email
        else ""
    )
    context = {"period": period, "link": link, "url": url, "mailto": mailto, "contact": contact}
    response = render(request, "companies/follow_up_link_created.html", context)
    response["Cache-Control"] = "no-store"
    return response


class ConsultantFollowUpForm(DkfdsFormMixin, forms.Form):
    taken_on = forms.DateField(
        label=gettext_lazy("Dato for opfølgningen"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Skriv datoen for opfølgningen."),
            "invalid": gettext_lazy("Datoen for opfølgningen er ikke en gyldig dato."),
        },
    )
    next_focus = forms.CharField(
        label=gettext_lazy("Hvad skal der arbejdes med frem til næste opfølgning?"),
        max_length=NEXT_FOCUS_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def follow_up_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The consultant's own follow-up at a meeting: the same instrument, the consultant
    answering."""
    period = access_placement(request.user, pk, EDIT)
    try:
        version = follow_up_version(period.municipality)
    except NoInstrument:
        messages.error(request, _("Opfølgningsskemaet er ikke lagt ind endnu."))
        return redirect("companies:placement", pk=period.pk)
    language = version.language_or_danish(getattr(request, "LANGUAGE_CODE", "da"))
    form = ConsultantFollowUpForm(request.POST or None, initial={"taken_on": clock.today()})
    keys = [item["key"] for item in version.items_for(CONSULTANT)]
    answers = {key: request.POST.get(key, "")[:20] for key in keys} if request.POST else {}
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        try:
            consultant_follow_up(
                actor=request.user,
                period=period,
                answers=answers,
                next_focus=form.cleaned_data["next_focus"],
                taken_on=form.cleaned_data["taken_on"],
                language=language,
            )
        except ValidationError as error:
            errors = _place_errors(form, error, keys)
        else:
            messages.success(request, _("Opfølgningen er gemt."))
            return redirect("companies:placement", pk=period.pk)
    record_citizen_read(
        request.user,
        period.citizen,
        purpose="Opfølgning på praktikforløb i virksomhed",
        details={"period": period.pk},
    )
    context = {
        "period": period,
        "form": form,
        "items": item_views(version, CONSULTANT, language, answers=answers, errors=errors),
        "has_errors": bool(errors) or bool(form.errors),
    }
    return render(request, "companies/follow_up_form.html", context)


def _place_errors(
    form: forms.Form, error: ValidationError, keys: list[str]
) -> dict[str, list[str]]:
    """The items' errors for the scales; the rest onto the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return {}
    item_errors = {}
    for field, field_messages in error.message_dict.items():
        if field in keys:
            item_errors[field] = field_messages
        else:
            form.add_error(field if field in form.fields else None, field_messages)
    return item_errors
