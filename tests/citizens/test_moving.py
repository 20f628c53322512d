"""A citizen moves from Odense to Holbæk (issue 17, item 4).

Odense records the move; only then, and only by an explicit, audited confirmation of a
Holbæk caseworker, does anything of the case cross the boundary, as new Holbæk rows. Before
the move Holbæk learns nothing but "registered elsewhere"; before the confirmation, only
counts; after it, the copies, never Odense's own rows.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.citizens.cpr_storage import cpr_decrypt
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.services import CaseCanFollow, CprTaken, citizen_create
from fremdrift.competences.models import Assessment, Competence
from fremdrift.journey.models import BenefitType, OfferType, Period
from fremdrift.journey.services import citizen_visit, period_end, period_start
from fremdrift.journey.takeover_services import case_takeover
from fremdrift.journey.types import Outcome, PeriodKind
from fremdrift.plans.models import Plan, SubGoal
from fremdrift.results.models import FigureValue
from fremdrift.results.refresh import rebuild
from fremdrift.retention.erasure_services import erase_personal_data
from tests.caseimport.test_importer import citizen_row, run
from tests.citizens.test_services import data
from tests.citizens.test_views import LIST, NEW, form_data, names_in
from tests.conftest import login
from tests.factories import CitizenFactory, MunicipalityFactory, UserFactory
from tests.test_boundary import OBJECT_URLS

pytestmark = pytest.mark.django_db

MOVED_ON = dt.date(2026, 10, 31)
TODAY = dt.date(2026, 11, 18)
TAKEOVER = reverse("citizens:takeover")


@pytest.fixture(autouse=True)
def _on_the_cases_day():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(12)), tick=False):
        yield


@pytest.fixture
def odense_case(odense_caseworker, odense_citizen) -> Citizen:
    """Odense's case: programme, job-ready, a benefit, a Danish course, a plan with two
    sub-goals, a competence with an assessment."""
    actor, citizen = odense_caseworker, odense_citizen
    period_start(
        actor=actor,
        citizen=citizen,
        kind=PeriodKind.PROGRAMME,
        start=dt.date(2026, 3, 1),
        planned_end=dt.date(2027, 2, 28),
    )
    citizen_visit(
        actor=actor, citizen=citizen, category="job_ready", on=dt.date(2026, 3, 10), reason=""
    )
    period_start(
        actor=actor,
        citizen=citizen,
        kind=PeriodKind.BENEFIT,
        start=dt.date(2026, 3, 1),
        benefit_type=BenefitType.objects.first(),
    )
    plan = Plan.objects.create(
        municipality=citizen.municipality, citizen=citizen, end_goal="job", field="Lager"
    )
    for n, text in enumerate(("Truckcertifikat", "Dansk modul 3")):
        SubGoal.objects.create(
            municipality=citizen.municipality,
            plan=plan,
            text=text,
            target_date=dt.date(2027, 1, 1),
            order=n,
        )
    competence = Competence.objects.create(
        municipality=citizen.municipality,
        citizen=citizen,
        kind="trade",
        title="Svejsning",
        level=3,
        assessed_on=dt.date(2026, 6, 1),
    )
    Assessment.objects.create(
        municipality=citizen.municipality,
        competence=competence,
        level=3,
        assessor_role="caseworker",
        assessed_on=dt.date(2026, 6, 1),
    )
    return citizen


def record_move(actor, citizen, on=MOVED_ON) -> Period:
    return period_start(
        actor=actor, citizen=citizen, kind=PeriodKind.OUTCOME, code=Outcome.MOVED, start=on
    )


def cpr_of(citizen) -> str:
    digits = cpr_decrypt(citizen.cpr_encrypted)
    return f"{digits[:6]}-{digits[6:]}"


def old_rows(citizen) -> dict:
    """Everything of Odense's row, to prove the takeover changes none of it."""
    return {
        "citizen": Citizen.objects.filter(pk=citizen.pk).values().get(),
        "periods": list(Period.objects.filter(citizen=citizen).values().order_by("pk")),
        "plan": list(Plan.objects.filter(citizen=citizen).values()),
        "goals": list(SubGoal.objects.filter(plan__citizen=citizen).values().order_by("pk")),
        "competences": list(Competence.objects.filter(citizen=citizen).values()),
    }


def boundary_urls_of_the_citizen(citizen) -> list[tuple[str, str]]:
    """Every URL of the boundary matrix that takes the citizen's id, with its method."""
    return [
        (method, reverse(name, kwargs={"pk": citizen.pk}))
        for name, (method, _allowed, fixture, _data) in OBJECT_URLS.items()
        if fixture == "odense_citizen_kwargs"
    ]


def assert_nothing_of(client, citizen, *, also: tuple[str, ...] = ()) -> None:
    for method, url in boundary_urls_of_the_citizen(citizen):
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
        assert citizen.last_name.encode() not in response.content
        for text in also:
            assert text.encode() not in response.content


# Before the move ---------------------------------------------------------------------------


def test_before_the_move_holbaek_sees_nothing(holbaek_caseworker, odense_case):
    client = login(holbaek_caseworker)
    body = client.post(NEW, form_data(cpr=cpr_of(odense_case))).content.decode()
    assert "kan ikke oprettes her" in body and "registreret i en anden kommune" in body
    assert "Odense" not in body and odense_case.last_name not in body
    assert "Overtag sagen" not in body and "delmål" not in body
    # The confirmation itself, posted by hand, is refused without a word about the case.
    response = client.post(TAKEOVER, {"cpr": cpr_of(odense_case), "takeover_date": "2026-11-01"})
    assert response.status_code == 302 and response.url == NEW
    assert client.get(TAKEOVER).url == NEW  # a reload of the offer starts again
    assert "Odense" not in client.get(NEW).content.decode()
    assert names_in(client.get(LIST, {"q": cpr_of(odense_case)})) == set()
    assert_nothing_of(client, odense_case)
    assert list(Citizen.objects.values_list("pk", flat=True)) == [odense_case.pk]
    assert not AuditEntry.objects.filter(action=Action.TAKEOVER).exists()
    with pytest.raises(ValidationError):
        case_takeover(actor=holbaek_caseworker, cpr=cpr_of(odense_case), takeover_date=TODAY)
    with pytest.raises(CprTaken) as taken:
        citizen_create(actor=holbaek_caseworker, cpr=cpr_of(odense_case), data=data())
    assert taken.value.existing is None


def test_odense_records_the_move_and_nothing_can_follow_it(odense_caseworker, odense_case):
    dansk = period_start(
        actor=odense_caseworker,
        citizen=odense_case,
        kind=PeriodKind.OFFER,
        start=dt.date(2026, 9, 1),
        offer_type=OfferType.objects.filter(category="danish").first(),
        module="3",
    )
    record_move(odense_caseworker, odense_case)
    # What ran ends the day before the move: the row holds nothing after it.
    assert not Period.objects.filter(citizen=odense_case, end__isnull=True).exclude(
        kind=PeriodKind.OUTCOME
    )
    dansk.refresh_from_db()
    assert dansk.end == MOVED_ON - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        citizen_visit(
            actor=odense_caseworker,
            citizen=odense_case,
            category="activity_ready",
            on=MOVED_ON + dt.timedelta(days=3),
            reason="x",
        )
    assert "flyttet til en anden kommune" in str(refused.value)
    page = login(odense_caseworker).get(reverse("citizens:detail", kwargs={"pk": odense_case.pk}))
    assert 'data-testid="moved"' in page.content.decode()
    assert "Flyttet til anden kommune" in page.content.decode()
    # Nothing to register any more: the page offers no new period.
    assert f"/forloeb/borger/{odense_case.pk}/ny/" not in page.content.decode()


# After the move, before the confirmation ----------------------------------------------------


def test_after_the_move_the_offer_shows_counts_only(
    odense_caseworker, holbaek_caseworker, odense_case
):
    record_move(odense_caseworker, odense_case)
    with pytest.raises(CaseCanFollow):
        citizen_create(actor=holbaek_caseworker, cpr=cpr_of(odense_case), data=data())
    client = login(holbaek_caseworker)
    body = client.post(NEW, form_data(cpr=cpr_of(odense_case))).content.decode()
    assert "Overtag sagen fra en anden kommune" in body
    assert "Odense" in body and "31.10.2026" in body
    assert "3 perioder" in body  # programme, visitation, benefit
    assert "Plan med 2 delmål" in body and "Kompetencekort med 1 kompetence" in body
    for secret in (odense_case.last_name, "Truckcertifikat", "Svejsning", "Lager"):
        assert secret not in body
    assert 'value="2026-11-01"' in body or "01.11.2026" in body  # the day after the move
    assert Citizen.objects.count() == 1
    assert names_in(client.get(LIST, {"q": cpr_of(odense_case)})) == set()
    assert_nothing_of(client, odense_case, also=("Truckcertifikat",))
    # Looking is in both logs: on the citizen in Odense, without one in Holbæk.
    looks = AuditEntry.objects.filter(purpose__startswith="Tilflytning")
    assert {(e.municipality_id, e.citizen_id) for e in looks} == {
        (odense_case.municipality_id, odense_case.pk),
        (holbaek_caseworker.municipality_id, None),
    }


def test_the_takeover_date_lies_between_the_move_and_today(
    odense_caseworker, holbaek_caseworker, odense_case
):
    record_move(odense_caseworker, odense_case)
    client = login(holbaek_caseworker)
    for day, message in (
        ("2026-10-30", "før flytningen"),
        ((TODAY + dt.timedelta(days=1)).isoformat(), "i fremtiden"),
        ("ikke en dato", "dato"),
    ):
        response = client.post(TAKEOVER, {"cpr": cpr_of(odense_case), "takeover_date": day})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert Citizen.objects.count() == 1
    assert not AuditEntry.objects.filter(action=Action.TAKEOVER).exists()


def test_a_move_recorded_for_a_later_day_cannot_be_taken_over_yet(
    odense_caseworker, holbaek_caseworker, odense_case
):
    record_move(odense_caseworker, odense_case, on=TODAY + dt.timedelta(days=10))
    body = login(holbaek_caseworker).post(NEW, form_data(cpr=cpr_of(odense_case)))
    assert "Sagen kan overtages fra den dag" in body.content.decode()
    assert Citizen.objects.count() == 1


# The takeover -------------------------------------------------------------------------------


def take_over(holbaek_caseworker, odense_case, day=dt.date(2026, 11, 2)) -> Citizen:
    client = login(holbaek_caseworker)
    response = client.post(TAKEOVER, {"cpr": cpr_of(odense_case), "takeover_date": day.isoformat()})
    assert response.status_code == 302, response.content.decode()
    return Citizen.objects.get(municipality=holbaek_caseworker.municipality)


def test_the_takeover_copies_what_follows_and_leaves_odense_as_it_was(
    odense_caseworker, holbaek_caseworker, odense_case
):
    record_move(odense_caseworker, odense_case)
    before = old_rows(odense_case)
    new = take_over(holbaek_caseworker, odense_case)
    assert old_rows(odense_case) == before
    assert new.taken_over_from_id == odense_case.pk
    assert new.caseworker == holbaek_caseworker
    assert new.takeover_date == dt.date(2026, 11, 2)
    assert (new.first_name, new.last_name) == (odense_case.first_name, odense_case.last_name)
    periods = {p.kind: p for p in Period.objects.filter(citizen=new)}
    assert set(periods) == {PeriodKind.PROGRAMME, PeriodKind.VISITATION, PeriodKind.BENEFIT}
    assert all(
        p.start == new.takeover_date and p.municipality == new.municipality
        for p in periods.values()
    )
    # Moving does not restart the programme: it keeps Odense's planned end.
    assert periods[PeriodKind.PROGRAMME].planned_end == dt.date(2027, 2, 28)
    assert "Odense" in periods[PeriodKind.PROGRAMME].reason
    assert periods[PeriodKind.VISITATION].code == "job_ready"
    plan = Plan.objects.get(citizen=new)
    assert plan.municipality == new.municipality and plan.field == "Lager"
    assert [g.text for g in plan.sub_goals.all()] == ["Truckcertifikat", "Dansk modul 3"]
    [competence] = Competence.objects.filter(citizen=new)
    assert competence.title == "Svejsning" and competence.assessments.count() == 1
    # Audited in both chains, naming the other municipality and what was copied.
    entries = AuditEntry.objects.filter(action=Action.TAKEOVER)
    here = entries.get(municipality=new.municipality)
    there = entries.get(municipality=odense_case.municipality)
    assert here.citizen_id == new.pk and here.details["from"] == "Odense"
    assert here.details["copied"] == {
        "periods": 3,
        "plan": 1,
        "sub_goals": 2,
        "competences": 1,
        "assessments": 1,
        "readings": 0,
    }
    assert there.citizen_id == odense_case.pk and "Holbæk" in there.purpose
    assert here.actor == there.actor == holbaek_caseworker


def test_after_the_takeover_each_municipality_sees_only_its_own_row(
    odense_caseworker, holbaek_caseworker, odense_case
):
    record_move(odense_caseworker, odense_case)
    new = take_over(holbaek_caseworker, odense_case)
    holbaek, odense = login(holbaek_caseworker), login(odense_caseworker)
    page = holbaek.get(reverse("citizens:detail", kwargs={"pk": new.pk})).content.decode()
    assert "Lager" in page and 'data-testid="taken-over"' in page
    assert_nothing_of(holbaek, odense_case)
    cpr = cpr_of(odense_case)
    assert names_in(holbaek.get(LIST, {"q": cpr})) == {f"{new.last_name}, {new.first_name}"}
    assert f"/borgere/{odense_case.pk}/" not in holbaek.get(LIST, {"q": cpr}).content.decode()
    # Odense: its own history with the move, and nothing of Holbæk's row.
    assert odense.get(reverse("citizens:detail", kwargs={"pk": new.pk})).status_code == 404
    old_page = odense.get(reverse("citizens:detail", kwargs={"pk": odense_case.pk}))
    assert 'data-testid="moved"' in old_page.content.decode()
    assert "Holbæk" not in old_page.content.decode()
    assert f"/borgere/{new.pk}/" not in odense.get(LIST, {"q": cpr}).content.decode()


def test_a_case_is_taken_over_once_and_then_the_number_is_taken_again(
    odense_caseworker, holbaek_caseworker, odense_case
):
    record_move(odense_caseworker, odense_case)
    new = take_over(holbaek_caseworker, odense_case)
    with pytest.raises(ValidationError):
        case_takeover(actor=holbaek_caseworker, cpr=cpr_of(odense_case), takeover_date=TODAY)
    with pytest.raises(CprTaken) as taken:
        citizen_create(actor=holbaek_caseworker, cpr=cpr_of(odense_case), data=data())
    assert taken.value.existing == new
    # A third municipality meets Holbæk's open case: refused as before any move.
    aarhus = MunicipalityFactory(code="751", name="Aarhus")
    third = UserFactory(username="aarhus-sb", municipality=aarhus, role="caseworker")
    with pytest.raises(CprTaken) as taken:
        citizen_create(actor=third, cpr=cpr_of(odense_case), data=data())
    assert taken.value.existing is None
    with pytest.raises(ValidationError):
        case_takeover(actor=third, cpr=cpr_of(odense_case), takeover_date=TODAY)
    # Odense cannot undo the move under Holbæk's feet.
    move = Period.objects.get(citizen=odense_case, kind=PeriodKind.OUTCOME)
    with pytest.raises(ValidationError):
        period_end(actor=odense_caseworker, period=move, end=TODAY)


def test_one_row_per_municipality_in_the_database(odense, odense_citizen):
    with pytest.raises(IntegrityError), transaction.atomic():
        CitizenFactory(municipality=odense, cpr=cpr_decrypt(odense_citizen.cpr_encrypted))


def test_the_figures_keep_odenses_history_and_count_holbaek_from_the_takeover(
    odense_caseworker, holbaek_caseworker, odense_case
):
    record_move(odense_caseworker, odense_case)
    new = take_over(holbaek_caseworker, odense_case)
    rebuild(today=TODAY, rewrite_finished_months=True)

    def in_programme(municipality, year, month) -> float:
        row = FigureValue.objects.filter(
            municipality=municipality,
            figure="programme",
            period_kind="M",
            month=year * 12 + month - 1,
            dim="",
        ).first()
        return row.numerator if row else 0

    odense, holbaek = odense_case.municipality, new.municipality
    assert in_programme(odense, 2026, 9) == 1  # the history stays in Odense's figures
    assert in_programme(odense, 2026, 11) == 0  # and ends with the move
    assert in_programme(holbaek, 2026, 10) == 0  # Holbæk counts from the takeover
    assert in_programme(holbaek, 2026, 11) == 1
    inflow = FigureValue.objects.filter(municipality=holbaek, figure="inflow", dim="")
    assert {v.month for v in inflow if v.numerator} == {2026 * 12 + 10}


def test_erasing_the_old_row_leaves_the_new_one(odense_caseworker, holbaek_caseworker, odense_case):
    record_move(odense_caseworker, odense_case)
    new = take_over(holbaek_caseworker, odense_case)
    kept = old_rows(new)
    erase_personal_data([odense_case.pk])
    assert old_rows(new) == kept
    assert Plan.objects.get(citizen=odense_case).field == ""
    assert Plan.objects.get(citizen=new).field == "Lager"


def test_the_import_does_not_count_a_moved_citizen_as_taken(
    odense_caseworker, holbaek_caseworker, odense_case
):
    admin = UserFactory(
        username="holbaek-administrator",
        municipality=holbaek_caseworker.municipality,
        role="administrator",
    )
    assert not run(admin, [citizen_row("B1", cpr_of(odense_case))], dry_run=True).ok
    record_move(odense_caseworker, odense_case)
    result = run(admin, [citizen_row("B1", cpr_of(odense_case))])
    assert result.ok, result.errors
    assert Citizen.objects.filter(municipality=holbaek_caseworker.municipality).count() == 1


def test_a_citizen_who_moves_back_is_taken_over_as_a_new_stay(
    odense_caseworker, holbaek_caseworker, odense_case
):
    """Odense to Holbæk and back: Odense's old row keeps its history, and the return is a
    new Odense row taken over from Holbæk, as any move in."""
    record_move(odense_caseworker, odense_case)
    stay = take_over(holbaek_caseworker, odense_case)
    cpr = cpr_of(odense_case)
    # While Holbæk's case is open, Odense is refused, pointed to its own old row.
    with pytest.raises(CprTaken) as taken:
        citizen_create(actor=odense_caseworker, cpr=cpr, data=data())
    assert taken.value.existing == odense_case
    record_move(holbaek_caseworker, stay, on=dt.date(2026, 11, 10))
    with pytest.raises(CaseCanFollow):
        citizen_create(actor=odense_caseworker, cpr=cpr, data=data())
    back = case_takeover(actor=odense_caseworker, cpr=cpr, takeover_date=dt.date(2026, 11, 12))
    assert back.municipality == odense_case.municipality and back.taken_over_from == stay
    assert Plan.objects.get(citizen=back).field == "Lager"
    programme = Period.objects.get(citizen=back, kind=PeriodKind.PROGRAMME)
    assert programme.planned_end == dt.date(2027, 2, 28)  # still the first programme's end
    # Two Odense rows of one person: the old one, ended by the move, and the open one.
    client = login(odense_caseworker)
    assert names_in(client.get(LIST, {"q": cpr})) == {f"{back.last_name}, {back.first_name}"} | {
        f"{odense_case.last_name}, {odense_case.first_name}"
    }
    page = client.get(reverse("citizens:detail", kwargs={"pk": back.pk})).content.decode()
    assert 'data-testid="taken-over"' in page and "Holbæk" in page
    # Now the open case is Odense's new row: creating the number again is refused with it.
    with pytest.raises(CprTaken) as taken:
        citizen_create(actor=odense_caseworker, cpr=cpr, data=data())
    assert taken.value.existing == back
    with pytest.raises(ValidationError):
        case_takeover(actor=odense_caseworker, cpr=cpr, takeover_date=TODAY)


def test_the_database_allows_a_second_row_here_only_as_a_takeover(odense, odense_citizen):
    digits = cpr_decrypt(odense_citizen.cpr_encrypted)
    elsewhere = CitizenFactory(municipality=MunicipalityFactory(code="316"), cpr=digits)
    CitizenFactory(municipality=odense, cpr=digits, taken_over_from=elsewhere)
    with pytest.raises(IntegrityError), transaction.atomic():
        CitizenFactory(municipality=odense, cpr=digits)
