"""Demo placements at companies: the consultant's daily work with companies (issue 16).

For Odense and two other project municipalities (Svendborg, whose seed tool is the work
agreement, and Helsingør, whose seed tool is the contact person's follow-up form) the running
offers at a company get what the consultant records on them: the company's capacity and a
second contact person, a responsible consultant, the placement row, the work agreement with
its signatures and agreed follow-up dates. Follow-ups and competence cards are built from
these in demo.placement_follow_ups. Odense also gets the municipality's own offer type
"Jobrotation", and one running wage subsidy becomes one.

A random stream of its own (seeded from the demo's seed) keeps the rest of the demo as it
was. The rows go in with bulk_create past the services, like the journeys they belong to:
nothing here is audited work of a user, and the figures are rebuilt after the build. Every
date comes from the demo's `today`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.roles import Role
from fremdrift.audit.models import Action
from fremdrift.audit.services import AuditItem, audit_record_many
from fremdrift.companies.models import (
    AgreementFollowUp,
    AgreementParty,
    AgreementSignature,
    AgreementStatus,
    Company,
    CompanyCapacity,
    ContactPerson,
    Placement,
    WorkAgreement,
)
from fremdrift.demo.companies import CONTACT_FIRST, CONTACT_LAST, CONTACT_TITLES
from fremdrift.journey.models import OfferCategory, OfferType, Period
from fremdrift.journey.types import Outcome, PeriodKind

ODENSE = "461"
# Odense, Svendborg (the work agreement) and Helsingør (the contact person's follow-up form).
PLACEMENT_MUNICIPALITIES = (ODENSE, "479", "217")
PERSONA = "odense-virksomhedskonsulent"
JOB_ROTATION = "Jobrotation"
PAID_CATEGORIES: tuple[str, ...] = (OfferCategory.WAGE_SUBSIDY, OfferCategory.IGU)
PAID_OUTCOMES = (Outcome.ORDINARY_JOB, Outcome.IGU_COMPLETED)
# A placement that reaches its wage point has had two follow-ups and has one due soon.
REACH_STARTED_DAYS = 42
DUE_SOON_DAYS = 3

# Industry -> (trades for capacity lines, the agreed tasks in plain Danish).
# fmt: off
WORK: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Lager og logistik": (("Lager", "Pakning", "Chauffør"), (
        "Plukke varer efter plukliste", "Pakke og mærke kasser", "Modtage og tjekke varer",
        "Holde orden på lageret")),
    "Rengøring": (("Rengøring", "Vinduespolering"), (
        "Gøre rent på kontorer og toiletter", "Fylde op med papir og sæbe",
        "Sortere affald", "Bruge rengøringsmaskinen")),
    "Kantine og restaurant": (("Køkken", "Opvask", "Servering"), (
        "Skrælle og snitte grøntsager", "Tage opvask", "Gøre salatbaren klar",
        "Rengøre køkkenet efter frokost")),
    "Ældrepleje": (("Pleje", "Køkken", "Rengøring"), (
        "Hjælpe til ved måltiderne", "Gå ture med beboerne", "Rede senge og ordne vasketøj",
        "Dække bord og tage af bordet")),
    "Grønne områder": (("Anlægsgartner", "Pleje af grønne områder"), (
        "Slå græs og klippe hæk", "Luge bede", "Samle affald i parken", "Rive blade")),
    "Byggeri og håndværk": (("Tømrer", "Murer", "Byggepladsarbejde"), (
        "Bære materialer", "Rydde op på byggepladsen", "Hjælpe tømreren med at måle op",
        "Gøre værktøj rent")),
    "Detailhandel": (("Butik", "Lager"), (
        "Fylde varer på hylderne", "Tjekke datoer på varer", "Hjælpe kunder med at finde varer",
        "Pakke varer ud")),
    "Industri og produktion": (("Produktion", "Pakning", "Lager"), (
        "Betjene pakkemaskinen", "Kontrollere emner for fejl", "Stable paller",
        "Holde arbejdspladsen ren")),
    "Landbrug og gartneri": (("Gartneri", "Landbrug"), (
        "Prikle og plante om", "Vande og passe planter", "Pakke planter til salg",
        "Fodre dyrene")),
    "Hotel": (("Rengøring", "Køkken", "Reception"), (
        "Gøre værelser klar", "Skifte sengetøj", "Hjælpe i morgenmaden", "Fylde minibaren op")),
    "Børnepasning": (("Pædagogmedhjælper", "Køkken"), (
        "Lege med børnene", "Hjælpe ved frokosten", "Rydde op på legepladsen",
        "Læse højt for de mindste")),
}
SUB_GOALS = (
    "Møde til tiden hver dag",
    "Melde sig syg til mentor før kl. 7",
    "Kunne de aftalte opgaver uden hjælp",
    "Tale dansk med kollegerne i pauserne",
    "Arbejde i et tempo som kollegerne",
    "Spørge, når en opgave er uklar",
    "Gå fra 4 til 6 timer om dagen",
    "Kende sikkerhedsreglerne på arbejdspladsen",
)
# fmt: on


@dataclasses.dataclass
class DemoPlacement:
    """One running placement as built, for the follow-ups and competence cards after it."""

    placement: Placement
    period: Period
    consultant: User
    contact: ContactPerson
    agreements: list[WorkAgreement] = dataclasses.field(default_factory=list)
    dates: list[dt.date] = dataclasses.field(default_factory=list)  # all agreed, every version
    reach: bool = False  # scores and hours reach the wage point by the latest follow-up

    @property
    def signed(self) -> bool:
        return any(a.status == AgreementStatus.SIGNED for a in self.agreements)

    @property
    def level(self) -> WorkAgreement | None:
        return self.agreements[-1] if self.agreements else None


def company_of(period: Period) -> Company:
    # Only offers at a company are read here (the queries ask for a company).
    assert period.company is not None
    return period.company


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour)).replace(tzinfo=timezone.get_current_timezone())


def build_municipality_placements(
    rng: random.Random, municipality: Municipality, today: dt.date
) -> list[DemoPlacement]:
    """The municipality's companies made ready and its running placements recorded."""
    consultants = list(
        User.objects.filter(municipality=municipality, role=Role.CONSULTANT).order_by("username")
    )
    if not consultants:
        return []
    if municipality.code == ODENSE:
        _job_rotation(municipality, today)
    periods = _running(municipality)
    paid = _paid_ends(periods)
    candidates = [p for p in periods if _can_reach(p, paid, today)]
    reach = rng.sample(candidates, min(3 if municipality.code == ODENSE else 2, len(candidates)))
    companies = _prepare_companies(rng, municipality, consultants, periods, reach)
    contacts = _contacts_by_company(companies)
    built = [_placement(rng, p, companies[company_of(p).pk], contacts) for p in periods]
    Placement.objects.bulk_create([b.placement for b in built])
    reach_ids = {p.pk for p in reach}
    second_version = next(
        (b for b in built if b.period.pk not in reach_ids and _can_reach(b.period, paid, today)),
        None,
    )
    for item in built:
        item.reach = item.period.pk in reach_ids
        _agreements(rng, item, today, second=item is second_version)
    _save_agreements(built)
    return built


def _job_rotation(municipality: Municipality, today: dt.date) -> None:
    """The municipality's own type, as its administrator adds it (journey.offer_types), and
    one running wage subsidy made one: same category and flags, so no figure moves."""
    admin = User.objects.filter(municipality=municipality, role=Role.ADMINISTRATOR).first()
    if admin is None:
        return
    # create_offer_type's row and audit entry; the service itself wants a transaction of its
    # own (audited_atomic is durable), and the demo is built in one.
    values = {
        "name": JOB_ROTATION,
        "category": OfferCategory.WAGE_SUBSIDY,
        "company_oriented": True,
        "needs_company": True,
        "max_weeks": 26,
    }
    rotation = OfferType.objects.create(
        municipality=municipality, code=f"jobrotation_{municipality.code}", order=1000, **values
    )
    audit_record_many(
        actor=admin,
        municipality_id=municipality.pk,
        items=[
            AuditItem(
                citizen_id=None,
                action=Action.SETTINGS,
                purpose="Tilbudstype oprettet",
                details={
                    "offer_type": rotation.code,
                    **{k: str(v) if k == "category" else v for k, v in values.items()},
                },
            )
        ],
        now=True,
    )
    period = (
        Period.objects.filter(
            municipality=municipality,
            kind=PeriodKind.OFFER,
            offer_type__category=OfferCategory.WAGE_SUBSIDY,
            offer_type__municipality__isnull=True,
            company__isnull=False,
            end__isnull=True,
            start__lte=today,
        )
        .order_by("start", "id")
        .first()
    )
    if period is not None:
        Period.objects.filter(pk=period.pk).update(offer_type=rotation)


def _running(municipality: Municipality) -> list[Period]:
    # The journeys leave a running offer open (no end, a planned end); none start after today.
    return list(
        Period.objects.filter(
            municipality=municipality,
            kind=PeriodKind.OFFER,
            offer_type__needs_company=True,
            company__isnull=False,
            end__isnull=True,
        )
        .select_related("offer_type", "citizen", "company")
        .order_by("start", "id")
    )


def _paid_ends(periods: Sequence[Period]) -> dict[int, list[dt.date | None]]:
    """The ends of each citizen's paid work (wage_point_selectors' rule for "paid work")."""
    ends: dict[int, list[dt.date | None]] = defaultdict(list)
    rows = Period.objects.filter(citizen_id__in={p.citizen_id for p in periods}).filter(
        kind=PeriodKind.OFFER, offer_type__category__in=PAID_CATEGORIES
    )
    outcomes = Period.objects.filter(
        citizen_id__in={p.citizen_id for p in periods}, kind=PeriodKind.OUTCOME
    ).filter(code__in=PAID_OUTCOMES)
    for citizen_id, end in [
        *rows.values_list("citizen_id", "end"),
        *outcomes.values_list("citizen_id", "end"),
    ]:
        ends[citizen_id].append(end)
    return ends


def _can_reach(period: Period, paid: dict[int, list[dt.date | None]], today: dt.date) -> bool:
    """A placement (not paid work) long enough under way for two follow-ups, running at least
    a week more, whose citizen has no paid work yet: the worklist's wage point case."""
    return (
        period.offer_type is not None
        and period.offer_type.category not in PAID_CATEGORIES
        and period.start <= today - dt.timedelta(days=REACH_STARTED_DAYS)
        and (period.planned_end is None or period.planned_end >= today + dt.timedelta(days=7))
        and not any(end is None or end >= period.start for end in paid.get(period.citizen_id, []))
    )


def _prepare_companies(
    rng: random.Random,
    municipality: Municipality,
    consultants: list[User],
    periods: Sequence[Period],
    reach: Sequence[Period],
) -> dict[int, Company]:
    """Responsible consultants, capacity lines and some second contacts; the busiest
    companies first, so each consultant has placements of their own."""
    companies = list(Company.objects.filter(municipality=municipality).order_by("id"))
    busy: dict[int, int] = defaultdict(int)
    for period in periods:
        busy[company_of(period).pk] += 1
    companies.sort(key=lambda c: (-busy[c.pk], c.pk))
    for index, company in enumerate(companies):
        company.consultant = consultants[index % len(consultants)]
    persona = next((u for u in consultants if u.username == PERSONA), None)
    by_id = {c.pk: c for c in companies}
    if persona is not None and reach:
        # The persona follows the first citizen at the wage point: it shows when they log in.
        by_id[company_of(reach[0]).pk].consultant = persona
    Company.objects.bulk_update(companies, ["consultant"])
    capacities, contacts = [], []
    for company in companies:
        trades = WORK.get(company.industry, (("Praktik",), ()))[0]
        for trade in rng.sample(trades, rng.randint(1, len(trades))):
            capacities.append(
                CompanyCapacity(
                    municipality=municipality,
                    company=company,
                    trade=trade,
                    places=rng.randint(1, 4),
                )
            )
        if rng.random() < 0.4:
            first, last = rng.choice(CONTACT_FIRST), rng.choice(CONTACT_LAST)
            contacts.append(
                ContactPerson(
                    municipality=municipality,
                    company=company,
                    name=f"{first} {last}",
                    title=rng.choice(CONTACT_TITLES),
                    phone=f"{rng.randint(20, 99)} {rng.randint(10, 99)} "
                    f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                    email=f"{first.lower()}.{last.lower()}@virksomhed{company.pk}.example",
                )
            )
    CompanyCapacity.objects.bulk_create(capacities)
    ContactPerson.objects.bulk_create(contacts)
    return by_id


def _contacts_by_company(companies: dict[int, Company]) -> dict[int, list[ContactPerson]]:
    contacts: dict[int, list[ContactPerson]] = defaultdict(list)
    for contact in ContactPerson.objects.filter(company_id__in=list(companies)).order_by("id"):
        contacts[contact.company_id].append(contact)
    return contacts


def _placement(
    rng: random.Random,
    period: Period,
    company: Company,
    contacts: dict[int, list[ContactPerson]],
) -> DemoPlacement:
    mentors = contacts[company.pk]
    contact = mentors[1] if len(mentors) > 1 and rng.random() < 0.4 else mentors[0]
    consultant = company.consultant
    assert consultant is not None  # set on every company above
    tasks = WORK.get(company.industry, ((), ("Hjælpe til med de daglige opgaver",)))[1]
    chosen = rng.sample(tasks, min(len(tasks), rng.randint(2, 3)))
    placement = Placement(
        municipality_id=period.municipality_id,
        period=period,
        contact_person=contact,
        consultant=consultant,
        tasks="\n".join(chosen),
        updated_at=at(period.start, 9),
    )
    return DemoPlacement(placement, period, consultant, contact)


def _agreements(rng: random.Random, item: DemoPlacement, today: dt.date, *, second: bool) -> None:
    """What the agreement looks like: signed (most), a draft (some) or none yet; the reach
    placements are signed, and `second` has a version 2 replacing its signed version 1."""
    roll = 0.0 if item.reach or second else rng.random()
    if roll >= 0.9:
        return
    period = item.period
    end = period.planned_end or today + dt.timedelta(days=90)
    signed_on = min(period.start + dt.timedelta(days=rng.randint(1, 5)), today)
    first = _agreement(rng, item, 1, signed_on, signed=roll < 0.72)
    if item.reach:
        held = 3 if period.start <= today - dt.timedelta(days=63) else 2
        dates = [*_dates_to(period.start, today, held), today + dt.timedelta(days=DUE_SOON_DAYS)]
    else:
        dates = _dates(rng, period.start, end)
    item.agreements.append(first)
    if not second:
        item.dates = dates
        return
    changed_on = min(period.start + dt.timedelta(days=30), today)
    later = _agreement(rng, item, 2, changed_on, signed=True)
    later.previous = first
    later.paid_hours_goal = (first.paid_hours_goal or Decimal(20)) + 5
    later.sub_goals = first.sub_goals + "\nGå op i tid, så målet for ordinære timer nås"
    item.agreements.append(later)
    item.dates = [d for d in dates if d < changed_on] + [
        changed_on + dt.timedelta(days=7),
        today + dt.timedelta(days=rng.randint(5, 12)),
    ]


def _agreement(
    rng: random.Random, item: DemoPlacement, number: int, day: dt.date, *, signed: bool
) -> WorkAgreement:
    period = item.period
    hours = period.hours_per_week or Decimal(20)
    per_day = _span(int(hours * 12))  # the week's hours over five weekdays, in minutes
    tasks = item.placement.tasks
    level_hours = hours if item.reach else Decimal(rng.choice((20, 25, 30)))
    return WorkAgreement(
        municipality_id=period.municipality_id,
        placement=item.placement,
        number=number,
        status=AgreementStatus.SIGNED if signed else AgreementStatus.DRAFT,
        paid_hours_goal=Decimal(rng.choice((15, 20, 25, 37))),
        paid_hours_by=(period.planned_end or day) + dt.timedelta(days=rng.choice((60, 90, 120))),
        sub_goals="\n".join(rng.sample(SUB_GOALS, rng.randint(2, 3))),
        tasks=tasks,
        wage_point_score=Decimal(4),
        wage_point_hours=min(level_hours, hours) if item.reach else level_hours,
        hours_monday=per_day,
        hours_tuesday=per_day,
        hours_wednesday=per_day,
        hours_thursday=per_day,
        hours_friday=per_day,
        created_by=item.consultant,
        created_at=at(day, 9),
        signed_at=at(day, 14) if signed else None,
    )


def _span(minutes: int) -> str:
    end = 8 * 60 + minutes
    return f"8.00-{end // 60}.{end % 60:02d}"


def _dates(rng: random.Random, start: dt.date, end: dt.date) -> list[dt.date]:
    """Two to four follow-up dates spread over the placement."""
    count = rng.randint(2, 4)
    span = max((end - start).days, count + 1)
    return sorted({start + dt.timedelta(days=span * (i + 1) // (count + 1)) for i in range(count)})


def _dates_to(start: dt.date, today: dt.date, count: int) -> list[dt.date]:
    """`count` follow-up dates between the start and a few days ago."""
    span = (today - dt.timedelta(days=3) - start).days
    return [start + dt.timedelta(days=span * (i + 1) // count) for i in range(count)]


def _save_agreements(built: list[DemoPlacement]) -> None:
    # Version 1 first: version 2 points to it.
    WorkAgreement.objects.bulk_create([b.agreements[0] for b in built if b.agreements])
    WorkAgreement.objects.bulk_create([a for b in built for a in b.agreements[1:]])
    dates, signatures = [], []
    for item in built:
        newest = item.level
        if newest is None:
            continue
        dates += [
            AgreementFollowUp(municipality_id=newest.municipality_id, agreement=newest, date=day)
            for day in item.dates
            if len(item.agreements) == 1 or day >= newest.created_at.date()
        ]
        if len(item.agreements) > 1:
            first = item.agreements[0]
            dates += [
                AgreementFollowUp(municipality_id=first.municipality_id, agreement=first, date=d)
                for d in item.dates
                if d < newest.created_at.date()
            ]
        for agreement in item.agreements:
            if agreement.signed_at is not None:
                signatures += _signatures(item, agreement)
    AgreementFollowUp.objects.bulk_create(dates)
    AgreementSignature.objects.bulk_create(signatures)


def _signatures(item: DemoPlacement, agreement: WorkAgreement) -> list[AgreementSignature]:
    assert agreement.signed_at is not None
    day = agreement.signed_at.date()
    signers = (
        (AgreementParty.EMPLOYER, item.contact.name),
        (AgreementParty.CITIZEN, item.period.citizen.full_name),
        (AgreementParty.ADVISER, item.consultant.get_full_name()),
    )
    return [
        AgreementSignature(
            municipality_id=agreement.municipality_id,
            agreement=agreement,
            party=party,
            signer_name=name,
            signed_on=day,
            recorded_by=item.consultant,
            recorded_at=at(day, 15),
        )
        for party, name in signers
    ]


def job_rotation_type(municipality: Municipality) -> OfferType | None:
    return OfferType.objects.filter(municipality=municipality, name=JOB_ROTATION).first()
