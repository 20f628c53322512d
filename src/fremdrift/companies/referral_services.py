"""Referrals to a company consultant (Lejre's visitation form): send, accept, return.

Each write is saved together with its audit entry on the citizen. Purposes are Danish as
written: the log is a record and must read the same in every interface language.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import F
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission, Role
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.citizens.models import Citizen
from fremdrift.companies.access import may_answer
from fremdrift.companies.models import Referral, ReferralReason, ReferralStatus
from fremdrift.core import clock

DETAILS_MAX_LENGTH = 4000


class ReferralOpen(Exception):
    """The citizen has an open referral already; `existing` is it (same municipality)."""

    def __init__(self, existing: Referral | None) -> None:
        super().__init__("the citizen has an open referral")
        self.existing = existing


def _open_referral(citizen: Citizen) -> Referral | None:
    return Referral.objects.filter(citizen=citizen, status=ReferralStatus.SENT).first()


def referral_create(
    *, actor: User, citizen: Citizen, consultant: User | None, reason: str, details: str
) -> Referral:
    """Refer `citizen` to `consultant`. Caseworkers and managers (they keep the case)."""
    require(actor, Permission.EDIT_CITIZEN, within=citizen)
    details = (details or "").strip()
    errors: dict[str, str] = {}
    if (
        consultant is None
        or consultant.role != Role.CONSULTANT
        or not consultant.is_active
        or consultant.municipality_id != actor.municipality_id
    ):
        errors["consultant"] = _("Vælg en aktiv virksomhedskonsulent i din egen kommune.")
    if reason not in ReferralReason.values:
        errors["reason"] = _("Vælg årsagen til henvisningen.")
    if not details:
        errors["details"] = _(
            "Beskriv borgerens kompetencer, ønsker og hensyn, så konsulenten kan finde det "
            "rette match."
        )
    elif len(details) > DETAILS_MAX_LENGTH:
        errors["details"] = _("Beskrivelsen må højst være %(max)s tegn.") % {
            "max": DETAILS_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    if existing := _open_referral(citizen):
        raise ReferralOpen(existing)
    try:
        with audited_atomic():
            referral = Referral.objects.create(
                municipality_id=citizen.municipality_id,
                citizen=citizen,
                referred_by=actor,
                consultant=consultant,
                reason=reason,
                details=details,
            )
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                purpose="Henvisning til virksomhedskonsulent sendt",
                municipality=citizen.municipality,
                citizen=citizen,
                details={"referral": referral.pk, "fields": ["consultant", "reason", "details"]},
            )
    except IntegrityError as exc:
        # A colleague referred the same citizen at the same moment (the partial unique index).
        raise ReferralOpen(_open_referral(citizen)) from exc
    return referral


def _check_may_answer(actor: User, referral: Referral) -> None:
    require(actor, Permission.VIEW_CITIZEN, within=referral)
    if not may_answer(actor, referral):
        raise PermissionDenied(f"{actor.username} may not answer referral {referral.pk}")


def _answer(*, actor: User, referral: Referral, status: str, note: str, purpose: str) -> None:
    """Move an open referral to `status`, or refuse one that was answered meanwhile."""
    updated = Referral.objects.filter(pk=referral.pk, status=ReferralStatus.SENT).update(
        status=status, response_note=note, responded_by=actor, responded_at=clock.now()
    )
    if updated == 0:
        raise ValidationError(_("Henvisningen er allerede besvaret."), code="answered")
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        purpose=purpose,
        municipality=referral.citizen.municipality,
        citizen=referral.citizen,
        details={"referral": referral.pk, "fields": ["status", "response_note"]},
    )


def referral_accept(*, actor: User, referral: Referral, note: str = "") -> Referral:
    """The consultant (or a manager) accepts: the citizen lands on the consultant's caseload.

    The citizen's consultant is set here with a one-field update rather than through
    `citizens.services.citizen_update`: consultants may not edit the citizen record (the role
    table keeps it with caseworkers), and accepting must not fail because a colleague
    changed, say, the citizen's language meanwhile. The update still bumps `version`, so
    an editor who loaded the citizen earlier gets an edit conflict instead of silently
    putting the old consultant back.
    """
    _check_may_answer(actor, referral)
    consultant = referral.consultant
    if (
        not consultant.is_active
        or consultant.role != Role.CONSULTANT
        or consultant.municipality_id != referral.municipality_id
    ):
        raise ValidationError(
            _("Konsulenten er ikke længere aktiv. Send henvisningen retur i stedet."),
            code="inactive",
        )
    with audited_atomic():
        _answer(
            actor=actor,
            referral=referral,
            status=ReferralStatus.ACCEPTED,
            note=(note or "").strip(),
            purpose="Henvisning til virksomhedskonsulent modtaget",
        )
        assigned = (
            Citizen.objects.filter(pk=referral.citizen_id, municipality_id=referral.municipality_id)
            .exclude(consultant_id=referral.consultant_id)
            .update(
                consultant_id=referral.consultant_id,
                version=F("version") + 1,
                updated_at=clock.now(),
            )
        )
        if assigned:
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                purpose="Virksomhedskonsulent tilknyttet efter modtaget henvisning",
                municipality=referral.citizen.municipality,
                citizen=referral.citizen,
                details={"referral": referral.pk, "fields": ["consultant"]},
            )
    referral.refresh_from_db()
    return referral


def referral_return(*, actor: User, referral: Referral, note: str) -> Referral:
    """Send the referral back to the caseworker, saying why (the note is required)."""
    _check_may_answer(actor, referral)
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {
                "note": _(
                    "Skriv hvorfor henvisningen sendes retur, så sagsbehandleren ved, hvad "
                    "der mangler."
                )
            }
        )
    with audited_atomic():
        _answer(
            actor=actor,
            referral=referral,
            status=ReferralStatus.RETURNED,
            note=note,
            purpose="Henvisning til virksomhedskonsulent sendt retur",
        )
    referral.refresh_from_db()
    return referral
