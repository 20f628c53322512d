"""Erasing personal data: on request (one citizen, by a manager), by the municipality's
retention rule (the daily job), and setting that rule.

Erasure anonymises (erasure_services.py): every figure input stays, so no figure changes,
and finished months are frozen besides (results/frozen.py). Each erased citizen gets one
audit entry that says that, when, by whom and under which rule or reason; it holds none of
the erased data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.citizens.models import Citizen
from fremdrift.core import clock
from fremdrift.core.texts import direction_control_error, length_error
from fremdrift.core.versioning import EditConflict, claim_version
from fremdrift.retention.erasure_services import erase_personal_data
from fremdrift.retention.models import MAX_YEARS, MIN_YEARS, RetentionRule, RetentionRun
from fremdrift.retention.selectors import has_open_periods, unscoped_due_for_erasure, years_for

# The reason becomes the audit entry's purpose (200 characters with its prefix); a longer
# one is refused, never cut.
REASON_MAX = 150
BATCH = 500


def _lock(ids: list[int]) -> None:
    # As the period writers do: no write to these citizens can fall between the check and
    # the erasure. No key update, so page views (audit entries) are not held up.
    list(Citizen.objects.select_for_update(no_key=True).filter(pk__in=ids).values_list("pk"))


def citizen_erase(*, actor: User, citizen: Citizen, reason: str) -> Citizen:
    """Erase one citizen's personal data at their request (GDPR art. 17); the citizen, as
    the figures keep it. The case must be closed: an open period would keep counting an
    anonymous person in the coming months' figures, with nobody able to close it."""
    if citizen.is_anonymised:
        raise ValidationError(_("Borgeren er allerede anonymiseret."))
    require(actor, Permission.ERASE_CITIZEN, within=citizen)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv begrundelsen for sletningen.")})
    if problem := length_error(reason, REASON_MAX):
        raise ValidationError({"reason": problem})
    if problem := direction_control_error(reason):
        raise ValidationError({"reason": problem})
    with audited_atomic():
        _lock([citizen.pk])
        if has_open_periods(citizen):
            raise ValidationError(
                _(
                    "Borgeren har perioder, der ikke er afsluttet. Afslut dem først: en "
                    "anonym borger kan ingen afslutte, og vedkommende ville tælle med i "
                    "nøgletallene for alle kommende måneder."
                )
            )
        erase_personal_data([citizen.pk])
        audit_record(
            actor=actor,
            action=Action.ERASE,
            purpose=f"Anonymiseret efter anmodning: {reason}",
            municipality=citizen.municipality,
            citizen=citizen,
            details={"erasure": "request"},
        )
    citizen.refresh_from_db()
    return citizen


@dataclass
class RetentionResult:
    """What a retention run erased (or, in a dry run, would erase), per municipality."""

    due: dict[int, list[int]] = field(default_factory=dict)
    erased: dict[int, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.due.values())


def retention_run(*, today: dt.date | None = None, dry_run: bool = False) -> RetentionResult:
    """Erase every citizen whose case ended longer ago than the municipality's rule allows.

    Batch by batch, each in its own transaction that checks again, under the lock, that its
    citizens are still due: a second worker running at the same time erases nobody twice,
    and a citizen who came back meanwhile (a new period) is left alone."""
    today = today or clock.today()
    result = RetentionResult(due=unscoped_due_for_erasure(today), dry_run=dry_run)
    if dry_run:
        return result
    for mu, ids in result.due.items():
        municipality = Municipality.objects.get(pk=mu)
        years = years_for(mu)
        for start in range(0, len(ids), BATCH):
            erased = _erase_batch(municipality, ids[start : start + BATCH], years, today)
            result.erased[mu] = result.erased.get(mu, 0) + erased
    # A second run the same day (a second worker) leaves the first one's row.
    RetentionRun.objects.get_or_create(
        ran_on=today, defaults={"erased": {str(mu): n for mu, n in result.erased.items()}}
    )
    return result


def _erase_batch(municipality: Municipality, ids: list[int], years: int, today: dt.date) -> int:
    with audited_atomic():
        _lock(ids)
        still = unscoped_due_for_erasure(today, only=ids).get(municipality.pk, [])
        if not still:
            return 0
        erase_personal_data(still)
        purpose = f"Anonymiseret efter kommunens regel: {years} år efter sagens afslutning"
        for citizen in Citizen.objects.filter(pk__in=still).only("pk", "municipality_id"):
            audit_record(
                actor=None,
                action=Action.ERASE,
                purpose=purpose,
                municipality=municipality,
                citizen=citizen,
                details={"erasure": "retention", "years": years},
            )
    return len(still)


def retention_rule_set(
    *,
    actor: User | None,
    municipality: Municipality,
    years: int,
    expected_version: int | None = None,
) -> None:
    """Set the municipality's rule (its administrator on the settings page, or the command
    with no actor); audited with the old and new number of years.

    `expected_version` is the rule's version the editor loaded (0: no rule saved yet); a
    colleague's save in between raises EditConflict. The command passes None: it sets the
    rule as told."""
    if actor is not None:
        require(actor, Permission.MANAGE_RETENTION, within=municipality.pk)
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise ValidationError(
            {
                "years": _("Vælg mellem %(low)s og %(high)s år.")
                % {"low": MIN_YEARS, "high": MAX_YEARS}
            }
        )
    before = years_for(municipality.pk)
    values = {"years": years, "updated_at": clock.now(), "updated_by": actor}
    with audited_atomic():
        _claim_rule(municipality, expected_version, values)
        audit_record(
            actor=actor,
            action=Action.SETTINGS,
            purpose="Regel for sletning af personoplysninger ændret",
            municipality=municipality,
            details={"years": years, "before": before},
        )


def _claim_rule(
    municipality: Municipality, expected_version: int | None, values: dict[str, object]
) -> None:
    rule = RetentionRule.objects.filter(municipality=municipality).first()
    if rule is not None:
        # The command's change raises the version too, so an open rule page gets the conflict.
        claim_version(
            rule, rule.version if expected_version is None else expected_version, values=values
        )
        return
    if expected_version not in (None, 0):
        # The editor loaded a saved rule that is gone: nothing to compare with but the default.
        raise EditConflict(RetentionRule(municipality=municipality), 0)
    try:
        with audited_atomic():  # nested: a savepoint, so the failed insert is undone alone
            RetentionRule.objects.create(municipality=municipality, **values)
    except IntegrityError:
        # A colleague saved the first rule meanwhile.
        current = RetentionRule.objects.get(municipality=municipality)
        raise EditConflict(current, current.version) from None
