"""A seeded, reproducible synthetic data set: municipalities, teams, staff and citizens.

Every person in it is invented. The same seed, size and `today` give the same data, so
tests, screenshots and benchmarks can rely on it; dates are relative to `today` (by default
the current date) so the demo always shows recent takeovers. A synthetic national series goes
in through the statistics import, and the figure table is filled before the build returns,
so the results pages have something to show at once.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from fremdrift.accounts.models import Municipality, Team, User
from fremdrift.accounts.roles import Role
from fremdrift.citizens.cpr_storage import cpr_digest, cpr_encrypt
from fremdrift.citizens.models import Category, Citizen
from fremdrift.core import clock
from fremdrift.demo import reference as ref
from fremdrift.demo.companies import build_demo_companies, build_demo_referrals
from fremdrift.demo.conversations import build_demo_conversations
from fremdrift.demo.first_year import build_trend, plan_first_year
from fremdrift.demo.journey import JourneyBuilder, municipality_pace
from fremdrift.demo.names import (
    FACILITATOR_DOMAIN,
    TEAM_NAMES,
    StaffNames,
    municipality_domain,
    staff_email,
)
from fremdrift.demo.national import FIGURES, import_national_series, national_series
from fremdrift.demo.placement_follow_ups import build_demo_placements
from fremdrift.demo.plans import build_demo_plans
from fremdrift.demo.progression import build_demo_readings
from fremdrift.demo.state import forget_demo_state
from fremdrift.demo.toolbox import build_demo_toolbox
from fremdrift.instruments.services import load_builtin_instruments
from fremdrift.journey.snapshot_services import rebuild as rebuild_case_snapshots
from fremdrift.results.refresh import rebuild

DEMO_PASSWORD = "demo"  # noqa: S105 - accepted only while DEMO_MODE is on (accounts.backends)
# Citizens in the integration effort per inhabitant: the default gives hundreds in the larger
# municipalities; the country-sized set about 100,000 across all 98.
DEFAULT_RATE = 0.0025
COUNTRY_CITIZENS = 100_000
BATCH = 2000

# The named demo accounts of each municipality: <slug>-<suffix>, e.g. odense-leder.
NAMED_ACCOUNTS = [
    (Role.CASEWORKER, "sagsbehandler"),
    (Role.CONSULTANT, "virksomhedskonsulent"),
    (Role.MANAGER, "leder"),
    (Role.ADMINISTRATOR, "administrator"),
]


@dataclass(frozen=True)
class DemoSummary:
    municipalities: int
    users: int
    citizens: int


def build_demo(
    *, seed: int = 2016, country: bool = False, today: dt.date | None = None
) -> DemoSummary:
    """Create the demo data set. Expects an empty register (the command checks)."""
    rng = random.Random(seed)
    today = today or clock.today()
    counts = citizen_counts(country=country)
    refs = [m for m in ref.MUNICIPALITIES if m.code in counts]
    password = make_password(DEMO_PASSWORD)
    used_cprs: set[str] = set()
    people: list[Citizen] = []
    users = 0
    journeys = JourneyBuilder(rng, today)
    # Names from a stream of their own: how many are taken does not move the rest of the data.
    names = StaffNames(random.Random(f"names-{seed}"))
    # The national series first: the project municipalities' first year is planned around it.
    national = national_series(rng, today)
    baseline = national.last - 12
    plans = plan_first_year(
        rng,
        {m.code: counts[m.code] for m in refs if m.project},
        {f: (national.share(f, baseline), national.share(f, national.last)) for f in FIGURES},
    )
    caseworkers: dict[int, list[User]] = {}
    consultants: dict[int, list[User]] = {}
    with transaction.atomic():
        for municipality_ref in refs:
            municipality = Municipality.objects.create(
                code=municipality_ref.code,
                name=municipality_ref.name,
                size_group=municipality_ref.size_group,
                in_project=municipality_ref.project,
            )
            staff = create_staff(
                rng, municipality, municipality_ref, password=password, names=names
            )
            users += sum(len(group) for group in staff.values())
            caseworkers[municipality.pk] = staff[Role.CASEWORKER]
            consultants[municipality.pk] = staff[Role.CONSULTANT]
            created = create_citizens(
                rng, municipality, staff, counts[municipality.code], today, used_cprs
            )
            people += created
            # A company for every fifteen citizens; each municipality its own pace to the
            # first company-oriented offer, as domain.md describes.
            companies = build_demo_companies(
                rng=rng, municipality=municipality, count=max(8, len(created) // 15)
            )
            pace = municipality_pace(rng)
            plan = plans.get(municipality.code)
            trend = build_trend(rng, plan, today) if plan else None
            for citizen in created:
                author = citizen.caseworker or rng.choice(staff[Role.CASEWORKER])
                journeys.citizen(citizen, author, pace, companies, trend)
            journeys.save()
        build_demo_conversations(
            rng=rng,
            citizens=people,
            today=today,
            authors_by_municipality=caseworkers,
            last_days=journeys.last_days,
        )
        build_demo_plans(rng=rng, citizens=people, today=today, authors_by_municipality=caseworkers)
        instruments = {v.definition.get("use"): v for v in load_builtin_instruments(publish=True)}
        # The country-sized set measures the project's municipalities only: readings for all
        # 98 would add millions of rows that no page or benchmark needs.
        build_demo_readings(
            rng=rng,
            version=instruments["progression"],
            languages={c.pk: c.preferred_language for c in people},
            municipality_ids=list(
                Municipality.objects.filter(in_project=True).values_list("pk", flat=True)
            ),
        )
        build_demo_referrals(
            rng=rng,
            citizens=people,
            consultants_by_municipality=consultants,
            caseworkers_by_municipality=caseworkers,
            today=today,
        )
        # After the journeys, companies, referrals and readings it builds on; its own random
        # stream, so the data above and below stays as it was.
        build_demo_placements(seed=seed, today=today, version=instruments["follow_up"])
        odense = Municipality.objects.get(code="461")
        for username, role, municipality, domain in (
            ("facilitator", Role.FACILITATOR, None, FACILITATOR_DOMAIN),
            ("admin", Role.ADMINISTRATOR, odense, municipality_domain("odense")),
        ):
            first_name, last_name = names.take()
            User.objects.create(
                username=username,
                first_name=first_name,
                last_name=last_name,
                email=staff_email(first_name, last_name, domain),
                role=role,
                municipality=municipality,
                password=password,
                is_demo_account=True,
            )
            users += 1
        # Through the real import, as a facilitator would load Jobindsats' tables.
        import_national_series(national, rng, today)
        users += build_demo_toolbox(rng=rng, today=today, password=password, names=names)
        # Bulk-loaded past the services, so the board's and worklists' rows are built here.
        rebuild_case_snapshots(today=today)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics after the bulk load, for good plans
    # Its history was loaded past the services, into months that may already be frozen.
    rebuild(today=today, rewrite_finished_months=True)
    forget_demo_state()
    return DemoSummary(len(refs), users, len(people))


def citizen_counts(*, country: bool) -> dict[str, int]:
    """Citizens per municipality code, in proportion to population."""
    refs = ref.MUNICIPALITIES if country else [m for m in ref.MUNICIPALITIES if m.project]
    rate = COUNTRY_CITIZENS / sum(m.population for m in refs) if country else DEFAULT_RATE
    return {m.code: max(12, round(m.population * rate)) for m in refs}


def create_staff(
    rng: random.Random,
    municipality: Municipality,
    mref: ref.MunicipalityRef,
    *,
    password: str,
    names: StaffNames,
) -> dict[str, list[User]]:
    team_count = 2 if mref.population >= 40_000 else 1
    teams = [
        Team.objects.create(municipality=municipality, name=name)
        for name in TEAM_NAMES[:team_count]
    ]
    # Larger municipalities have more caseworkers and consultants.
    extra = max(0, min(12, mref.population // 40_000))
    plan: list[tuple[Role, str]] = [(role, suffix) for role, suffix in NAMED_ACCOUNTS]
    plan += [(Role.CASEWORKER, f"sagsbehandler{i + 2}") for i in range(1 + extra)]
    plan += [(Role.CONSULTANT, f"virksomhedskonsulent{i + 2}") for i in range(extra // 2)]
    staff: dict[str, list[User]] = {role: [] for role in Role}
    for index, (role, suffix) in enumerate(plan):
        first_name, last_name = names.take()
        user = User(
            username=f"{mref.slug}-{suffix}",
            first_name=first_name,
            last_name=last_name,
            email=staff_email(first_name, last_name, municipality_domain(mref.slug)),
            role=role,
            municipality=municipality,
            team=None if role == Role.ADMINISTRATOR else teams[index % len(teams)],
            password=password,
            is_demo_account=True,
        )
        staff[role].append(user)
    User.objects.bulk_create([user for group in staff.values() for user in group])
    return staff


def create_citizens(
    rng: random.Random,
    municipality: Municipality,
    staff: dict[str, list[User]],
    count: int,
    today: dt.date,
    used_cprs: set[str] | None = None,
) -> list[Citizen]:
    """Create `count` citizens; `used_cprs` keeps CPR numbers unique across calls."""
    caseworkers = staff[Role.CASEWORKER]
    consultants = staff[Role.CONSULTANT]
    created: list[Citizen] = []
    batch: list[Citizen] = []
    used_cprs = set() if used_cprs is None else used_cprs
    for _ in range(count):
        batch.append(_citizen(rng, municipality, caseworkers, consultants, today, used_cprs))
        if len(batch) >= BATCH:
            created += Citizen.objects.bulk_create(batch)
            batch = []
    if batch:
        created += Citizen.objects.bulk_create(batch)
    return created


_ORIGIN_WEIGHTS = [origin.weight for origin in ref.ORIGINS]


def _citizen(
    rng: random.Random,
    municipality: Municipality,
    caseworkers: list[User],
    consultants: list[User],
    today: dt.date,
    used_cprs: set[str],
) -> Citizen:
    origin = rng.choices(ref.ORIGINS, weights=_ORIGIN_WEIGHTS)[0]
    # Takeovers over the last five years, more of them recently.
    takeover = today - dt.timedelta(days=int(rng.triangular(0, 5 * 365, 0)))
    age = int(rng.triangular(18, 60, 29))
    birth = takeover - dt.timedelta(days=age * 365 + rng.randrange(365))
    female = rng.random() < 0.47
    digits = _unique_cpr(rng, birth, female, used_cprs)
    language = origin.languages[0] if rng.random() < 0.85 else rng.choice(("da", "en"))
    years_here = (today - takeover).days / 365
    return Citizen(
        municipality=municipality,
        cpr_digest=cpr_digest(digits),
        cpr_encrypted=cpr_encrypt(digits),
        first_name=rng.choice(origin.female_first if female else origin.male_first),
        last_name=rng.choice(origin.surnames),
        birth_date=birth,
        gender="F" if female else "M",
        country_of_origin=origin.country,
        category=(
            Category.REFUGEE
            if rng.random() < origin.refugee_share
            else (Category.FAMILY_REUNIFIED if rng.random() < 0.95 else Category.OTHER)
        ),
        takeover_date=takeover,
        preferred_language=language,
        interpreter_needed=language not in ("da", "en") and rng.random() < 0.9 - 0.15 * years_here,
        caseworker=rng.choice(caseworkers) if rng.random() < 0.96 else None,
        consultant=rng.choice(consultants) if consultants and rng.random() < 0.55 else None,
    )


def _unique_cpr(rng: random.Random, birth: dt.date, female: bool, used: set[str]) -> str:
    for digits in _cpr_candidates(rng, birth, female):
        if digits not in used:
            used.add(digits)
            return digits
    raise RuntimeError("no free CPR number")  # pragma: no cover - 1000s of serials per day


def _cpr_candidates(rng: random.Random, birth: dt.date, female: bool) -> Iterator[str]:
    # Serial's first digit chosen so the century rule gives back `birth`'s year.
    first_digits = [0, 1, 2, 3] if birth.year < 2000 else [4, 9]
    for _ in range(1000):
        serial = rng.choice(first_digits) * 1000 + rng.randrange(100) * 10
        serial += rng.choice((0, 2, 4, 6, 8)) if female else rng.choice((1, 3, 5, 7, 9))
        yield birth.strftime("%d%m%y") + f"{serial:04d}"
