import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.companies.models import ReferralReason
from fremdrift.companies.referral_services import referral_create
from fremdrift.core import clock
from fremdrift.journey import services
from fremdrift.journey.models import Period
from fremdrift.journey.types import Absence, PeriodKind
from tests.conftest import login
from tests.factories import CitizenFactory, TeamFactory, UserFactory
from tests.journey.conftest import TAKEOVER

pytestmark = pytest.mark.django_db


def test_citizen_page_shows_phase_deadlines_and_timeline(citizen, programme, odense_caseworker):
    body = login(odense_caseworker).get(reverse("citizens:detail", kwargs={"pk": citizen.pk}))
    html = body.content.decode()
    assert "Fase III: Afslutning og opfølgning" in html or "Fase II" in html
    assert "Kontrakt skal indgås" in html
    assert "<svg" in html and "Integrationsprogram" in html
    assert "Tidslinjen som tekst" in html


def test_new_offer_form_shows_danish_errors_and_keeps_input(
    citizen, programme, odense_caseworker, placement_type
):
    url = reverse("journey:period_new", kwargs={"citizen_pk": citizen.pk, "kind": "offer"})
    response = login(odense_caseworker).post(
        url,
        {
            "offer_type": placement_type.pk,
            "start": "2026-02-01",
            "hours_per_week": "25",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_company_error"' in html and "vælg virksomheden" in html
    assert 'value="25"' in html
    assert not Period.objects.filter(kind=PeriodKind.OFFER).exists()


def test_start_offer_through_the_form(
    citizen, programme, odense_caseworker, placement_type, company
):
    url = reverse("journey:period_new", kwargs={"citizen_pk": citizen.pk, "kind": "offer"})
    response = login(odense_caseworker).post(
        url,
        {
            "offer_type": placement_type.pk,
            "company": company.pk,
            "start": "2026-02-01",
            "planned_end": "2026-04-30",
            "hours_per_week": "25",
        },
    )
    assert response.status_code == 302
    offer = Period.objects.get(kind=PeriodKind.OFFER)
    assert (offer.company, offer.planned_end) == (company, dt.date(2026, 4, 30))


def test_overlap_error_lands_on_the_start_field(citizen, programme, odense_caseworker):
    url = reverse("journey:period_new", kwargs={"citizen_pk": citizen.pk, "kind": "programme"})
    html = login(odense_caseworker).post(url, {"start": "2026-03-01", "planned_end": "2027-02-28"})
    assert "overlapper med Integrationsprogram 05.01.2026" in html.content.decode()


def test_board_groups_citizens_and_a_move_is_a_period(citizen, programme, odense_caseworker):
    client = login(odense_caseworker)
    board = client.get(reverse("journey:board")).content.decode()
    assert "Ikke placeret endnu" in board and citizen.last_name in board
    move = reverse("journey:board_move", kwargs={"citizen_pk": citizen.pk})
    assert client.post(move, {"til": "sick"}).status_code == 302
    sick = Period.objects.get(kind=PeriodKind.ABSENCE)
    assert sick.code == Absence.SICK and sick.end is None
    assert AuditEntry.objects.filter(citizen=citizen, details__kind="absence").exists()


def test_moving_back_ends_the_absence_the_day_before(citizen, programme, odense_caseworker):
    today = clock.today()
    sick = services.absence_start(
        actor=odense_caseworker,
        citizen=citizen,
        code=Absence.SICK,
        on=today - dt.timedelta(days=10),
    )
    move = reverse("journey:board_move", kwargs={"citizen_pk": citizen.pk})
    login(odense_caseworker).post(move, {"til": "not_placed"})
    sick.refresh_from_db()
    assert sick.end == today - dt.timedelta(days=1)


def test_worklist_shows_own_overdue_deadlines(citizen, programme, odense_caseworker):
    html = login(odense_caseworker).get(reverse("journey:worklist")).content.decode()
    assert "Overskredet" in html and citizen.last_name in html


def test_manager_sees_counts_per_team_and_person(
    citizen, programme, odense_manager, odense_caseworker
):
    html = login(odense_manager).get(reverse("journey:worklist")).content.decode()
    assert "Team Integration Syd" in html and "Mette Holm" in html


def _queries(client, url) -> int:
    client.get(url)  # warm up: the first visit creates the municipality's default rules
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add_citizens(n, municipality, caseworker):
    for _ in range(n):
        person = CitizenFactory(
            municipality=municipality, caseworker=caseworker, takeover_date=TAKEOVER
        )
        services.period_start(
            actor=caseworker, citizen=person, kind=PeriodKind.PROGRAMME, start=TAKEOVER
        )


@pytest.mark.parametrize("url_name", ["journey:board", "journey:worklist"])
def test_board_and_worklist_query_counts_do_not_grow(url_name, odense, odense_caseworker):
    client = login(odense_caseworker)
    url = reverse(url_name)
    _add_citizens(3, odense, odense_caseworker)
    few = _queries(client, url)
    _add_citizens(20, odense, odense_caseworker)
    assert _queries(client, url) == few


def test_citizen_page_query_count_does_not_grow_with_periods(
    citizen, programme, odense_caseworker, danish_type
):
    client = login(odense_caseworker)
    url = reverse("citizens:detail", kwargs={"pk": citizen.pk})
    few = _queries(client, url)
    for month in range(2, 12):
        services.period_start(
            actor=odense_caseworker,
            citizen=citizen,
            kind=PeriodKind.OFFER,
            offer_type=danish_type,
            start=dt.date(2026, month, 1),
            end=dt.date(2026, month, 20),
        )
    assert _queries(client, url) == few


def test_a_referral_lands_on_the_consultants_worklist(
    citizen, programme, odense_caseworker, odense_consultant
):
    referral_create(
        actor=odense_caseworker,
        citizen=citizen,
        consultant=odense_consultant,
        reason=ReferralReason.values[0],
        details="Kan arbejde 25 timer om ugen.",
    )
    html = login(odense_consultant).get(reverse("journey:worklist")).content.decode()
    assert "Henvisninger, der venter på svar" in html
    assert citizen.full_name in html


def test_a_period_that_started_today_is_not_ended_by_the_board(
    citizen, programme, odense_caseworker
):
    client = login(odense_caseworker)
    move = reverse("journey:board_move", kwargs={"citizen_pk": citizen.pk})
    client.post(move, {"til": "sick"})
    response = client.post(move, {"til": "not_placed"}, follow=True)
    assert "startede i dag" in response.content.decode()
    assert Period.objects.get(kind=PeriodKind.ABSENCE).end is None


def test_board_move_never_redirects_off_site(citizen, programme, odense_caseworker):
    response = login(odense_caseworker).post(
        reverse("journey:board_move", kwargs={"citizen_pk": citizen.pk}),
        {"til": "sick", "next": "https://evil.example/"},
    )
    assert response.url == reverse("journey:board")


def test_manager_worklist_queries_do_not_grow_with_caseworkers(odense, odense_manager):
    client = login(odense_manager)
    url = reverse("journey:worklist")

    def add_caseworkers(n):
        team = TeamFactory(municipality=odense)
        for _ in range(n):
            worker = UserFactory(municipality=odense, team=team)
            _add_citizens(1, odense, worker)

    add_caseworkers(1)
    few = _queries(client, url)
    add_caseworkers(8)
    assert _queries(client, url) == few


def test_showing_a_period_form_is_an_audited_read(citizen, programme, odense_caseworker):
    login(odense_caseworker).get(
        reverse("journey:period_new", kwargs={"citizen_pk": citizen.pk, "kind": "offer"})
    )
    assert AuditEntry.objects.filter(citizen=citizen, action=Action.VIEW).count() == 1
