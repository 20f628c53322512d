"""Knowledge and reflection: the focus points, their questions and the team's dated notes,
as a page, a presentation and a Danish PDF.

Thin: the notes are read and written by services.reflection; a note outside the user's
municipality, or one the user may not change, answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.core import clock
from fremdrift.core.downloads import pdf_attachment
from fremdrift.core.pdf import render_pdf
from fremdrift.core.versioning import EditConflict, edit_conflict
from fremdrift.toolbox.presentation import Section, present
from fremdrift.toolbox.reflection.forms import NoteEditForm, NoteForm
from fremdrift.toolbox.reflection.knowledge import focus_point, question_of
from fremdrift.toolbox.reflection.services import (
    access_note,
    can_change_note,
    knowledge_notes,
    note_add,
    note_delete,
    note_update,
)
from fremdrift.toolbox.revisions import history

VIEW = Permission.VIEW_TOOLBOX
# How many of a question's notes the presentation shows (the newest).
PRESENT_NOTES = 3


def _knowledge_url(anchor: str = "") -> str:
    url = reverse("toolbox:knowledge")
    return f"{url}#{anchor}" if anchor else url


@require_permission(VIEW)
@require_http_methods(["GET", "POST"])
def knowledge(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    posted_point = request.POST.get("fokuspunkt", "")
    posted_question = request.POST.get("spoergsmaal", "")
    points = knowledge_notes(user)
    bound = None
    if request.method == "POST":
        if question_of(posted_point, posted_question) is None:
            messages.error(request, _("Spørgsmålet findes ikke. Vælg et spørgsmål på siden."))
            return redirect("toolbox:knowledge")
        anchor = f"{posted_point}-{posted_question}"
        bound = NoteForm(request.POST, prefix=anchor)
        if bound.is_valid():
            note_add(
                actor=user,
                focus_point=posted_point,
                question=posted_question,
                text=bound.cleaned_data["text"],
                written_on=bound.cleaned_data["written_on"],
            )
            messages.success(request, _("Noten er gemt."))
            return redirect(_knowledge_url(anchor))
    for point in points:
        for question in point.questions:
            if bound is not None and question.anchor == bound.prefix:
                question.form = bound
            else:
                question.form = NoteForm(prefix=question.anchor)
            question.changeable = {n.pk for n in question.notes if can_change_note(user, n)}
    return render(
        request,
        "toolbox/knowledge/knowledge.html",
        {"points": points, "error_anchor": bound.prefix if bound is not None else ""},
        status=400 if bound is not None and bound.errors else 200,
    )


@require_permission(VIEW)
@require_GET
def knowledge_present(request: AuthenticatedHttpRequest) -> HttpResponse:
    sections = [
        Section(
            str(point.point.title),
            "toolbox/knowledge/present_point.html",
            {"point": point, "shown": PRESENT_NOTES},
        )
        for point in knowledge_notes(request.user)
    ]
    return present(
        request,
        document_title=_("Viden og refleksion"),
        back_url=reverse("toolbox:knowledge"),
        sections=sections,
    )


@require_permission(VIEW)
@require_GET
def knowledge_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every focus point with its explanation and questions, and the team's dated notes."""
    user = request.user
    with translation.override("da"):
        context: dict[str, object] = {
            "points": knowledge_notes(user),
            "municipality": user.municipality,
            "printed_on": clock.today(),
        }
        pdf = render_pdf("toolbox/knowledge/pdf.html", context)
    return pdf_attachment(pdf, "viden-og-refleksion.pdf")


def _note_context(note) -> dict[str, object]:
    point = focus_point(note.focus_point)
    return {
        "note": note,
        "point": point,
        "question": question_of(note.focus_point, note.question),
        "anchor": f"{note.focus_point}-{note.question}",
    }


@require_permission(VIEW)
@require_http_methods(["GET", "POST"])
def reflection_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    note = access_note(request.user, pk, change=True)
    form = NoteEditForm(request.POST or None, instance=note, initial={"version": note.version})
    context = _note_context(note)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            changed = note_update(
                actor=request.user,
                note=note,
                text=form.cleaned_data["text"],
                written_on=form.cleaned_data["written_on"],
                expected_version=form.expected_version,
            )
        except EditConflict as error:
            conflict = edit_conflict(form, error)
        else:
            if changed:
                messages.success(request, _("Noten er rettet."))
            else:
                messages.info(request, _("Noten er uændret, så der er ikke gemt noget."))
            return redirect(_knowledge_url(context["anchor"]))  # type: ignore[arg-type]
    context.update({"form": form, "history": history(note), "conflict": conflict})
    return render(
        request, "toolbox/knowledge/edit.html", context, status=400 if form.errors else 200
    )


@require_permission(VIEW)
@require_http_methods(["GET", "POST"])
def reflection_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    note = access_note(request.user, pk, change=True)
    context = _note_context(note)
    if request.method == "POST":
        note_delete(actor=request.user, note=note)
        messages.success(request, _("Noten er slettet."))
        return redirect(_knowledge_url(context["anchor"]))  # type: ignore[arg-type]
    return render(request, "toolbox/knowledge/delete.html", context)
