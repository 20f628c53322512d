"""Writes to the work agreement (arbejdsaftale): the draft, its signatures, a new version.

A draft is edited with optimistic locking (core.versioning); a signature claims the version
too, so nobody signs content that changed after they loaded it. When employer, citizen and
job adviser have all signed, the version is SIGNED and never changes again: a change is a new
draft version that points to the signed one (`previous`). Every write is audited for the
citizen inside `audited_atomic()`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.companies.models import (
    AgreementFollowUp,
    AgreementParty,
    AgreementSignature,
    AgreementStatus,
    Placement,
    WorkAgreement,
)
from fremdrift.companies.placement_services import NotAPlacement, is_placement
from fremdrift.companies.working_time import WEEKDAYS
from fremdrift.core import clock
from fremdrift.core.changes import following
from fremdrift.core.versioning import claim_version
from fremdrift.journey.models import Period

TEXT_MAX_LENGTH = 4000
PAID_HOURS_MAX = Decimal(37)
SCORE_MIN, SCORE_MAX = Decimal(1), Decimal(5)


@dataclasses.dataclass(frozen=True)
class AgreementData:
    """The agreed content of one version (the form has parsed and normalised it)."""

    paid_hours_goal: Decimal | None = None
    paid_hours_by: dt.date | None = None
    sub_goals: str = ""
    tasks: str = ""
    hours_monday: str = ""
    hours_tuesday: str = ""
    hours_wednesday: str = ""
    hours_thursday: str = ""
    hours_friday: str = ""
    hours_saturday: str = ""
    hours_sunday: str = ""
    wage_point_score: Decimal | None = None
    wage_point_hours: Decimal | None = None
    follow_up_dates: tuple[dt.date, ...] = ()


# The columns a new version copies (the follow-up dates are rows of their own).
CONTENT_FIELDS = tuple(
    field.name for field in dataclasses.fields(AgreementData) if field.name != "follow_up_dates"
)
assert set(WEEKDAYS) <= set(CONTENT_FIELDS)


class AgreementSigned(ValidationError):
    """The version is signed and read-only: a change must be a new version."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Arbejdsaftalen er underskrevet og kan ikke ændres. Lav en ny version, hvis "
                "der skal ændres noget."
            )
        )


def _clean_goal(period: Period, data: AgreementData, errors: dict[str, list[str]]) -> None:
    goal = data.paid_hours_goal
    if goal is None:
        errors["paid_hours_goal"] = [_("Skriv målet for ordinære timer pr. uge.")]
    elif not 0 < goal <= PAID_HOURS_MAX:
        errors["paid_hours_goal"] = [_("Målet for ordinære timer skal være over 0 og højst 37.")]
    if data.paid_hours_by is None:
        errors["paid_hours_by"] = [_("Skriv, hvornår målet for ordinære timer skal være nået.")]
    elif data.paid_hours_by < period.start:
        errors["paid_hours_by"] = [
            _("Datoen for målet kan ikke ligge før forløbet starter (%(start)s).")
            % {"start": period.start.strftime("%d.%m.%Y")}
        ]


def _clean_wage_point(data: AgreementData, errors: dict[str, list[str]]) -> None:
    score, hours = data.wage_point_score, data.wage_point_hours
    if score is not None and not SCORE_MIN <= score <= SCORE_MAX:
        errors["wage_point_score"] = [_("Lønpointets score skal være mellem 1 og 5.")]
    if hours is not None and not 0 < hours <= PAID_HOURS_MAX:
        errors["wage_point_hours"] = [_("Lønpointets timer skal være over 0 og højst 37.")]


def _clean_follow_ups(period: Period, data: AgreementData, errors: dict[str, list[str]]) -> None:
    dates = data.follow_up_dates
    if not dates:
        errors["follow_up_dates"] = [_("Skriv mindst én opfølgningsdato.")]
        return
    end = period.end or period.planned_end
    outside = [d for d in dates if d < period.start or (end is not None and d > end)]
    if outside:
        errors["follow_up_dates"] = [
            _("%(date)s ligger uden for forløbet. Opfølgningerne skal ligge i forløbets periode.")
            % {"date": outside[0].strftime("%d.%m.%Y")}
        ]


def clean_agreement(period: Period, data: AgreementData) -> dict[str, object]:
    """The values to save, or ValidationError with a Danish message per field."""
    errors: dict[str, list[str]] = {}
    _clean_goal(period, data, errors)
    _clean_wage_point(data, errors)
    _clean_follow_ups(period, data, errors)
    values: dict[str, object] = {name: getattr(data, name) for name in CONTENT_FIELDS}
    for name in ("sub_goals", "tasks"):
        text = str(values[name]).replace("\r\n", "\n").strip()
        if len(text) > TEXT_MAX_LENGTH:
            errors[name] = [_("Skriv højst %(max)s tegn.") % {"max": TEXT_MAX_LENGTH}]
        values[name] = text
    if errors:
        raise ValidationError(errors)
    return values


def _audit(
    actor: User, agreement: WorkAgreement, action: Action, purpose: str, **details: object
) -> None:
    period = agreement.placement.period
    audit_record(
        actor=actor,
        action=action,
        purpose=purpose,
        municipality=period.municipality,
        citizen=period.citizen,
        details={"period": period.pk, "agreement": agreement.pk, **details},
    )


def _set_follow_ups(agreement: WorkAgreement, dates: tuple[dt.date, ...]) -> None:
    agreement.follow_up_dates.all().delete()
    AgreementFollowUp.objects.bulk_create(
        AgreementFollowUp(municipality_id=agreement.municipality_id, agreement=agreement, date=d)
        for d in sorted(set(dates))
    )


def agreement_create(*, actor: User, period: Period, data: AgreementData) -> WorkAgreement:
    """The placement's first agreement, a draft (version 1). Creates the placement row if the
    placement was never saved, as its edit does. A second first draft is refused."""
    require(actor, Permission.EDIT_PLACEMENT, within=period)
    if not is_placement(period):
        raise NotAPlacement(period.pk)
    values = clean_agreement(period, data)
    with audited_atomic(), following(period.citizen_id):
        placement, _created = Placement.objects.get_or_create(
            period=period, defaults={"municipality_id": period.municipality_id}
        )
        if WorkAgreement.objects.filter(placement=placement).exists():
            raise ValidationError(
                _("Forløbet har allerede en arbejdsaftale. Ret den i stedet for at skrive en ny.")
            )
        agreement = WorkAgreement.objects.create(
            municipality_id=period.municipality_id,
            placement=placement,
            created_by=actor,
            **values,
        )
        _set_follow_ups(agreement, data.follow_up_dates)
        _audit(actor, agreement, Action.CREATE, "Arbejdsaftale for praktikforløb", number=1)
    return agreement


def agreement_update(
    *, actor: User, agreement: WorkAgreement, data: AgreementData, expected_version: int
) -> WorkAgreement:
    """Save a draft's content unless someone saved or signed it since `expected_version`.

    Signatures already recorded on the draft are removed: they were given to other content.
    """
    require(actor, Permission.EDIT_PLACEMENT, within=agreement)
    if agreement.is_signed:
        raise AgreementSigned
    values = clean_agreement(agreement.placement.period, data)
    with audited_atomic(), following(agreement.placement.period.citizen_id):
        claim_version(agreement, expected_version)
        current = WorkAgreement.objects.select_for_update().get(pk=agreement.pk)
        if current.is_signed:
            raise AgreementSigned
        changed = [name for name, value in values.items() if getattr(current, name) != value]
        for name, value in values.items():
            setattr(agreement, name, value)
        agreement.save(update_fields=list(values))
        dates_before = list(agreement.follow_up_dates.values_list("date", flat=True))
        if dates_before != sorted(set(data.follow_up_dates)):
            changed.append("follow_up_dates")
            _set_follow_ups(agreement, data.follow_up_dates)
        removed, _kinds = agreement.signatures.all().delete() if changed else (0, {})
        _audit(
            actor,
            agreement,
            Action.UPDATE,
            "Arbejdsaftale for praktikforløb",
            fields=changed,
            signatures_removed=removed,
        )
    return agreement


@dataclasses.dataclass(frozen=True)
class SignatureData:
    party: str
    signer_name: str
    signed_on: dt.date


def _clean_signature(agreement: WorkAgreement, data: SignatureData, today: dt.date) -> str:
    errors: dict[str, list[str]] = {}
    if data.party not in AgreementParty.values:
        errors["party"] = [_("Vælg, hvem der har skrevet under.")]
    name = " ".join(data.signer_name.split())
    if not name:
        errors["signer_name"] = [_("Skriv navnet på den, der har skrevet under.")]
    elif len(name) > 200:
        errors["signer_name"] = [_("Skriv højst 200 tegn.")]
    if data.signed_on > today:
        errors["signed_on"] = [_("Datoen for underskriften kan ikke ligge i fremtiden.")]
    elif data.signed_on < timezone.localdate(agreement.created_at):
        errors["signed_on"] = [
            _("Datoen for underskriften kan ikke ligge før aftalen blev skrevet.")
        ]
    if errors:
        raise ValidationError(errors)
    return name


def agreement_sign(
    *, actor: User, agreement: WorkAgreement, data: SignatureData, expected_version: int
) -> AgreementSignature:
    """Record one party's signature on the version the recorder loaded. The third party's
    signature makes the version SIGNED and read-only."""
    require(actor, Permission.EDIT_PLACEMENT, within=agreement)
    if agreement.is_signed:
        raise AgreementSigned
    name = _clean_signature(agreement, data, clock.today())
    with audited_atomic(), following(agreement.placement.period.citizen_id):
        # Before the claim: a refusal must leave the version the caller holds as it was.
        if agreement.signatures.filter(party=data.party).exists():
            raise ValidationError(
                {"party": [_("Den part har allerede skrevet under på denne version.")]}
            )
        claim_version(agreement, expected_version)
        signature = AgreementSignature.objects.create(
            municipality_id=agreement.municipality_id,
            agreement=agreement,
            party=data.party,
            signer_name=name,
            signed_on=data.signed_on,
            recorded_by=actor,
        )
        parties = set(agreement.signatures.values_list("party", flat=True))
        if parties == set(AgreementParty.values):
            agreement.status = AgreementStatus.SIGNED
            agreement.signed_at = clock.now()
            agreement.save(update_fields=["status", "signed_at"])
        _audit(
            actor,
            agreement,
            Action.UPDATE,
            "Underskrift på arbejdsaftale",
            party=data.party,
            signed=agreement.is_signed,
        )
    return signature


def agreement_new_version(*, actor: User, agreement: WorkAgreement) -> WorkAgreement:
    """A new draft that copies a signed version's content and points to it; the signed one
    stays as it was. Only the newest version can be replaced, and only once."""
    require(actor, Permission.EDIT_PLACEMENT, within=agreement)
    if not agreement.is_signed:
        raise ValidationError(_("Aftalen er endnu en kladde. Ret kladden i stedet."))
    with audited_atomic(), following(agreement.placement.period.citizen_id):
        locked = WorkAgreement.objects.select_for_update().get(pk=agreement.pk)
        newer = WorkAgreement.objects.filter(placement_id=locked.placement_id)
        if newer.filter(number__gt=locked.number).exists():
            raise ValidationError(_("Der findes allerede en nyere version af aftalen."))
        draft = WorkAgreement.objects.create(
            municipality_id=locked.municipality_id,
            placement_id=locked.placement_id,
            number=locked.number + 1,
            previous=locked,
            created_by=actor,
            **{name: getattr(locked, name) for name in CONTENT_FIELDS},
        )
        _set_follow_ups(draft, tuple(locked.follow_up_dates.values_list("date", flat=True)))
        _audit(
            actor,
            draft,
            Action.CREATE,
            "Ny version af arbejdsaftale",
            number=draft.number,
            replaces=locked.pk,
        )
    return draft
