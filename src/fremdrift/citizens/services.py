"""Writes to the citizen register. HTML views, imports and commands all go through these."""

from __future__ import annotations

import dataclasses
import datetime as dt
from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission, Role
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.citizens.cpr import Cpr, parse_cpr
from fremdrift.citizens.cpr_storage import cpr_decrypt, cpr_digest, cpr_encrypt
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.selectors_moving import hold_cpr, unscoped_cpr_rows
from fremdrift.core import clock
from fremdrift.core.changes import changed as announce_change
from fremdrift.core.changes import following
from fremdrift.core.versioning import EditConflict as EditConflict  # the views catch it here
from fremdrift.core.versioning import claim_version


@dataclasses.dataclass(frozen=True)
class CitizenData:
    """Everything a person enters about a citizen; what can be derived is not here."""

    first_name: str
    last_name: str
    country_of_origin: str
    category: str
    takeover_date: dt.date
    preferred_language: str
    interpreter_needed: bool
    caseworker: User | None
    consultant: User | None


EDITABLE_FIELDS = tuple(field.name for field in dataclasses.fields(CitizenData))


class CprTaken(Exception):
    """The CPR number is registered already. `existing` is set only when the caller may see it."""

    def __init__(self, existing: Citizen | None) -> None:
        super().__init__("CPR number already registered")
        self.existing = existing


# No citizen in the register was taken over before the integration act of 1999; 1990 leaves
# room for older cases moved from another system, and keeps typing errors (0202, 1902) out.
EARLIEST_TAKEOVER = dt.date(1990, 1, 1)
ADULT_AGE = 18


def adult_from(birth_date: dt.date) -> dt.date:
    """The 18th birthday; born 29 February, the day is 1 March in a year that is not a leap year."""
    try:
        return birth_date.replace(year=birth_date.year + ADULT_AGE)
    except ValueError:
        return dt.date(birth_date.year + ADULT_AGE, 3, 1)


def takeover_errors(takeover: dt.date, birth_date: dt.date | None) -> list[str]:
    """Why a takeover date is not plausible for someone born on `birth_date`, if it is not.

    The integration programme is for adults, so the municipality takes over from the 18th
    birthday at the earliest; a date far in the future is a typing error.
    """
    if takeover < EARLIEST_TAKEOVER:
        return [_("Overtagelsesdatoen kan ikke ligge før 1. januar 1990.")]
    if birth_date is not None and takeover < adult_from(birth_date):
        return [
            _(
                "Borgeren var under 18 år på overtagelsesdatoen (fylder 18 den %(date)s). "
                "Integrationsprogrammet er for voksne."
            )
            % {"date": date_format(adult_from(birth_date))}
        ]
    if takeover > clock.today() + dt.timedelta(days=366):
        return [_("Overtagelsesdatoen kan højst ligge et år frem i tiden.")]
    return []


def _validate(data: CitizenData, actor: User, birth_date: dt.date) -> None:
    errors: dict[str, list[str] | str] = {}
    for field, roles, label in (
        ("caseworker", {Role.CASEWORKER, Role.MANAGER}, _("sagsbehandler")),
        ("consultant", {Role.CONSULTANT}, _("virksomhedskonsulent")),
    ):
        person: User | None = getattr(data, field)
        if person is None:
            continue
        if (
            person.municipality_id != actor.municipality_id
            or person.role not in roles
            or not person.is_active
        ):
            errors[field] = _("Vælg en aktiv %(role)s i din egen kommune.") % {"role": label}
    if problems := takeover_errors(data.takeover_date, birth_date):
        errors["takeover_date"] = problems
    if errors:
        raise ValidationError(errors)


def unscoped_cpr_owner(digest: str, municipality_id: int | None) -> Citizen | None:
    """The citizen that makes this CPR number taken for `municipality_id`: its own row, or
    another municipality's whose case no recorded move has ended (citizens.selectors_moving).
    Only its id and municipality are read, and only the caller's own municipality's citizen
    is ever shown (CprTaken says no more about another's)."""
    rows = unscoped_cpr_rows(digest, municipality_id)
    return rows.own or rows.open_elsewhere


class CaseCanFollow(Exception):
    """No row makes the CPR number taken, but another municipality recorded that the person
    moved away: the case can be taken over (journey.takeover_services), and nothing is created."""

    def __init__(self, cpr: Cpr) -> None:
        super().__init__("moved from another municipality")
        self.cpr = cpr


def lock_for_write(*citizen_ids: int) -> None:
    """Hold the citizens' rows until the transaction ends, in id order, as every write to a
    citizen's periods does (journey.services): what is read of them from here on no other
    writer changes before this transaction ends."""
    if not connection.features.has_select_for_update:
        return  # SQLite: a writing transaction already excludes every other writer
    # No key update: the audit entry of a page view of the citizen still goes on meanwhile.
    rows = Citizen.objects.select_for_update(no_key=True).filter(pk__in=citizen_ids)
    list(rows.order_by("pk").values_list("pk", flat=True))


def refuse_a_taken_cpr(*, actor: User, cpr: str, moved_here: bool = False) -> Cpr:
    """The parsed CPR number, or CprTaken when it is registered already (ValidationError on
    "cpr" when it is no CPR number). When another municipality recorded that the person
    moved away, CaseCanFollow, unless `moved_here` (the takeover itself, or the case
    import: a municipality's own history).

    The answer is only "exists" (and, in the actor's own municipality, where), and the look-up
    itself goes into the log of the citizen's own municipality, naming who asked. Called
    before a write's transaction opens, as that entry must stay when the write is refused."""
    require(actor, Permission.EDIT_CITIZEN)
    try:
        parsed = parse_cpr(cpr)
    except ValidationError as exc:
        raise ValidationError({"cpr": exc.messages}) from exc
    existing = unscoped_cpr_owner(cpr_digest(parsed.digits), actor.municipality_id)
    if existing is not None:
        audit_record(
            actor=actor,
            action=Action.CPR_MATCH,
            purpose="Oprettelse afvist: CPR-nummeret findes allerede",
            municipality=existing.municipality,
            citizen=existing,
        )
        raise CprTaken(existing if existing.municipality_id == actor.municipality_id else None)
    if not moved_here and unscoped_cpr_rows(cpr_digest(parsed.digits), None).moved_from:
        raise CaseCanFollow(parsed)
    return parsed


def citizen_create(
    *,
    actor: User,
    cpr: str,
    data: CitizenData,
    taken_over_from: Citizen | None = None,
) -> Citizen:
    """A new citizen in the actor's municipality; `taken_over_from` only from the takeover
    (journey.takeover_services), which has checked the move."""
    parsed = refuse_a_taken_cpr(actor=actor, cpr=cpr, moved_here=taken_over_from is not None)
    _validate(data, actor, parsed.birth_date)
    digest = cpr_digest(parsed.digits)
    citizen = Citizen(
        municipality_id=actor.municipality_id,
        cpr_digest=digest,
        cpr_encrypted=cpr_encrypt(parsed.digits),
        birth_date=parsed.birth_date,
        gender=parsed.gender,
        taken_over_from=taken_over_from,
        **_values(data),
    )
    try:
        with audited_atomic():
            hold_cpr(digest)
            if unscoped_cpr_owner(digest, actor.municipality_id) is not None:
                raise CprTaken(None)  # registered meanwhile, here or elsewhere
            citizen.save()
            audit_record(
                actor=actor,
                action=Action.CREATE,
                purpose="Oprettelse i borgerregistret",
                municipality=citizen.municipality,
                citizen=citizen,
                details={"fields": ["cpr", *EDITABLE_FIELDS]},
            )
            # The journey's case snapshot: a new citizen is not on the board yet.
            announce_change(citizen.pk)
    except IntegrityError as exc:
        # Lost a race with someone creating the same CPR number at the same moment.
        raise CprTaken(None) from exc
    return citizen


def citizen_update(
    *, actor: User, citizen: Citizen, data: CitizenData, expected_version: int
) -> Citizen:
    """Save `data` if nobody else saved since `expected_version`; else raise EditConflict."""
    require(actor, Permission.EDIT_CITIZEN, within=citizen)
    _validate(data, actor, citizen.birth_date)
    changed = [
        name
        for name in EDITABLE_FIELDS
        if comparable_value(getattr(citizen, name)) != comparable_value(getattr(data, name))
    ]
    # Origin and caseworker (the team) are read by the figures.
    read_by_figures = {"country_of_origin", "caseworker"} & set(changed)
    figures = following(citizen.pk) if read_by_figures else nullcontext()
    with audited_atomic(), figures:
        claim_version(
            citizen,
            expected_version,
            values={**_values(data), "updated_at": clock.now()},
            reload=Citizen.objects.select_related("caseworker", "consultant"),
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            purpose="Rettelse i borgerregistret",
            municipality=citizen.municipality,
            citizen=citizen,
            details={"fields": changed},
        )
        if "takeover_date" in changed:
            # The contract's and the first offer's deadlines run from the takeover.
            announce_change(citizen.pk)
    citizen.refresh_from_db()
    return citizen


def _values(data: CitizenData) -> dict[str, object]:
    # Not dataclasses.asdict: it would deep-copy the User instances.
    return {name: getattr(data, name) for name in EDITABLE_FIELDS}


def comparable_value(value: object) -> object:
    """A value reduced to what identifies it, so form input and saved data compare."""
    code = getattr(value, "code", None)  # django-countries' Country
    return code if code is not None else getattr(value, "pk", value)


def citizen_reveal_cpr(*, actor: User, citizen: Citizen, purpose: str) -> str:
    """The full CPR number, recorded in the audit log with the purpose the user gave."""
    require(actor, Permission.REVEAL_CPR, within=citizen)
    if not purpose.strip():
        raise ValidationError({"purpose": _("Skriv formålet med at se det fulde CPR-nummer.")})
    audit_record(
        actor=actor,
        action=Action.REVEAL_CPR,
        purpose=purpose.strip(),
        municipality=citizen.municipality,
        citizen=citizen,
    )
    digits = cpr_decrypt(citizen.cpr_encrypted)
    return f"{digits[:6]}-{digits[6:]}"
