"""Self-evaluation pages: rounds, answering anonymously, the comparison, PDF and presentation.

Thin: the rounds are reached through toolbox.access, answers written by
selfeval.services, the comparison read by selfeval.selectors.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest, municipality_of
from fremdrift.accounts.roles import Permission
from fremdrift.core import clock
from fremdrift.core.downloads import pdf_attachment
from fremdrift.core.forms import refusal_as_message, service_errors
from fremdrift.core.pdf import render_pdf
from fremdrift.instruments.response_services import current_version
from fremdrift.toolbox.access import access_document
from fremdrift.toolbox.models import EvaluationGroup, SelfEvaluationRound
from fremdrift.toolbox.presentation import Section, present
from fremdrift.toolbox.revisions import history
from fremdrift.toolbox.selfeval.comparison import MIN_RESPONDENTS, USE
from fremdrift.toolbox.selfeval.forms import AnswerForm, RoundForm
from fremdrift.toolbox.selfeval.selectors import (
    answered_round_ids,
    has_answered,
    latest_round_before,
    round_chart,
    round_report,
    round_rows,
)
from fremdrift.toolbox.selfeval.services import answer_submit, group_for, round_close, round_open

VIEW = Permission.VIEW_TOOLBOX
MANAGE = Permission.MANAGE_TOOLBOX


def _language(evaluation: SelfEvaluationRound) -> str:
    return evaluation.version.language_or_danish(translation.get_language())


def _group_label(user) -> str:
    group = group_for(user)
    return str(EvaluationGroup(group).label) if group else ""


@require_permission(VIEW)
@require_GET
def selfeval_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "toolbox/selfeval/list.html",
        {
            "rounds": round_rows(user),
            "answered": answered_round_ids(user),
            "can_manage": user.can(MANAGE),
            "group_label": _group_label(user),
            "threshold": MIN_RESPONDENTS,
        },
    )


@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def selfeval_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            evaluation = round_open(actor=user, title=form.cleaned_data["title"])
        if not form.errors:
            messages.success(request, _("Runden er åbnet. Nu kan ledere og medarbejdere svare."))
            return redirect("toolbox:selfeval_detail", pk=evaluation.pk)
    context = {
        "form": form,
        "version": current_version(municipality_of(user), USE),
        "previous": latest_round_before(user.municipality_id, clock.today()),
    }
    return render(
        request, "toolbox/selfeval/create.html", context, status=400 if form.errors else 200
    )


@require_permission(VIEW)
@require_http_methods(["GET", "POST"])
def selfeval_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    evaluation = access_document(user, SelfEvaluationRound, pk)
    refused = ""
    if not evaluation.is_open:
        refused = _("Runden er lukket, så der kan ikke længere svares.")
    elif has_answered(user, evaluation):
        refused = _(
            "Du har allerede svaret på denne runde. Man kan kun svare én gang, og svaret kan "
            "ikke ændres, fordi det ikke er knyttet til dit navn."
        )
    context = {
        "evaluation": evaluation,
        "group_label": _group_label(user),
        "role_label": user.get_role_display(),
        "threshold": MIN_RESPONDENTS,
    }
    if refused:
        context["refused"] = refused
        status = 400 if request.method == "POST" else 200
        return render(request, "toolbox/selfeval/answer_refused.html", context, status=status)
    language = _language(evaluation)
    form = AnswerForm(request.POST or None, version=evaluation.version, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            answer_submit(actor=user, evaluation=evaluation, answers=form.answers())
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for key, errors in error.error_dict.items():
                    form.add_error(key if key in form.fields else None, errors)
            else:
                context["refused"] = " ".join(error.messages)
                return render(request, "toolbox/selfeval/answer_refused.html", context, status=400)
        else:
            messages.success(
                request,
                _("Tak for dine svar. De er gemt uden dit navn og kan ikke ændres."),
            )
            return redirect("toolbox:selfeval_detail", pk=evaluation.pk)
    context.update(
        {
            "form": form,
            "sections": form.sections(),
            "error_list": form.error_list(),
            "options": form.options,
        }
    )
    return render(
        request, "toolbox/selfeval/answer.html", context, status=400 if form.errors else 200
    )


def _report_context(evaluation: SelfEvaluationRound, language: str) -> dict[str, object]:
    report = round_report(evaluation, language)
    return {
        "evaluation": evaluation,
        "report": report,
        "comparison": report.comparison,
        "chart": round_chart(report),
        "threshold": MIN_RESPONDENTS,
    }


@require_permission(VIEW)
@require_GET
def selfeval_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    evaluation = access_document(user, SelfEvaluationRound, pk)
    context = _report_context(evaluation, _language(evaluation))
    answered = has_answered(user, evaluation)
    context.update(
        {
            "can_manage": user.can(MANAGE),
            "answered": answered,
            "can_answer": evaluation.is_open and not answered and group_for(user) is not None,
            "history": history(evaluation),
        }
    )
    return render(request, "toolbox/selfeval/detail.html", context)


@require_permission(MANAGE)
@require_POST
def selfeval_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = access_document(request.user, SelfEvaluationRound, pk, MANAGE)
    with refusal_as_message(request) as refusal:
        round_close(actor=request.user, evaluation=evaluation)
    if not refusal.refused:
        messages.success(request, _("Runden er lukket, og resultaterne kan ses."))
    return redirect("toolbox:selfeval_detail", pk=evaluation.pk)


@require_permission(VIEW)
@require_GET
def selfeval_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = access_document(request.user, SelfEvaluationRound, pk)
    # The printout is Danish whatever the page's language: the chart and every other text
    # built before rendering must be made in Danish too, not only the template.
    with translation.override("da"):
        context = _report_context(evaluation, "da")
        context["printed_on"] = clock.today()
        pdf = render_pdf("toolbox/selfeval/pdf.html", context)
    return pdf_attachment(pdf, f"selvevaluering-{evaluation.pk}.pdf")


@require_permission(VIEW)
@require_GET
def selfeval_present(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = access_document(request.user, SelfEvaluationRound, pk)
    context = _report_context(evaluation, _language(evaluation))
    comparison = context["comparison"]
    sections = [Section(_("Overblik"), "toolbox/selfeval/present_overview.html", context)]
    if comparison is not None:
        for theme in comparison.themes:
            sections.append(
                Section(
                    theme.title,
                    "toolbox/selfeval/present_theme.html",
                    {**context, "theme": theme},
                )
            )
        if context["report"].changes:
            sections.append(
                Section(_("Siden sidste runde"), "toolbox/selfeval/present_changes.html", context)
            )
    return present(
        request,
        document_title=evaluation.title,
        back_url=reverse("toolbox:selfeval_detail", kwargs={"pk": evaluation.pk}),
        sections=sections,
    )
