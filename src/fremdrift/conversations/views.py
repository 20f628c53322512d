"""Conversation and journal pages. Each one reaches its rows through the scoped accessors,
and every page that shows a citizen's data records the read in the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest, municipality_id_of
from fremdrift.accounts.roles import Permission
from fremdrift.citizens.access import access_citizen, read_citizen
from fremdrift.conversations.access import (
    READ_PURPOSE,
    access_conversation,
    access_entry,
    read_conversation,
    record_read,
)
from fremdrift.conversations.forms import (
    SECTION_PREFIX,
    SIGN_ACTION,
    CorrectionForm,
    DraftEditForm,
    RecordForm,
    TemplateForm,
)
from fremdrift.conversations.models import (
    ConversationForm,
    EntryAlreadyCorrected,
    EntryIsSigned,
    JournalEntry,
    JournalStateError,
)
from fremdrift.conversations.sections import (
    Section,
    active_template,
    section_lines,
    template_sections,
    template_version,
)
from fremdrift.conversations.selectors import (
    conversation_entries,
    conversations_for_citizen,
    is_corrected,
    number_in_year,
)
from fremdrift.conversations.services import (
    conversation_record,
    journal_entry_correct,
    journal_entry_sign,
    journal_entry_update,
    journal_template_reset,
    journal_template_save,
)
from fremdrift.core import clock
from fremdrift.core.forms import service_errors
from fremdrift.core.versioning import EditConflict, edit_conflict
from fremdrift.progression.sections import conversation_section

EDIT = Permission.EDIT_CITIZEN


@require_permission(Permission.VIEW_CITIZEN)
def conversation_list(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    citizen = read_citizen(request.user, citizen_pk, purpose=READ_PURPOSE)
    conversations = conversations_for_citizen(request.user, citizen)
    context = {"citizen": citizen, "conversations": conversations}
    return render(request, "conversations/list.html", context)


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def conversation_new(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    citizen = access_citizen(request.user, citizen_pk, permission=EDIT)
    form = RecordForm(
        request.POST or None,
        sections=template_sections(citizen.municipality_id),
        initial={
            "held_on": clock.today(),
            "form": ConversationForm.IN_PERSON,
            "interpreter_used": citizen.interpreter_needed,
        },
    )
    if request.method == "POST" and form.is_valid():
        signing = request.POST.get("handling") == SIGN_ACTION
        with service_errors(form):
            conversation = conversation_record(
                actor=request.user,
                citizen=citizen,
                sections=form.texts(),
                sign=signing,
                **vars(form.details()),
            )
        if not form.errors:
            messages.success(
                request,
                _("Samtalen er registreret, og notatet er underskrevet.")
                if signing
                else _("Samtalen er registreret. Notatet er gemt som kladde."),
            )
            return redirect("conversations:detail", pk=conversation.pk)
    record_read(request.user, citizen)
    return render(request, "conversations/form.html", {"citizen": citizen, "form": form})


@require_permission(Permission.VIEW_CITIZEN)
def conversation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation = read_conversation(request.user, pk)
    return render(
        request,
        "conversations/detail.html",
        {
            "conversation": conversation,
            "citizen": conversation.citizen,
            "entries": conversation_entries(conversation),
            "number_in_year": number_in_year(conversation),
            "progression": conversation_section(request.user, conversation),
        },
    )


def _entry_help(entry: JournalEntry) -> list[Section]:
    """The entry's own titles, with today's help texts where the section still exists."""
    help_by_key = {s["key"]: s["help"] for s in template_sections(entry.municipality_id)}
    return [
        Section(key=s["key"], title=s["title"], help=help_by_key.get(s["key"], ""))
        for s in entry.sections
    ]


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def entry_edit(request: AuthenticatedHttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    conversation = access_conversation(request.user, pk, permission=EDIT)
    entry = access_entry(request.user, conversation, entry_pk, permission=EDIT)
    if entry.is_signed:
        messages.info(request, str(EntryIsSigned.message))
        return redirect("conversations:detail", pk=conversation.pk)
    form = DraftEditForm(
        request.POST or None,
        sections=_entry_help(entry),
        texts={s["key"]: s["text"] for s in entry.sections},
        initial={
            "held_on": conversation.held_on,
            "form": conversation.form,
            "interpreter_used": conversation.interpreter_used,
            "participants": conversation.participants,
            "version": entry.version,
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        signing = request.POST.get("handling") == SIGN_ACTION
        try:
            journal_entry_update(
                actor=request.user,
                entry=entry,
                sections=form.texts(),
                details=form.details(),
                sign=signing,
                expected_version=form.expected_version,
            )
        except JournalStateError as error:
            messages.error(request, str(error))
            return redirect("conversations:detail", pk=conversation.pk)
        except EditConflict as error:
            conflict = edit_conflict(form, error, _saved_draft(error.current))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Notatet er underskrevet.") if signing else _("Kladden er gemt.")
            )
            return redirect("conversations:detail", pk=conversation.pk)
    record_read(request.user, conversation.citizen)
    context = {
        "citizen": conversation.citizen,
        "form": form,
        "conversation": conversation,
        "conflict": conflict,
    }
    return render(request, "conversations/form.html", context)


def _saved_draft(entry: JournalEntry) -> dict[str, object]:
    """The saved draft by the edit form's field names, to compare with what was typed."""
    conversation = entry.conversation
    saved: dict[str, object] = {SECTION_PREFIX + s["key"]: s["text"] for s in entry.sections}
    saved |= {
        "held_on": conversation.held_on,
        "form": conversation.form,
        "interpreter_used": conversation.interpreter_used,
        "participants": conversation.participants,
    }
    return saved


@require_permission(EDIT)
@require_POST
def entry_sign(request: AuthenticatedHttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    conversation = access_conversation(request.user, pk, permission=EDIT)
    entry = access_entry(request.user, conversation, entry_pk, permission=EDIT)
    try:
        journal_entry_sign(actor=request.user, entry=entry)
    except JournalStateError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("conversations:edit_entry", pk=conversation.pk, entry_pk=entry.pk)
    else:
        messages.success(request, _("Notatet er underskrevet."))
    return redirect("conversations:detail", pk=conversation.pk)


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def entry_correct(request: AuthenticatedHttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    conversation = access_conversation(request.user, pk, permission=EDIT)
    entry = access_entry(request.user, conversation, entry_pk, permission=EDIT)
    if not entry.is_signed:
        return redirect("conversations:edit_entry", pk=conversation.pk, entry_pk=entry.pk)
    if is_corrected(entry):
        messages.info(request, str(EntryAlreadyCorrected.message))
        return redirect("conversations:detail", pk=conversation.pk)
    form = CorrectionForm(
        request.POST or None,
        sections=_entry_help(entry),
        texts={s["key"]: s["text"] for s in entry.sections},
    )
    if request.method == "POST" and form.is_valid():
        try:
            journal_entry_correct(
                actor=request.user,
                entry=entry,
                sections=form.texts(),
                reason=form.cleaned_data["reason"],
            )
        except JournalStateError as error:
            messages.error(request, str(error))
            return redirect("conversations:detail", pk=conversation.pk)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Rettelsen er gemt og underskrevet."))
            return redirect("conversations:detail", pk=conversation.pk)
    record_read(request.user, conversation.citizen)
    context = {
        "citizen": conversation.citizen,
        "form": form,
        "conversation": conversation,
        "entry": entry,
        "correcting": True,
    }
    return render(request, "conversations/form.html", context)


RESET_ACTION = "standard"


@require_permission(Permission.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def template_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The municipality's journal template: no citizen data here, so no read to record."""
    municipality_id = municipality_id_of(request.user)
    current = template_sections(municipality_id)
    form = TemplateForm(
        request.POST or None,
        current=current,
        initial={"sections": section_lines(current), "version": template_version(municipality_id)},
    )
    if request.method == "POST" and request.POST.get("handling") == RESET_ACTION:
        journal_template_reset(actor=request.user)
        messages.success(request, _("Kommunen bruger nu Fremdrifts standardskabelon."))
        return redirect("conversations:template")
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            journal_template_save(
                actor=request.user, sections=form.parsed(), expected_version=form.expected_version
            )
        except EditConflict as error:
            conflict = edit_conflict(form, error, {"sections": section_lines(current)})
        except ValidationError as error:
            form.add_error("sections", error.message_dict.get("sections", error.messages))
        else:
            messages.success(
                request, _("Skabelonen er gemt. Den gælder for nye notater fra nu af.")
            )
            return redirect("conversations:template")
    context = {
        "form": form,
        "sections": current,
        "own_template": active_template(municipality_id) is not None,
        "conflict": conflict,
    }
    return render(request, "conversations/template.html", context)
