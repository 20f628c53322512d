"""The consultant's own follow-up, the placement page's scores and wage point, and the
worklist's placements at their wage point."""

import datetime as dt

import pytest
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.companies.follow_up_presentation import follow_up_context
from fremdrift.companies.models import FollowUp, Placement
from fremdrift.companies.wage_point_selectors import placements_at_wage_point
from fremdrift.core import clock
from fremdrift.core.clock import parse_moment
from fremdrift.instruments.models import Response
from fremdrift.journey.models import OfferType, Period
from fremdrift.journey.types import Outcome, PeriodKind
from tests.companies.follow_up_helpers import (
    agreement,
    all_scores,
    follow_up,
    placement_with_contact,
)
from tests.conftest import DEFAULT_TODAY, login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_the_cases_day(time_machine):
    """These cases are written around one day (the suite's default clock), so the clock is
    set to it here whatever day the run is on; FREMDRIFT_TODAY's other days are tried by
    the suites that derive their dates from the clock."""
    time_machine.move_to(parse_moment(DEFAULT_TODAY), tick=True)


@pytest.fixture
def period(odense_citizen, odense_consultant):
    return placement_with_contact(odense_citizen, odense_consultant, hours=20)


def page(period) -> str:
    return reverse("companies:placement", kwargs={"pk": period.pk})


def test_the_consultant_fills_in_the_follow_up_at_a_meeting(odense_consultant, period):
    client = login(odense_consultant)
    url = reverse("companies:follow_up_new", kwargs={"pk": period.pk})
    form = client.get(url)
    assert form.status_code == 200
    assert "Arbejdstempo" in form.content.decode()
    data = {
        **{k: str(v) for k, v in all_scores(3).items()},
        "taken_on": "2026-11-10",
        "next_focus": "Dansk ved morgenmødet",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    saved = FollowUp.objects.select_related("response").get()
    assert saved.response.respondent == "consultant"
    assert saved.response.recorded_by == odense_consultant
    assert saved.response.taken_on == dt.date(2026, 11, 10)
    assert saved.contact_person is None
    entry = AuditEntry.objects.filter(action=Action.CREATE).get()
    assert entry.actor == odense_consultant and entry.citizen_id == period.citizen_id
    card = login(odense_consultant).get(
        reverse("competences:card", kwargs={"citizen_pk": period.citizen_id})
    )
    assert "Arbejdstempo" in card.content.decode()
    assert odense_consultant.get_full_name() in card.content.decode()


def test_the_consultants_form_names_what_is_missing(odense_consultant, period):
    url = reverse("companies:follow_up_new", kwargs={"pk": period.pk})
    data = {"punctuality": "9", "taken_on": "2026-11-10"}
    body = login(odense_consultant).post(url, data).content.decode()
    assert "Stabilt fremmøde og til tiden: 9 ligger uden for skalaen 1-5" in body
    assert not Response.objects.exists()
    data = {**{k: str(v) for k, v in all_scores(3).items()}, "taken_on": "2026-12-24"}
    body = login(odense_consultant).post(url, data).content.decode()
    assert "kan ikke ligge i fremtiden" in body
    assert not Response.objects.exists()


def test_the_page_shows_the_scores_over_time_as_charts_and_a_table(odense_consultant, period):
    follow_up(period, odense_consultant, 2, on=dt.date(2026, 9, 1))
    follow_up(period, odense_consultant, 3, on=dt.date(2026, 10, 1), next_focus="Mere tempo")
    body = login(odense_consultant).get(page(period)).content.decode()
    assert body.count('<figure class="follow-up-chart">') == 8 and body.count("<svg") >= 8
    assert "Arbejdstempo over tid" in body
    table = body[body.index('id="follow-up-table"') :]
    table = table[: table.index("</table>")]
    assert table.count("<tr>") == 3  # the head and two follow-ups
    assert "01.09.2026" in table and "01.10.2026" in table
    assert "Mestrer de aftalte arbejdsopgaver" in table
    assert "Mere tempo" in body[body.index('id="next-focus"') :]


def test_the_chart_data_follow_the_follow_ups(odense_consultant, period):
    follow_up(period, odense_consultant, 2, on=dt.date(2026, 9, 1))
    follow_up(period, odense_consultant, 4, on=dt.date(2026, 10, 1))
    agreement(period, odense_consultant, score="4", hours="20")
    placement = Placement.objects.get(period=period)
    context = follow_up_context(odense_consultant, period, placement, "da", clock.now())
    assert [cells for _row, _who, cells in context["table"]] == [[2] * 8, [4] * 8]
    chart = context["charts"][0]
    assert chart.key == "punctuality"
    assert "Stabilt fremmøde og til tiden: 2 (" in chart.svg
    assert "Lønpoint" in chart.svg
    assert context["follow"].wage_point.reached


def test_the_page_says_when_the_wage_point_is_reached(odense_consultant, period):
    agreement(period, odense_consultant, score="4", hours="20")
    follow_up(period, odense_consultant, 4, on=dt.date(2026, 10, 1))
    body = login(odense_consultant).get(page(period)).content.decode()
    assert "Lønpointet er nået: tal om løntilskud, IGU eller ordinære timer." in body


def test_the_page_says_what_is_missing(odense_consultant, period):
    agreement(period, odense_consultant, score="4", hours="25")
    follow_up(period, odense_consultant, 4, on=dt.date(2026, 10, 1))
    scores = {**all_scores(5), "danish_at_work": 3, "quality": "dont_know"}
    from fremdrift.companies.follow_up_services import consultant_follow_up

    consultant_follow_up(
        actor=odense_consultant,
        period=period,
        answers=scores,
        next_focus="",
        taken_on=dt.date(2026, 11, 1),
    )
    body = login(odense_consultant).get(page(period)).content.decode()
    assert "Lønpointet er ikke nået endnu" in body
    assert "Dansk på arbejdspladsen: 3, skal op på 4,0" in body
    assert (
        "Kvaliteten af arbejdet"
        not in body[body.index("Det mangler") : body.index("</ul>", body.index("Det mangler"))]
    )
    assert "5,0 timer mere pr. uge (lønpointet er 25,0 timer)" in body


def test_no_agreement_no_wage_point(odense_consultant, period):
    body = login(odense_consultant).get(page(period)).content.decode()
    assert "Der er ingen arbejdsaftale med et lønpoint endnu." in body


def _paid_work(citizen, *, start, end=None, outcome=False):
    if outcome:
        return Period.objects.create(
            municipality=citizen.municipality,
            citizen=citizen,
            kind=PeriodKind.OUTCOME,
            code=Outcome.ORDINARY_JOB,
            start=start,
            end=end,
        )
    wage = OfferType.objects.filter(category="wage_subsidy").first()
    return Period.objects.create(
        municipality=citizen.municipality,
        citizen=citizen,
        kind=PeriodKind.OFFER,
        offer_type=wage,
        start=start,
        end=end,
    )


def test_the_worklist_lists_placements_at_their_wage_point(
    odense_consultant, odense_manager, odense_caseworker, period
):
    agreement(period, odense_consultant, score="4", hours="20")
    follow_up(period, odense_consultant, 4, on=dt.date(2026, 10, 1))
    today = clock.today()
    assert [
        r.period.pk for r in placements_at_wage_point(odense_consultant, odense_consultant, today)
    ] == [period.pk]
    assert len(placements_at_wage_point(odense_manager, odense_manager, today)) == 1
    assert placements_at_wage_point(odense_caseworker, odense_caseworker, today) == []
    body = login(odense_consultant).get(reverse("journey:worklist")).content.decode()
    section = body[body.index('id="wage-points"') :]
    assert period.citizen.full_name in section
    assert reverse("companies:placement", kwargs={"pk": period.pk}) in section
    entry = AuditEntry.objects.filter(action=Action.LIST, purpose="Arbejdslisten").latest("seq")
    assert period.citizen_id in entry.details["shown"]


def test_the_worklist_leaves_out_placements_below_or_with_paid_work(odense_consultant, period):
    agreement(period, odense_consultant, score="4", hours="20")
    follow_up(period, odense_consultant, 3, on=dt.date(2026, 10, 1))
    today = clock.today()
    assert placements_at_wage_point(odense_consultant, odense_consultant, today) == []
    follow_up(period, odense_consultant, 4, on=dt.date(2026, 11, 1))
    assert len(placements_at_wage_point(odense_consultant, odense_consultant, today)) == 1
    # Paid work that ended before the placement began does not count.
    _paid_work(period.citizen, start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 1))
    assert len(placements_at_wage_point(odense_consultant, odense_consultant, today)) == 1
    _paid_work(period.citizen, start=dt.date(2026, 12, 1), outcome=True)
    assert placements_at_wage_point(odense_consultant, odense_consultant, today) == []


def test_a_wage_subsidy_offer_after_the_placement_counts_as_paid_work(odense_consultant, period):
    agreement(period, odense_consultant, score="4", hours="20")
    follow_up(period, odense_consultant, 5, on=dt.date(2026, 10, 1))
    _paid_work(period.citizen, start=dt.date(2026, 12, 1))
    assert placements_at_wage_point(odense_consultant, odense_consultant, clock.today()) == []


def test_another_consultants_placement_is_not_on_my_worklist(
    odense_consultant, other_consultant, period
):
    agreement(period, odense_consultant, score="4", hours="20")
    follow_up(period, odense_consultant, 5, on=dt.date(2026, 10, 1))
    assert placements_at_wage_point(other_consultant, other_consultant, clock.today()) == []


def test_the_worklist_query_does_not_grow_with_the_placements(
    odense, odense_consultant, django_assert_max_num_queries
):
    from tests.factories import CitizenFactory

    for n in range(4):
        citizen = CitizenFactory(municipality=odense, first_name=f"Borger{n}")
        period = placement_with_contact(citizen, odense_consultant, hours=20)
        agreement(period, odense_consultant, score="4", hours="20")
        follow_up(period, odense_consultant, 4, on=dt.date(2026, 10, 1))
    with django_assert_max_num_queries(5):
        rows = placements_at_wage_point(odense_consultant, odense_consultant, clock.today())
    assert len(rows) == 4
