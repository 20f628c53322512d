"""The case-data importer: the files in, the database after, the errors a person reads."""

from __future__ import annotations

import datetime as dt
import gc
import io
import itertools
import tracemalloc
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fremdrift.accounts.roles import Role
from fremdrift.audit.chain import verify_chain
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.caseimport import citizens as citizen_import
from fremdrift.caseimport import formats, importer
from fremdrift.caseimport import periods as period_import
from fremdrift.caseimport.examples import EXAMPLE_CITIZENS, example_csv
from fremdrift.caseimport.formats import CITIZEN_COLUMNS, PERIOD_COLUMNS
from fremdrift.caseimport.importer import import_cases
from fremdrift.caseimport.reading import ImportResult
from fremdrift.citizens.cpr_storage import cpr_decrypt, cpr_digest
from fremdrift.citizens.models import Citizen
from fremdrift.companies.models import Company
from fremdrift.core import changes, clock
from fremdrift.journey import services
from fremdrift.journey.models import CaseSnapshot, Period
from fremdrift.journey.snapshot_services import inconsistencies
from fremdrift.journey.types import PeriodKind
from fremdrift.results.models import FigureValue, Source
from tests.factories import CitizenFactory, UserFactory, next_cpr

_births = itertools.count()

pytestmark = pytest.mark.django_db

TAKEOVER = "2026-01-05"


# --- Building files ------------------------------------------------------------------------


def citizen_row(borger_id: str = "B1", cpr: str | None = None, **values: str) -> dict:
    row = {
        "borger_id": borger_id,
        "cpr": cpr or fresh_cpr(),
        "fornavn": "Amal",
        "efternavn": "Eksempel",
        "oprindelsesland": "SY",
        "kategori": "refugee",
        "overtagelsesdato": TAKEOVER,
        "foretrukket_sprog": "ar",
        "tolk": "ja",
    }
    row.update(values)
    return row


def fresh_cpr() -> str:
    """A CPR number no other test row or factory citizen has (factories use 1990 births)."""
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=next(_births))
    return birth.strftime("%d%m%y") + "1001"


def period_row(
    periode_id: str, borger_id: str, art: str, type_: str = "", start: str = TAKEOVER, **values
) -> dict:
    row = dict.fromkeys(PERIOD_COLUMNS, "")
    row.update(periode_id=periode_id, borger_id=borger_id, art=art, type=type_, start=start)
    row.update(values)
    return row


def csv_file(columns, rows, *, bom: bool = False) -> io.BytesIO:
    lines = [";".join(columns)] + [";".join(row[c] for c in columns) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + text.encode())


def citizens_csv(*rows: dict, bom: bool = False) -> io.BytesIO:
    return csv_file(CITIZEN_COLUMNS, rows, bom=bom)


def periods_csv(*rows: dict) -> io.BytesIO:
    return csv_file(PERIOD_COLUMNS, rows)


def programme(pid: str, borger_id: str, start: str = TAKEOVER, **values) -> dict:
    return period_row(pid, borger_id, "programme", "", start, planlagt_slut="2027-01-04", **values)


def run(actor, citizens: list[dict], periods: list[dict] | None = None, **options):
    return import_cases(
        actor=actor,
        citizens=citizens_csv(*citizens),
        periods=periods_csv(*periods) if periods is not None else None,
        **options,
    )


def counts() -> tuple[int, int, int]:
    # A CPR number found in another municipality is audited even when nothing is saved
    # (tests/citizens/test_existence.py): that entry is not a change the import made.
    entries = AuditEntry.objects.exclude(action=Action.CPR_MATCH).count()
    return Citizen.objects.count(), Period.objects.count(), entries


@pytest.fixture
def company(odense):
    return Company.objects.create(municipality=odense, cvr="10000009", name="Fynsk Lager ApS")


def full_files(cpr_one: str, cpr_two: str) -> tuple[list[dict], list[dict]]:
    citizens = [
        citizen_row("B1", cpr_one, fornavn="Amal", efternavn="Haddad"),
        citizen_row(
            "B2",
            cpr_two,
            fornavn="Yonas",
            efternavn="Tesfay",
            oprindelsesland="er",
            kategori="family_reunified",
            overtagelsesdato="2026-02-01",
            foretrukket_sprog="ti",
            tolk="nej",
        ),
    ]
    periods = [
        programme("P1", "B1"),
        period_row("P2", "B1", "benefit", "integrationsydelse"),
        period_row("P3", "B1", "visitation", "job_ready", slut="2026-03-31"),
        period_row(
            "P4", "B1", "visitation", "activity_ready", "2026-04-01", begrundelse="Dokumenteret"
        ),
        period_row(
            "P5", "B1", "offer", "virksomhedspraktik", "2026-02-01", planlagt_slut="2026-04-30",
            timer_pr_uge="25,5", cvr="10000009",
        ),
        period_row("P6", "B1", "offer", "du2", "2026-01-12", modul="Modul 2", timer_pr_uge="15"),
        period_row("P7", "B1", "absence", "sick", "2026-05-01", slut="2026-05-14"),
        programme("P8", "B2", "2026-02-01", slut="2026-08-31"),
        period_row("P9", "B2", "outcome", "ordinary_job", "2026-09-01", timer_pr_uge="37"),
    ]  # fmt: skip
    return citizens, periods


# --- A full import -------------------------------------------------------------------------


def test_an_import_rebuilds_the_municipalitys_figures_through_the_results_listener(
    odense_admin, company
):
    # The importer only announces the reload (core.changes); results listens since start-up.
    figures = FigureValue.objects.filter(municipality_id=odense_admin.municipality_id)
    assert not figures.exists()
    result = run(odense_admin, *full_files("1501901235", "020285-1244"))
    assert result.ok, result.errors
    assert figures.filter(source=Source.OWN).exists()


def test_an_import_rebuilds_the_case_snapshots_through_the_journey_listener(odense_admin, company):
    result = run(odense_admin, *full_files("1501901235", "020285-1244"))
    assert result.ok, result.errors
    imported = Citizen.objects.filter(municipality_id=odense_admin.municipality_id)
    assert CaseSnapshot.objects.filter(citizen__in=imported).count() == 2
    assert inconsistencies(municipality_id=odense_admin.municipality_id) == []


def test_full_import_creates_citizens_and_periods_with_their_fields(odense_admin, company):
    cpr_one, cpr_two = "1501901235", "020285-1244"
    citizens, periods = full_files(cpr_one, cpr_two)
    with mock.patch.object(changes, "reloaded") as rebuild:
        result = run(odense_admin, citizens, periods)
    assert result.ok, result.errors
    assert (result.citizens.created, result.citizens.updated, result.citizens.unchanged) == (
        2,
        0,
        0,
    )
    assert (result.periods.created, result.periods.updated, result.periods.unchanged) == (9, 0, 0)
    rebuild.assert_called_once_with(odense_admin.municipality_id)

    amal = Citizen.objects.get(external_id="B1")
    assert amal.municipality == odense_admin.municipality
    assert amal.cpr_digest == cpr_digest("1501901235")
    assert cpr_decrypt(amal.cpr_encrypted) == "1501901235"
    assert amal.birth_date == dt.date(1990, 1, 15) and amal.gender == "M"
    assert (amal.first_name, amal.last_name, amal.country_of_origin.code) == (
        "Amal",
        "Haddad",
        "SY",
    )
    assert amal.takeover_date == dt.date(2026, 1, 5) and amal.interpreter_needed
    yonas = Citizen.objects.get(external_id="B2")
    assert yonas.gender == "F" and yonas.birth_date == dt.date(1985, 2, 2)
    assert (yonas.country_of_origin.code, yonas.category) == ("ER", "family_reunified")
    assert (yonas.preferred_language, yonas.interpreter_needed) == ("ti", False)

    by_id = {p.external_id: p for p in Period.objects.select_related("offer_type", "benefit_type")}
    assert by_id["P1"].kind == PeriodKind.PROGRAMME and by_id["P1"].code == "programme"
    assert by_id["P1"].planned_end == dt.date(2027, 1, 4) and by_id["P1"].end is None
    assert by_id["P2"].benefit_type.code == "integrationsydelse"
    assert (by_id["P3"].code, by_id["P3"].end) == ("job_ready", dt.date(2026, 3, 31))
    assert by_id["P4"].reason == "Dokumenteret"
    placement = by_id["P5"]
    assert placement.offer_type.code == "virksomhedspraktik" and placement.company == company
    assert placement.hours_per_week == Decimal("25.5")
    assert (by_id["P6"].module, by_id["P6"].hours_per_week) == ("Modul 2", Decimal("15"))
    assert by_id["P9"].code == "ordinary_job" and by_id["P9"].citizen == yonas
    assert {p.created_by for p in by_id.values()} == {odense_admin}
    assert {p.municipality_id for p in by_id.values()} == {odense_admin.municipality_id}

    entries = AuditEntry.objects.filter(citizen=amal).order_by("seq")
    assert [e.action for e in entries] == [Action.CREATE, Action.UPDATE]
    assert {e.actor for e in entries} == {odense_admin}
    assert "first_name" in entries[0].details["fields"] and entries[0].details["import"] == "upload"
    assert entries[1].details["periods_created"] == ["P1", "P2", "P3", "P4", "P5", "P6", "P7"]
    assert AuditEntry.objects.count() == 4
    checked, breaks = verify_chain()
    assert checked == 4 and breaks == []


def test_the_example_files_import_and_hold_only_made_up_names(odense_admin):
    result = import_cases(
        actor=odense_admin,
        citizens=io.BytesIO(example_csv("borgere").encode()),
        periods=io.BytesIO(example_csv("perioder").encode()),
    )
    assert result.ok, result.errors
    assert (result.citizens.created, result.periods.created) == (3, 9)
    assert {row[3] for row in EXAMPLE_CITIZENS} == {"Eksempel", "Prøvesen", "Testenko"}


def test_a_byte_order_mark_and_danish_dates_are_read(odense_admin):
    rows = [citizen_row("B1", overtagelsesdato="05-01-2026")]
    result = import_cases(actor=odense_admin, citizens=citizens_csv(*rows, bom=True))
    assert result.ok, result.errors
    assert Citizen.objects.get().takeover_date == dt.date(2026, 1, 5)


def test_reimporting_the_same_files_changes_nothing(odense_admin, company):
    citizens, periods = full_files(next_cpr(), next_cpr(dt.date(1985, 2, 2)))
    run(odense_admin, citizens, periods)
    before = counts()
    stamps = list(Citizen.objects.values_list("id", "updated_at", "version"))
    rows = list(Period.objects.values_list(*[f.attname for f in Period._meta.concrete_fields]))
    with mock.patch.object(changes, "reloaded") as rebuild:
        result = run(odense_admin, citizens, periods)
    assert result.ok
    assert (result.citizens.created, result.citizens.updated, result.citizens.unchanged) == (
        0,
        0,
        2,
    )
    assert (result.periods.created, result.periods.updated, result.periods.unchanged) == (0, 0, 9)
    assert counts() == before
    assert list(Citizen.objects.values_list("id", "updated_at", "version")) == stamps
    fields = [f.attname for f in Period._meta.concrete_fields]
    assert list(Period.objects.values_list(*fields)) == rows
    rebuild.assert_not_called()


def test_a_changed_value_updates_the_row_and_is_audited(odense_admin, company):
    citizens, periods = full_files(next_cpr(), next_cpr(dt.date(1985, 2, 2)))
    run(odense_admin, citizens, periods)
    amal = Citizen.objects.get(external_id="B1")
    entries_before = AuditEntry.objects.count()
    citizens[0]["efternavn"] = "Haddad-Nielsen"
    periods[6]["slut"] = "2026-05-20"  # P7, the absence
    result = run(odense_admin, citizens, periods)
    assert result.ok, result.errors
    assert (result.citizens.updated, result.citizens.unchanged) == (1, 1)
    assert (result.periods.created, result.periods.updated, result.periods.unchanged) == (0, 1, 8)
    amal.refresh_from_db()
    assert amal.last_name == "Haddad-Nielsen" and amal.version == 2
    assert Period.objects.get(external_id="P7").end == dt.date(2026, 5, 20)
    new = AuditEntry.objects.filter(seq__gt=entries_before).order_by("seq")
    assert [(e.citizen, e.action) for e in new] == [(amal, Action.UPDATE), (amal, Action.UPDATE)]
    assert new[0].details["fields"] == ["last_name"]
    assert new[1].details["periods_updated"] == {"P7": ["end"]}
    assert verify_chain()[1] == []


def test_a_citizen_registered_by_hand_is_taken_over_by_cpr(odense_admin, odense):
    cpr = next_cpr()
    existing = CitizenFactory(municipality=odense, cpr=cpr, last_name="Før")
    result = run(odense_admin, [citizen_row("B7", cpr, efternavn="Efter")])
    assert result.ok, result.errors
    assert (result.citizens.created, result.citizens.updated) == (0, 1)
    existing.refresh_from_db()
    assert (existing.external_id, existing.last_name) == ("B7", "Efter")
    entry = AuditEntry.objects.get(citizen=existing)
    assert "external_id" in entry.details["fields"]


def test_dry_run_reports_what_would_happen_and_saves_nothing(odense_admin, company):
    citizens, periods = full_files(next_cpr(), next_cpr(dt.date(1985, 2, 2)))
    before = counts()
    with mock.patch.object(changes, "reloaded") as rebuild:
        result = run(odense_admin, citizens, periods, dry_run=True)
    assert result.ok and result.dry_run
    assert (result.citizens.created, result.periods.created) == (2, 9)
    assert counts() == before
    rebuild.assert_not_called()


def test_the_number_of_queries_does_not_grow_with_the_rows(odense_admin):
    def queries(citizens: int) -> int:
        ids = [f"Q{citizens}-{i}" for i in range(citizens)]
        rows = [citizen_row(i) for i in ids]
        periods = [
            row
            for i in ids
            for row in (
                programme(f"{i}-a", i),
                period_row(f"{i}-b", i, "benefit", "integrationsydelse"),
                period_row(f"{i}-c", i, "offer", "du1", planlagt_slut="2026-06-30"),
            )
        ]
        with mock.patch.object(changes, "reloaded"), CaptureQueriesContext(connection) as seen:
            assert run(odense_admin, rows, periods).ok
        return len(seen)

    queries(2)  # the first entry in the audit log creates the chain's head
    # Within one batch (and one INSERT of audit entries: SQLite takes 999 values, 76 rows).
    assert queries(10) == queries(30)


def test_only_an_administrator_may_import(odense_caseworker):
    with pytest.raises(PermissionDenied):
        run(odense_caseworker, [citizen_row()])


# --- Errors --------------------------------------------------------------------------------


def rejected(actor, citizens, periods=None) -> list[str]:
    """The import's errors, after checking that it changed nothing."""
    before = counts()
    with mock.patch.object(changes, "reloaded") as rebuild:
        result = run(actor, citizens, periods)
    assert not result.ok
    assert counts() == before
    rebuild.assert_not_called()
    return result.errors


def test_a_bad_date_names_file_row_and_column(odense_admin):
    errors = rejected(
        odense_admin,
        [citizen_row("B1")],
        [programme("P1", "B1"), period_row("P2", "B1", "absence", "sick", slut="2019-13-01")],
    )
    assert errors == [
        "perioder.csv, række 3, kolonne 'slut': 2019-13-01 er ikke en dato. "
        "Skriv ÅÅÅÅ-MM-DD, fx 2024-03-01."
    ]


def test_an_end_before_the_start_is_refused_by_the_rule(odense_admin):
    errors = rejected(
        odense_admin,
        [citizen_row("B1")],
        [programme("P1", "B1", slut="2025-12-31")],
    )
    assert errors == [
        "perioder.csv, række 2, kolonne 'slut': Slutdatoen kan ikke ligge før startdatoen."
    ]


def test_an_unknown_code_lists_the_allowed_ones(odense_admin):
    errors = rejected(
        odense_admin,
        [citizen_row("B1")],
        [
            programme("P1", "B1"),
            period_row("P2", "B1", "absence", "sygdom"),
            period_row("P3", "B1", "benefit", "dagpenge"),
            period_row("P4", "B1", "ferie"),
        ],
    )
    assert errors[0] == (
        "perioder.csv, række 3, kolonne 'type': 'sygdom' er ikke en type for art 'absence'. "
        "Tilladte typer: maternity, sick, other."
    )
    assert errors[1].startswith("perioder.csv, række 4, kolonne 'type': 'dagpenge' er ikke")
    assert "integrationsydelse" in errors[1] and "kontanthjaelp" in errors[1]
    assert errors[2] == (
        "perioder.csv, række 5, kolonne 'art': 'ferie' er ikke en af de tilladte værdier: "
        "programme, benefit, visitation, offer, outcome, absence."
    )


def test_overlapping_periods_in_the_file_name_both_rows(odense_admin):
    errors = rejected(
        odense_admin,
        [citizen_row("B1")],
        [
            programme("P1", "B1"),
            period_row("P2", "B1", "visitation", "job_ready"),
            period_row("P3", "B1", "visitation", "activity_ready", "2026-03-01", begrundelse="x"),
        ],
    )
    assert errors == [
        "perioder.csv, række 4, kolonne 'start': Perioden overlapper med Jobparat 05.01.2026– "
        "(række 3). Afslut den først."
    ]


def test_overlap_with_a_period_typed_into_fremdrift(odense_admin, odense_caseworker, odense):
    citizen = CitizenFactory(
        municipality=odense, external_id="B1", takeover_date=dt.date(2026, 1, 5)
    )
    services.period_start(
        actor=odense_caseworker,
        citizen=citizen,
        kind=PeriodKind.PROGRAMME,
        start=dt.date(2026, 1, 5),
    )
    cpr = cpr_decrypt(citizen.cpr_encrypted)
    errors = rejected(odense_admin, [citizen_row("B1", cpr)], [programme("P1", "B1", "2026-06-01")])
    assert errors == [
        "perioder.csv, række 2, kolonne 'start': Perioden overlapper med Integrationsprogram "
        "05.01.2026– (allerede i Fremdrift). Afslut den først."
    ]


def test_an_offer_outside_the_programme_is_refused(odense_admin):
    errors = rejected(
        odense_admin,
        [citizen_row("B1"), citizen_row("B2")],
        [
            programme("P1", "B1", slut="2026-06-30"),
            period_row("P2", "B1", "offer", "du1", "2026-06-01", planlagt_slut="2026-08-31"),
            period_row("P3", "B2", "offer", "du1", "2026-06-01"),
        ],
    )
    assert errors == [
        "perioder.csv, række 3, kolonne 'start': Tilbuddet skal ligge inden for "
        "integrationsprogrammet (Integrationsprogram 05.01.2026–30.06.2026).",
        "perioder.csv, række 4, kolonne 'start': Borgeren er ikke i integrationsprogrammet. "
        "Start programmet først.",
    ]


def test_a_shortened_programme_must_still_hold_the_saved_offers(odense_admin):
    citizens = [citizen_row("B1")]
    offer = period_row("P2", "B1", "offer", "du1", "2026-02-01", planlagt_slut="2026-06-30")
    assert run(odense_admin, citizens, [programme("P1", "B1"), offer]).ok
    errors = rejected(odense_admin, citizens, [programme("P1", "B1", slut="2026-03-31")])
    assert errors == [
        "perioder.csv, række 2, kolonne 'slut': Danskuddannelse 1 01.02.2026– (allerede i "
        "Fremdrift): Tilbuddet skal ligge inden for integrationsprogrammet (Integrationsprogram "
        "05.01.2026–31.03.2026)."
    ]


def test_a_placement_needs_a_company_from_the_register(odense_admin, company):
    errors = rejected(
        odense_admin,
        [citizen_row("B1")],
        [
            programme("P1", "B1"),
            period_row("P2", "B1", "offer", "virksomhedspraktik"),
            period_row("P3", "B1", "offer", "loentilskud_privat", cvr="12345678"),
        ],
    )
    assert errors == [
        "perioder.csv, række 3, kolonne 'cvr': Virksomhedspraktik foregår i en virksomhed: "
        "vælg virksomheden.",
        "perioder.csv, række 4, kolonne 'cvr': Der er ingen virksomhed med CVR-nummer 12345678 "
        "i kommunens virksomhedsregister. Opret den under Virksomheder først.",
    ]


def test_a_period_for_an_unknown_citizen(odense_admin, holbaek):
    CitizenFactory(municipality=holbaek, external_id="B9")  # another municipality's B9
    errors = rejected(odense_admin, [citizen_row("B1")], [programme("P1", "B9")])
    assert errors == [
        "perioder.csv, række 2, kolonne 'borger_id': borger_id 'B9' findes hverken i "
        "borgere.csv eller blandt kommunens borgere."
    ]


def test_duplicate_ids_in_a_file_name_both_rows(odense_admin):
    cpr = next_cpr()
    errors = rejected(
        odense_admin,
        [citizen_row("B1"), citizen_row("B1"), citizen_row("B2", cpr), citizen_row("B3", cpr)],
        [programme("P1", "B2"), period_row("P1", "B2", "benefit", "integrationsydelse")],
    )
    masked = f"{cpr[:6]}-XXXX"
    assert errors == [
        "borgere.csv, række 3, kolonne 'borger_id': borger_id 'B1' står også i række 2.",
        f"borgere.csv, række 5, kolonne 'cpr': CPR-nummeret {masked} står også i række 4.",
        "perioder.csv, række 3, kolonne 'periode_id': periode_id 'P1' står også i række 2.",
    ]


def test_a_citizens_periods_must_stand_together(odense_admin):
    errors = rejected(
        odense_admin,
        [citizen_row("B1"), citizen_row("B2")],
        [programme("P1", "B1"), programme("P2", "B2"), period_row("P3", "B1", "benefit", "ingen")],
    )
    assert errors == [
        "perioder.csv, række 4, kolonne 'borger_id': En borgers perioder skal stå samlet i "
        "filen, men borger_id 'B1' stod også i række 2."
    ]


def test_rules_hold_across_batches(odense_admin, monkeypatch):
    monkeypatch.setattr(formats, "BATCH_SIZE", 2)
    cpr = next_cpr()
    citizens = [citizen_row(f"B{i}") for i in range(1, 6)] + [
        citizen_row("B2"),
        citizen_row("B6", cpr),
        citizen_row("B7"),
        citizen_row("B8", cpr),
    ]
    periods = [programme(f"P{i}", f"B{i}") for i in range(1, 6)] + [
        programme("P1", "B6"),
        period_row("P9", "B7", "benefit", "ingen"),
        period_row("P10", "B7", "benefit", "ingen", "2026-02-01"),
        period_row("P11", "B7", "visitation", "job_ready"),
        period_row("P12", "B1", "visitation", "job_ready"),
    ]
    errors = rejected(odense_admin, citizens, periods)
    assert errors == [
        "borgere.csv, række 7, kolonne 'borger_id': borger_id 'B2' står også i række 3.",
        f"borgere.csv, række 10, kolonne 'cpr': CPR-nummeret {cpr[:6]}-XXXX står også i række 8.",
        "perioder.csv, række 7, kolonne 'periode_id': periode_id 'P1' står også i række 2.",
        "perioder.csv, række 9, kolonne 'start': Perioden overlapper med Ingen ydelse "
        "05.01.2026– (række 8). Afslut den først.",
        "perioder.csv, række 11, kolonne 'borger_id': En borgers perioder skal stå samlet i "
        "filen, men borger_id 'B1' stod også i række 2.",
    ]


def test_an_invalid_cpr_is_masked_in_the_error(odense_admin):
    errors = rejected(odense_admin, [citizen_row("B1", "3213901234")])
    assert errors == [
        "borgere.csv, række 2, kolonne 'cpr': CPR-nummeret 321390-XXXX kan ikke bruges: "
        "CPR-nummerets første seks cifre er ikke en gyldig dato (DDMMÅÅ)."
    ]
    assert "1234" not in errors[0]


def test_a_cpr_put_in_another_column_is_masked_too(odense_admin):
    errors = rejected(odense_admin, [citizen_row("B1", overtagelsesdato="010190-1234")])
    assert "010190-XXXX er ikke en dato" in errors[0] and "1234" not in errors[0]


def test_a_cpr_of_another_municipality_reveals_nothing(odense_admin, holbaek):
    cpr = next_cpr()
    CitizenFactory(municipality=holbaek, cpr=cpr, external_id="H-77", last_name="Kjærsgaard")
    errors = rejected(odense_admin, [citizen_row("B1", cpr)])
    assert errors == [
        f"borgere.csv, række 2, kolonne 'cpr': CPR-nummeret {cpr[:6]}-XXXX findes allerede "
        "i systemet."
    ]
    [match] = AuditEntry.objects.filter(action=Action.CPR_MATCH)
    assert (match.municipality, match.actor) == (holbaek, odense_admin)


def test_a_cpr_cannot_change_for_a_known_citizen(odense_admin):
    run(odense_admin, [citizen_row("B1")])
    errors = rejected(odense_admin, [citizen_row("B1", next_cpr())])
    assert errors == [
        "borgere.csv, række 2, kolonne 'cpr': borger_id 'B1' er allerede importeret med et "
        "andet CPR-nummer. Et CPR-nummer kan ikke ændres ved import."
    ]


def test_a_period_cannot_move_to_another_citizen(odense_admin):
    run(odense_admin, [citizen_row("B1"), citizen_row("B2")], [programme("P1", "B1")])
    errors = rejected(odense_admin, [], [programme("P1", "B2")])
    assert errors == [
        "perioder.csv, række 2, kolonne 'periode_id': periode_id 'P1' hører til borger_id 'B1'. "
        "En periode kan ikke flyttes til en anden borger."
    ]


def test_citizen_fields_are_checked(odense_admin):
    errors = rejected(
        odense_admin,
        [
            citizen_row(
                "B1",
                fornavn="",
                oprindelsesland="QQ",
                kategori="asylum",
                foretrukket_sprog="xx",
                tolk="måske",
                overtagelsesdato=(clock.today() + dt.timedelta(days=400)).isoformat(),
            )
        ],
    )
    assert errors == [
        "borgere.csv, række 2, kolonne 'fornavn': Skal udfyldes.",
        "borgere.csv, række 2, kolonne 'oprindelsesland': 'QQ' er ikke en landekode. Brug "
        "ISO 3166-koden med to bogstaver, fx SY, eller XS (statsløs) eller XX (ukendt).",
        "borgere.csv, række 2, kolonne 'kategori': 'asylum' er ikke en af de tilladte værdier: "
        "refugee, family_reunified, other.",
        "borgere.csv, række 2, kolonne 'overtagelsesdato': Overtagelsesdatoen kan højst ligge "
        "et år frem i tiden.",
        "borgere.csv, række 2, kolonne 'foretrukket_sprog': 'xx' er ikke en af de tilladte "
        "værdier: da, en, am, ar, prs, fa, fr, ku, ps, ru, so, tl, th, ti, tr, uk.",
        "borgere.csv, række 2, kolonne 'tolk': 'måske' skal være ja eller nej.",
    ]


def test_an_implausible_takeover_date_is_an_error_on_its_row(odense_admin):
    errors = rejected(
        odense_admin,
        [
            citizen_row("B1", cpr="010310-4321", overtagelsesdato="2027-06-01"),  # born 2010
            citizen_row("B2", overtagelsesdato="1989-12-31"),
        ],
    )
    assert errors == [
        "borgere.csv, række 2, kolonne 'overtagelsesdato': Borgeren var under 18 år på "
        "overtagelsesdatoen (fylder 18 den 1. marts 2028). Integrationsprogrammet er for voksne.",
        "borgere.csv, række 3, kolonne 'overtagelsesdato': Overtagelsesdatoen kan ikke ligge "
        "før 1. januar 1990.",
    ]


def test_an_overlong_id_is_an_error_not_a_crash(odense_admin):
    long_id = "B" * 300
    errors = rejected(odense_admin, [citizen_row(long_id)], [programme("P" * 300, long_id)])
    assert errors == [
        "borgere.csv, række 2, kolonne 'borger_id': Højst 64 tegn.",
        "perioder.csv, række 2, kolonne 'periode_id': Højst 64 tegn.",
        "perioder.csv, række 2, kolonne 'borger_id': Højst 64 tegn.",
    ]


def test_an_error_in_the_periods_file_keeps_the_citizens_out_too(odense_admin):
    errors = rejected(
        odense_admin,
        [citizen_row("B1"), citizen_row("B2")],
        [programme("P1", "B1"), period_row("P2", "B2", "visitation", "activity_ready")],
    )
    assert errors == [
        "perioder.csv, række 3, kolonne 'begrundelse': Visitation som aktivitetsparat kræver "
        "en dokumenteret begrundelse."
    ]


def test_a_citizen_row_in_error_does_not_cascade_to_its_periods(odense_admin):
    errors = rejected(
        odense_admin,
        [citizen_row("B1", kategori="x")],
        [programme("P1", "B1"), period_row("P2", "B1", "benefit", "ingen", "2026-13-01")],
    )
    assert len(errors) == 2
    assert errors[0].startswith("borgere.csv, række 2, kolonne 'kategori'")
    assert errors[1].startswith("perioder.csv, række 3, kolonne 'start': 2026-13-01 er ikke")


def test_hours_are_a_number_with_at_most_one_decimal(odense_admin):
    errors = rejected(
        odense_admin,
        [citizen_row("B1")],
        [
            programme("P1", "B1"),
            period_row("P2", "B1", "offer", "du1", timer_pr_uge="mange"),
            period_row("P3", "B1", "offer", "du2", timer_pr_uge="12,25"),
            period_row("P4", "B1", "offer", "du3", timer_pr_uge="75"),
        ],
    )
    assert errors == [
        "perioder.csv, række 3, kolonne 'timer_pr_uge': mange er ikke et tal.",
        "perioder.csv, række 4, kolonne 'timer_pr_uge': Højst én decimal, fx 37,5.",
        "perioder.csv, række 5, kolonne 'timer_pr_uge': Timer pr. uge skal være mellem 0 og 60.",
    ]


def test_a_wrong_header_is_one_clear_error(odense_admin):
    bad = io.BytesIO(b"borger_id;cpr;navn\r\nB1;0101901234;Amal\r\n")
    before = counts()
    result = import_cases(actor=odense_admin, citizens=bad)
    assert counts() == before
    assert len(result.errors) == 1
    assert result.errors[0].startswith(
        "borgere.csv, række 1: Kolonnen mangler: fornavn, efternavn, oprindelsesland, kategori,"
    )
    assert "Ukendt kolonne: navn." in result.errors[0]
    assert "Overskriften skal være: borger_id;cpr;fornavn;" in result.errors[0]


def test_commas_instead_of_semicolons(odense_admin):
    bad = io.BytesIO(",".join(CITIZEN_COLUMNS).encode() + b"\r\n")
    result = import_cases(actor=odense_admin, citizens=bad)
    assert result.errors == [
        "borgere.csv, række 1: Felterne skal være adskilt af semikolon (;), ikke komma."
    ]


def test_a_row_with_too_many_fields(odense_admin):
    file = citizens_csv(citizen_row("B1", fornavn="Amal;Sara"))
    result = import_cases(actor=odense_admin, citizens=file)
    assert result.errors == ["borgere.csv, række 2: Rækken har 10 felter, men overskriften har 9."]


def test_a_file_that_is_not_utf8_is_refused_at_the_row_that_is_not(odense_admin):
    good = ";".join(citizen_row("B1").values())
    bad = ";".join(citizen_row("B2", fornavn="Søren").values())
    content = f"{';'.join(CITIZEN_COLUMNS)}\r\n{good}\r\n".encode() + bad.encode("latin-1")
    result = import_cases(actor=odense_admin, citizens=io.BytesIO(content))
    assert result.errors == [
        "borgere.csv, række 3: Filen er ikke gemt som UTF-8. Gem den som 'CSV UTF-8' og prøv igen."
    ]
    assert Citizen.objects.count() == 0


def test_quoted_values_may_hold_separators_and_line_breaks(odense_admin):
    citizens = citizens_csv(citizen_row("B1"))
    periods = (
        ";".join(PERIOD_COLUMNS) + "\r\n"
        + ";".join(programme("P1", "B1").values()) + "\r\n"
        + ";".join(period_row("P2", "B1", "visitation", "activity_ready").values())
        + '"Lægeerklæring; se\r\nbilag ""A"""\r\n'
        + ";".join(period_row("P3", "B1", "absence", "syg").values()) + "\r\n"
    )  # fmt: skip
    result = import_cases(
        actor=odense_admin, citizens=citizens, periods=io.BytesIO(periods.encode())
    )
    assert result.errors == [
        "perioder.csv, række 4, kolonne 'type': 'syg' er ikke en type for art 'absence'. "
        "Tilladte typer: maternity, sick, other."
    ]
    citizens.seek(0)
    periods = periods.replace("absence;syg", "absence;sick")
    result = import_cases(
        actor=odense_admin, citizens=citizens, periods=io.BytesIO(periods.encode())
    )
    assert result.ok, result.errors
    assert Period.objects.get(external_id="P2").reason == 'Lægeerklæring; se\r\nbilag "A"'


def test_an_empty_file(odense_admin):
    result = import_cases(actor=odense_admin, citizens=io.BytesIO(b""))
    assert result.errors == ["borgere.csv: Filen er tom. Første række skal være overskriften."]


def test_the_first_hundred_errors_are_listed_and_the_rest_counted(odense_admin):
    rows = [citizen_row(f"B{i}", kategori="x") for i in range(130)]
    result = run(odense_admin, rows)
    assert result.error_count == 130 and len(result.errors) == 100
    assert result.error_lines()[-1] == "og 30 fejl mere"
    assert Citizen.objects.count() == 0


# --- The command ---------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path):
    citizens = tmp_path / "borgere.csv"
    periods = tmp_path / "perioder.csv"
    citizens.write_text(example_csv("borgere"), encoding="utf-8")
    periods.write_text(example_csv("perioder"), encoding="utf-8")
    return citizens, periods


def test_command_imports_as_the_first_active_administrator(odense, odense_admin, files, capsys):
    UserFactory(municipality=odense, role=Role.ADMINISTRATOR, username="senere-admin")
    citizens, periods = files
    call_command(
        "import_cases", "--municipality", "461", "--citizens", citizens, "--periods", periods
    )
    out = capsys.readouterr().out
    assert "Importen er gennemført (odense-administrator)" in out
    assert "Borgere: 3 oprettet, 0 ændret, 0 uændret" in out
    assert Period.objects.filter(municipality=odense).count() == 9
    entries = AuditEntry.objects.filter(municipality=odense)
    assert {e.actor for e in entries} == {odense_admin}
    assert {e.details["import"] for e in entries} == {"import_cases"}


def test_command_dry_run_saves_nothing(odense_admin, files, capsys):
    citizens, _periods = files
    call_command("import_cases", "--municipality=461", f"--citizens={citizens}", "--dry-run")
    assert "intet er gemt" in capsys.readouterr().out
    assert Citizen.objects.count() == 0


def test_command_reports_errors_and_fails(odense_admin, tmp_path, capsys):
    bad = tmp_path / "borgere.csv"
    bad.write_bytes(citizens_csv(citizen_row("B1", kategori="x")).getvalue())
    with pytest.raises(CommandError, match="1 fejl"):
        call_command("import_cases", "--municipality=461", f"--citizens={bad}")
    assert "borgere.csv, række 2, kolonne 'kategori'" in capsys.readouterr().err
    assert Citizen.objects.count() == 0


def test_command_needs_an_active_administrator(odense, odense_caseworker, files):
    UserFactory(municipality=odense, role=Role.ADMINISTRATOR, is_active=False)
    with pytest.raises(CommandError, match="ingen aktiv administrator"):
        call_command("import_cases", "--municipality=461", f"--citizens={files[0]}")


def test_command_needs_a_known_municipality(db, files):
    with pytest.raises(CommandError, match="Ingen kommune med koden 999"):
        call_command("import_cases", "--municipality=999", f"--citizens={files[0]}")


# --- Memory --------------------------------------------------------------------------------


def write_large_files(folder, citizens: int, first: int = 0) -> tuple:
    """`citizens` synthetic citizens with five periods each, written row by row."""
    citizens_path, periods_path = (
        folder / f"borgere-{first}-{citizens}.csv",
        folder / f"perioder-{first}-{citizens}.csv",
    )
    with (
        citizens_path.open("w", encoding="utf-8") as out_c,
        periods_path.open("w", encoding="utf-8") as out_p,
    ):
        out_c.write(";".join(CITIZEN_COLUMNS) + "\n")
        out_p.write(";".join(PERIOD_COLUMNS) + "\n")
        for i in range(first, first + citizens):
            birth = dt.date(1960, 1, 1) + dt.timedelta(days=i // 300)
            cpr = birth.strftime("%d%m%y") + f"{(i % 300) * 10 + 1:04d}"
            # The same three months of takeovers in every file: the figures span the same months.
            start = dt.date(2024, 1, 1) + dt.timedelta(days=i % 90)
            planned = start + dt.timedelta(days=364)
            sick, well = start + dt.timedelta(days=30), start + dt.timedelta(days=40)
            out_c.write(f"B{i};{cpr};Amal{i};Eksempel;SY;refugee;{start};ar;ja\n")
            out_p.write(f"P{i}a;B{i};programme;;{start};;{planned};;;;\n")
            out_p.write(f"P{i}b;B{i};benefit;integrationsydelse;{start};;;;;;\n")
            out_p.write(f"P{i}c;B{i};visitation;job_ready;{start};;;;;;\n")
            out_p.write(f"P{i}d;B{i};offer;du1;{start};;{planned};15;;Modul 1;\n")
            out_p.write(f"P{i}e;B{i};absence;sick;{sick};{well};;;;;\n")
    return citizens_path, periods_path


def peak_memory(actor, citizens_path, periods_path, dry_run=False) -> tuple[int, ImportResult]:
    gc.collect()
    gc.freeze()  # what exists already is not the import's; and collections stay quick
    tracemalloc.start()
    try:
        with citizens_path.open("rb") as citizens, periods_path.open("rb") as periods:
            result = import_cases(actor=actor, citizens=citizens, periods=periods, dry_run=dry_run)
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()
        gc.unfreeze()


def test_memory_does_not_grow_with_the_files(odense_admin, tmp_path, monkeypatch):
    # Small batches, so that both files span many of them: what one batch holds is the same
    # for both sizes, and anything kept per row would show as growth.
    monkeypatch.setattr(formats, "BATCH_SIZE", 100)
    # CPython keeps freed tuples, lists and dicts on free lists (a few thousand of each size)
    # and empties them at a full collection, which a long run of short-lived objects seldom
    # triggers. tracemalloc counts what sits on them, so it would see them fill up: bounded
    # by the interpreter, not by the file. A collection after each batch keeps them out.
    for module, name in (
        (citizen_import, "_citizen_batch"),
        (period_import, "_period_batch"),
        (importer, "_audit_many"),
    ):
        monkeypatch.setattr(module, name, _collecting(getattr(module, name)))
    # The figures' rebuild at the end is results.refresh's: its median holds the start day
    # of every benefit spell, so its memory grows with the municipality, not with the file.
    monkeypatch.setattr(changes, "reloaded", mock.Mock())
    # Three sets of new citizens, so each import creates (and audits) everything.
    # tracemalloc makes the import several times slower, which sets the sizes.
    warm_up = write_large_files(tmp_path, 200, first=10_000)
    small = write_large_files(tmp_path, 200, first=20_000)
    large = write_large_files(tmp_path, 1000, first=30_000)
    # The first import loads modules and catalogues and fills caches: not the import's.
    with warm_up[0].open("rb") as citizens, warm_up[1].open("rb") as periods:
        assert import_cases(actor=odense_admin, citizens=citizens, periods=periods).ok
    small_peak, small_result = peak_memory(odense_admin, *small)
    large_peak, large_result = peak_memory(odense_admin, *large)
    assert small_result.ok and large_result.ok, large_result.errors
    assert (small_result.periods.created, large_result.periods.created) == (1000, 5000)
    print(f"peak {small_peak / 1e6:.2f} MB for 200 citizens, {large_peak / 1e6:.2f} MB for 1000")
    assert large_peak / small_peak < 1.5


def _collecting(batch_function):
    def run_and_collect(*args):
        batch_function(*args)
        gc.collect()

    return run_and_collect
