"""What erasing a citizen's personal data does, model by model: one rule each.

Erasure is anonymisation. The citizen's row stays, because periods, readings and the
figures' contributions point to it, and keeps exactly what the key figures read
(docs/figures.md): the gender, the birth month (a month's age is counted on its last day,
so the day of birth never changes a figure), whether the origin is non-western (objective
M1), and the caseworker (the team breakdown). Everything a person could be recognised by
goes: name, CPR number, contact and language, the country, every free text.

`RULES` names every model that holds personal data (accounts.scoping.PersonalData, and the
models hanging off one): tests/retention/test_rules.py fails when one has no rule, so a new
model cannot slip past the erasure.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fremdrift.activation.models import OrdinaryHours
from fremdrift.audit.models import AccessReportPdf
from fremdrift.citizens.models import Category, Citizen
from fremdrift.citizens.origin import (
    ANONYMISED_NON_WESTERN,
    UNKNOWN,
    OriginGroup,
    origin_group,
)
from fremdrift.companies.models import (
    AgreementSignature,
    FollowUp,
    FollowUpLink,
    Placement,
    Referral,
    WorkAgreement,
)
from fremdrift.companies.working_time import WEEKDAYS
from fremdrift.competences.models import Assessment, Competence
from fremdrift.conversations.models import Conversation, JournalEntry
from fremdrift.core import clock
from fremdrift.instruments.models import Response
from fremdrift.journey.models import Period, ProgrammeExtension
from fremdrift.plans.models import FollowUpNote, Plan, SubGoal

Ids = Sequence[int]


@dataclass(frozen=True)
class Rule:
    """What erasure removes from a model's rows about the citizens, and what stays (and why)."""

    removes: str
    keeps: str
    erase: Callable[[Ids], None] | None = None


def birth_month(born: dt.date) -> dt.date:
    """The first day of the birth month: the figures count age on a month's last day, where
    only the month matters. Born 29 February counts as 1 March (docs/figures.md), so it
    becomes 1 March and every figure stays the same."""
    if (born.month, born.day) == (2, 29):
        return dt.date(born.year, 3, 1)
    return born.replace(day=1)


def anonymous_origin(code: str) -> str:
    """The origin reduced to what objective M1 reads: non-western or not."""
    return ANONYMISED_NON_WESTERN if origin_group(code) == OriginGroup.NON_WESTERN else UNKNOWN


def unused_digest() -> str:
    # Not a hex HMAC (the prefix), so it can never equal a real CPR number's digest: the
    # number can be registered again if the person comes back.
    return "anon-" + secrets.token_hex(29)


def _citizens(ids: Ids) -> None:
    now = clock.now()
    rows = list(Citizen.objects.filter(pk__in=ids))
    for c in rows:
        c.first_name = c.last_name = c.external_id = c.cpr_encrypted = ""
        c.cpr_digest = unused_digest()
        c.birth_date = birth_month(c.birth_date)
        c.country_of_origin = anonymous_origin(str(c.country_of_origin))  # Country: its code
        c.category = Category.OTHER
        c.preferred_language = "da"
        c.interpreter_needed = False
        c.consultant = None
        c.version += 1
        c.anonymised_at = c.updated_at = now
    Citizen.objects.bulk_update(
        rows,
        [
            "first_name",
            "last_name",
            "external_id",
            "cpr_encrypted",
            "cpr_digest",
            "birth_date",
            "country_of_origin",
            "category",
            "preferred_language",
            "interpreter_needed",
            "consultant",
            "version",
            "anonymised_at",
            "updated_at",
        ],
        batch_size=500,
    )


def _periods(ids: Ids) -> None:
    Period.objects.filter(citizen_id__in=ids).update(reason="", external_id="", company=None)


def _ordinary_hours(ids: Ids) -> None:
    OrdinaryHours.objects.filter(citizen_id__in=ids).update(company=None)


def _extensions(ids: Ids) -> None:
    ProgrammeExtension.objects.filter(period__citizen_id__in=ids).update(reason="")


def _conversations(ids: Ids) -> None:
    Conversation.objects.filter(citizen_id__in=ids).update(participants="")


def _journal(ids: Ids) -> None:
    JournalEntry.objects.filter(citizen_id__in=ids).erase_texts()


def _plans(ids: Ids) -> None:
    Plan.objects.filter(citizen_id__in=ids).update(field="", note="")


def _sub_goals(ids: Ids) -> None:
    SubGoal.objects.filter(plan__citizen_id__in=ids).update(text="")


def _follow_ups(ids: Ids) -> None:
    FollowUpNote.objects.filter(sub_goal__plan__citizen_id__in=ids).update(text="")


def _referrals(ids: Ids) -> None:
    Referral.objects.filter(citizen_id__in=ids).update(details="", response_note="")


def _placements(ids: Ids) -> None:
    Placement.objects.filter(period__citizen_id__in=ids).update(tasks="", contact_person=None)


def _agreements(ids: Ids) -> None:
    WorkAgreement.objects.filter(placement__period__citizen_id__in=ids).update(
        sub_goals="", tasks="", **dict.fromkeys(WEEKDAYS, "")
    )


def _signatures(ids: Ids) -> None:
    AgreementSignature.objects.filter(agreement__placement__period__citizen_id__in=ids).update(
        signer_name=""
    )


def _competences(ids: Ids) -> None:
    # A follow-up competence is still known by its key; a title written by hand could name
    # a place or an employer.
    Competence.objects.filter(citizen_id__in=ids).update(title="", note="")


def _assessments(ids: Ids) -> None:
    Assessment.objects.filter(competence__citizen_id__in=ids).update(
        assessor_name="", note="", source=""
    )


def _placement_follow_ups(ids: Ids) -> None:
    FollowUp.objects.filter(placement__period__citizen_id__in=ids).update(next_focus="")


def _follow_up_links(ids: Ids) -> None:
    FollowUpLink.objects.filter(placement__period__citizen_id__in=ids).delete()


def _responses(ids: Ids) -> None:
    Response.objects.filter(citizen_id__in=ids).update(language="da")


def _access_reports(ids: Ids) -> None:
    AccessReportPdf.objects.filter(citizen_id__in=ids).delete()


RULES: dict[str, Rule] = {
    "citizens.Citizen": Rule(
        removes="name, CPR number (encrypted and digest), id in the former system, day of "
        "birth, country of origin, category, language, interpreter need, consultant",
        keeps="gender, birth month, whether the origin is non-western, caseworker (team): "
        "what the figures read; the takeover date, which the programme period's start "
        "repeats anyway",
        erase=_citizens,
    ),
    "journey.Period": Rule(
        removes="reason, id in the former system, the company (the citizen's workplace)",
        keeps="kind, type, dates, hours: what the figures are computed from",
        erase=_periods,
    ),
    "activation.OrdinaryHours": Rule(
        removes="the workplace (the company)",
        keeps="dates and hours: what the average activation hours are computed from",
        erase=_ordinary_hours,
    ),
    "journey.ProgrammeExtension": Rule(removes="reason", keeps="dates", erase=_extensions),
    "journey.Contract": Rule(removes="nothing (no free text)", keeps="dates"),
    "journey.CaseSnapshot": Rule(removes="nothing: derived from the periods", keeps="all"),
    "journey.CaseDeadline": Rule(removes="nothing: derived from the periods", keeps="all"),
    "results.BenefitSpell": Rule(
        removes="nothing: derived from the periods (start day and month interval)",
        keeps="all: the median benefit spell of finished months reads it",
    ),
    "conversations.Conversation": Rule(
        removes="participants", keeps="date, form, interpreter used", erase=_conversations
    ),
    "conversations.JournalEntry": Rule(
        removes="every text of the entry, the correction's reason",
        keeps="that the entry existed, who wrote and signed it, and when",
        erase=_journal,
    ),
    "plans.Plan": Rule(removes="field and note", keeps="end goal (job/education)", erase=_plans),
    "plans.SubGoal": Rule(removes="text", keeps="target date, status", erase=_sub_goals),
    "plans.FollowUpNote": Rule(removes="text", keeps="date", erase=_follow_ups),
    "companies.Referral": Rule(
        removes="competences, wishes and considerations (health), the answer",
        keeps="reason (a choice), status, dates",
        erase=_referrals,
    ),
    "companies.Company": Rule(
        removes="nothing here: its contact person is the company's, not the citizen's; the "
        "citizen's link to the company (the period) goes under journey.Period",
        keeps="the company",
    ),
    "companies.ContactPerson": Rule(
        removes="nothing here: the company's person, not the citizen's; the citizen's link "
        "to them (the placement) goes under companies.Placement",
        keeps="the contact person",
    ),
    "companies.CompanyCapacity": Rule(
        removes="nothing: the company's places per trade, about no person", keeps="all"
    ),
    "companies.Placement": Rule(
        removes="the agreed tasks (free text), the contact person (who the citizen worked "
        "with points to the workplace, like the period's company)",
        keeps="that there was a placement, and its consultant (staff, like the caseworker)",
        erase=_placements,
    ),
    "companies.WorkAgreement": Rule(
        removes="the sub-goals, work tasks and working time per weekday (free text)",
        keeps="that there was an agreement, its versions, hours, wage point and dates",
        erase=_agreements,
    ),
    "companies.FollowUp": Rule(
        removes="what should be worked on next (free text)",
        keeps="that a follow-up was held, by whom (the contact person points to the "
        "workplace), and its scores as anonymous readings",
        erase=_placement_follow_ups,
    ),
    "companies.FollowUpLink": Rule(
        removes="the whole link, so a token still out there opens nothing (404)",
        keeps="nothing: the audit log records that each link was sent, opened and used",
        erase=_follow_up_links,
    ),
    "companies.AgreementFollowUp": Rule(
        removes="nothing (a date, no free text)",
        keeps="the agreed follow-up dates: the share followed up on time is read from them",
    ),
    "companies.AgreementSignature": Rule(
        removes="the signers' names (the citizen's own, and the people who signed with them)",
        keeps="which parties signed, the day, and who recorded it (staff)",
        erase=_signatures,
    ),
    "competences.Competence": Rule(
        removes="the title and the note (free text)",
        keeps="the kind, the follow-up competence's key, origin, years and latest level: "
        "facts, no text",
        erase=_competences,
    ),
    "competences.Assessment": Rule(
        removes="who assessed (the name), the note and the source (free text)",
        keeps="the level, the assessor's role, the date and who recorded it (staff)",
        erase=_assessments,
    ),
    "instruments.Response": Rule(
        removes="the language it was answered in",
        keeps="the reading: instrument, version, respondent, date",
        erase=_responses,
    ),
    "instruments.Answer": Rule(
        removes="nothing (no free text: a point on the scale or a special answer)",
        keeps="the answers, as anonymous readings",
    ),
    "audit.AuditEntry": Rule(
        removes="nothing: the log is append-only and hash-chained",
        keeps="who, when, action, purpose: the product's own purposes and details hold no "
        "free text about the citizen (docs/operations.md: the CPR reveal's purpose)",
    ),
    "audit.AuditAppearance": Rule(
        removes="nothing: which list entry showed the citizen, as the entry's details say",
        keeps="all: the citizen's access report reads it",
    ),
    "audit.AccessReportPdf": Rule(
        removes="the whole report: a copy of the log with the citizen's name, made to be "
        "downloaded",
        keeps="nothing (the log itself records that it was asked for and downloaded)",
        erase=_access_reports,
    ),
    "caseimport.QueuedImport": Rule(
        removes="nothing per citizen: the files are deleted as soon as the import has run",
        keeps="nothing",
    ),
}


def erase_personal_data(citizen_ids: Ids) -> None:
    """Apply every rule to the citizens. The caller holds the transaction, the audit entry
    and the lock on the citizens' rows; nothing here reads or writes a figure."""
    for rule in RULES.values():
        if rule.erase is not None:
            rule.erase(citizen_ids)
