"""Follow-ups on a placement: the contact person's personal link, and the form behind it.

The link's token is a `secrets.token_urlsafe(32)` (256 bits); only its SHA-256 is stored,
so the link is shown to the consultant once and a copy of the database opens nothing. A
link serves one placement and one submission, until it expires (settings.FOLLOW_UP_LINK_DAYS).

The contact person has no account: every use of a real link (opened, answered, or tried
after it was used or expired) is written to the audit log with the contact person named as
the actor (audit.services.OutsideActor), never a user.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action
from fremdrift.audit.services import OutsideActor, audit_record, audited_atomic
from fremdrift.companies.models import ContactPerson, FollowUp, FollowUpLink, Placement
from fremdrift.companies.placement_services import NotAPlacement, is_placement
from fremdrift.competences.services import record_follow_up_assessments
from fremdrift.competences.vocabulary import FOLLOW_UP_KEYS, AssessorRole
from fremdrift.core import clock
from fremdrift.core.changes import following
from fremdrift.instruments.models import InstrumentVersion
from fremdrift.instruments.response_services import (
    RawAnswer,
    current_version,
    placement_response_create,
)
from fremdrift.journey.models import Period

FOLLOW_UP_USE = "follow_up"
CONTACT_PERSON = "contact_person"
CONSULTANT = "consultant"
NEXT_FOCUS_MAX_LENGTH = 2000
# token_urlsafe(32) gives 43 characters of the URL-safe alphabet; anything else is no token
# of ours and is refused before the database is asked.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


class LinkRefused(Exception):
    """The link opens no form: `status` is 404 (unknown) or 410 (used, expired)."""

    status = 404
    reason = "unknown"


class LinkUnknown(LinkRefused):
    pass


class LinkUsed(LinkRefused):
    status = 410
    reason = "used"


class LinkExpired(LinkRefused):
    status = 410
    reason = "expired"


class NoInstrument(Exception):
    """No published follow-up instrument: `instrument_load --builtin` has not been run."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_days() -> int:
    return int(getattr(settings, "FOLLOW_UP_LINK_DAYS", 14))


def follow_up_version(municipality: Municipality) -> InstrumentVersion:
    """The follow-up instrument new follow-ups use (the municipality's own, or ours)."""
    version = current_version(municipality, FOLLOW_UP_USE)
    if version is None:
        raise NoInstrument
    return version


def contact_actor(contact: ContactPerson) -> OutsideActor:
    return OutsideActor(username=f"kontaktperson:{contact.pk} {contact.name}", role=CONTACT_PERSON)


def placement_for_follow_up(actor: User, period: Period) -> Placement:
    """The period's placement row, created when nothing was recorded on it yet."""
    require(actor, Permission.EDIT_PLACEMENT, within=period)
    if not is_placement(period):
        raise NotAPlacement(period.pk)
    placement, _created = Placement.objects.select_related("contact_person").get_or_create(
        period=period, defaults={"municipality_id": period.municipality_id}
    )
    return placement


def link_create(*, actor: User, period: Period) -> tuple[FollowUpLink, str]:
    """A new link for the placement's contact person, and its token (shown once, never kept)."""
    placement = placement_for_follow_up(actor, period)
    contact = placement.contact_person
    if contact is None or not contact.active:
        raise ValidationError(
            _("Vælg en aktiv kontaktperson på forløbet, før der sendes et link til opfølgning.")
        )
    token = secrets.token_urlsafe(32)
    now = clock.now()
    with audited_atomic():
        link = FollowUpLink.objects.create(
            municipality_id=placement.municipality_id,
            placement=placement,
            contact_person=contact,
            token_hash=hash_token(token),
            created_by=actor,
            created_at=now,
            expires_at=now + dt.timedelta(days=link_days()),
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            purpose="Link til opfølgning sendt til virksomhedens kontaktperson",
            municipality=period.municipality,
            citizen=period.citizen,
            details={"period": period.pk, "link": link.pk, "contact_person": contact.pk},
        )
    return link, token


def unscoped_link_by_token(token: str) -> FollowUpLink | None:
    """The link a token opens, whatever the municipality (the token is the only credential);
    None for anything that is not one of our tokens."""
    if not isinstance(token, str) or not _TOKEN_SHAPE.match(token):
        return None
    return (
        FollowUpLink.objects.select_related(
            "contact_person",
            "placement__period__citizen",
            "placement__period__company",
            "placement__period__offer_type",
            "placement__period__municipality",
            "created_by",
        )
        .filter(token_hash=hash_token(token))
        .first()
    )


def _audit_link(link: FollowUpLink, action: Action, purpose: str, **details: object) -> None:
    period = link.placement.period
    audit_record(
        actor=contact_actor(link.contact_person),
        action=action,
        purpose=purpose,
        municipality=period.municipality,
        citizen=period.citizen,
        details={"period": period.pk, "link": link.pk, **details},
    )


def _refusal(link: FollowUpLink) -> LinkRefused | None:
    state = link.state(clock.now())
    if state == "used":
        return LinkUsed()
    if state == "expired":
        return LinkExpired()
    return None


def link_open(token: str) -> FollowUpLink:
    """The link behind a token, its opening audited; LinkUnknown, LinkUsed or LinkExpired
    (the last two audited too: someone holds a real link)."""
    link = unscoped_link_by_token(token)
    if link is None:
        raise LinkUnknown
    refusal = _refusal(link)
    if refusal is not None:
        _audit_link(
            link, Action.VIEW, "Forsøg på at bruge et opfølgningslink", refused=refusal.reason
        )
        raise refusal
    _audit_link(link, Action.VIEW, "Opfølgningslink åbnet af virksomhedens kontaktperson")
    return link


def clean_next_focus(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > NEXT_FOCUS_MAX_LENGTH:
        raise ValidationError(
            {
                "next_focus": _("Skriv højst %(max)s tegn om, hvad der skal arbejdes med.")
                % {"max": NEXT_FOCUS_MAX_LENGTH}
            }
        )
    return text


def link_submit(
    *, token: str, answers: Mapping[str, RawAnswer], next_focus: str, language: str = "da"
) -> FollowUp:
    """Save the contact person's follow-up and close the link; all or nothing. The link is
    locked and checked again, so two submissions of one link save one follow-up."""
    link = unscoped_link_by_token(token)
    if link is None:
        raise LinkUnknown
    text = clean_next_focus(next_focus)
    version = follow_up_version(link.placement.period.municipality)
    # A follow-up held moves the figure 'placements followed up on time' (results).
    with audited_atomic(), following(link.placement.period.citizen_id):
        locked = FollowUpLink.objects.select_for_update().get(pk=link.pk)
        link.used_at = locked.used_at
        refusal = _refusal(link)
        if refusal is not None:
            raise refusal
        response = placement_response_create(
            actor=contact_actor(link.contact_person),
            recorded_by=link.created_by,
            placement=link.placement,
            version=version,
            respondent=CONTACT_PERSON,
            answers=answers,
            taken_on=clock.today(),
            language=language,
        )
        follow_up = FollowUp.objects.create(
            municipality_id=link.municipality_id,
            placement=link.placement,
            response=response,
            next_focus=text,
            contact_person=link.contact_person,
        )
        link.used_at = clock.now()
        link.follow_up = follow_up
        link.save(update_fields=["used_at", "follow_up"])
        _audit_link(link, Action.UPDATE, "Opfølgning indsendt via link", follow_up=follow_up.pk)
        contact = link.contact_person
        _to_competence_card(
            follow_up,
            user=None,
            outside=contact_actor(contact),
            role=AssessorRole.EMPLOYER,
            name=contact.name if contact else "",
        )
    return follow_up


def consultant_follow_up(
    *,
    actor: User,
    period: Period,
    answers: Mapping[str, RawAnswer],
    next_focus: str,
    taken_on: dt.date,
    language: str = "da",
) -> FollowUp:
    """The consultant's own follow-up, filled in at a meeting (the consultant answers)."""
    text = clean_next_focus(next_focus)
    if taken_on > clock.today():
        raise ValidationError(
            {"taken_on": _("Datoen for opfølgningen kan ikke ligge i fremtiden.")}
        )
    version = follow_up_version(period.municipality)
    with audited_atomic(), following(period.citizen_id):
        placement = placement_for_follow_up(actor, period)
        response = placement_response_create(
            actor=actor,
            recorded_by=actor,
            placement=placement,
            version=version,
            respondent=CONSULTANT,
            answers=answers,
            taken_on=taken_on,
            language=language,
        )
        follow_up = FollowUp.objects.create(
            municipality_id=placement.municipality_id,
            placement=placement,
            response=response,
            next_focus=text,
        )
        _to_competence_card(
            follow_up, user=actor, role=AssessorRole.CONSULTANT, name=actor.get_full_name()
        )
    return follow_up


def _to_competence_card(
    follow_up: FollowUp,
    *,
    user: User | None,
    role: str,
    name: str,
    outside: OutsideActor | None = None,
) -> None:
    """The scores go onto the citizen's competence card, so the next placement starts from
    what this one learned ("not seen yet" is no assessment)."""
    period = follow_up.placement.period
    scores = {
        answer.item: answer.value
        for answer in follow_up.response.answers.all()
        if answer.value is not None and answer.item in FOLLOW_UP_KEYS
    }
    if not scores:
        return
    company = period.company.name if period.company else ""
    record_follow_up_assessments(
        user=user,
        citizen=period.citizen,
        scores=scores,
        assessor_role=role,
        assessor_name=name,
        assessed_on=follow_up.response.taken_on,
        source=_("Opfølgning i praktik hos %(company)s") % {"company": company}
        if company
        else _("Opfølgning i praktik"),
        outside=outside,
    )
