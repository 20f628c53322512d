"""The worklist: own deadlines first, and no citizen's deadlines on nobody's list."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.accounts.roles import Role
from fremdrift.core import clock
from fremdrift.journey import services
from fremdrift.journey.models import CaseSnapshot
from fremdrift.journey.snapshot_services import inconsistencies
from fremdrift.journey.types import PeriodKind
from tests.conftest import login
from tests.factories import CitizenFactory, TeamFactory, UserFactory
from tests.journey.conftest import TAKEOVER

pytestmark = pytest.mark.django_db
WORKLIST = reverse("journey:worklist")


@pytest.fixture
def unassigned(odense, odense_caseworker):
    """In the programme since January, no contract, no caseworker: overdue deadlines."""
    person = CitizenFactory(municipality=odense, last_name="Uden-Ejer", takeover_date=TAKEOVER)
    services.period_start(
        actor=odense_caseworker, citizen=person, kind=PeriodKind.PROGRAMME, start=TAKEOVER
    )
    return person


def _table(html: str, table_id: str) -> str:
    start = html.index(f'id="{table_id}"')
    return html[start : html.index("</table>", start)]


def test_the_manager_sees_deadlines_without_a_caseworker_as_their_own_group(
    unassigned, citizen, programme, odense_manager
):
    html = login(odense_manager).get(WORKLIST).content.decode()
    group = _table(html, "uden-sagsbehandler")
    assert "<caption>Uden sagsbehandler</caption>" in group
    # Contract and first offer overdue, next conversation overdue: all three counted here.
    assert '<a href="?medarbejder=uden">Borgere uden sagsbehandler</a></td><td>3</td>' in group


def test_each_line_links_to_the_citizens_page(unassigned, citizen, programme, odense_manager):
    html = login(odense_manager).get(WORKLIST).content.decode()
    for person in (unassigned, citizen):
        page = reverse("citizens:detail", kwargs={"pk": person.pk})
        assert f'<a href="{page}">{person.last_name}, {person.first_name}</a>' in html


def test_the_manager_filters_to_the_citizens_without_a_caseworker(
    unassigned, citizen, programme, odense_manager
):
    html = login(odense_manager).get(WORKLIST, {"medarbejder": "uden"}).content.decode()
    assert "Arbejdsliste: Uden sagsbehandler" in html
    assert "Uden-Ejer" in html and citizen.last_name not in html
    assert '<option value="uden" selected>' in html


def test_a_consultants_worklist_is_her_own_and_widens_to_everyone(
    odense, odense_caseworker, odense_consultant, citizen, programme
):
    followed = CitizenFactory(
        municipality=odense,
        last_name="Konsulentborger",
        takeover_date=TAKEOVER,
        caseworker=odense_caseworker,
        consultant=odense_consultant,
    )
    services.period_start(
        actor=odense_caseworker, citizen=followed, kind=PeriodKind.PROGRAMME, start=TAKEOVER
    )
    client = login(odense_consultant)
    own = client.get(WORKLIST).content.decode()
    assert "Arbejdsliste for Sofie Lund" in own
    assert "Konsulentborger" in own and citizen.last_name not in own
    everyone = client.get(WORKLIST, {"medarbejder": "alle"}).content.decode()
    assert "Konsulentborger" in everyone and citizen.last_name in everyone


def test_a_colleagues_list_by_id_and_back_to_mine(
    odense_manager, odense_caseworker, citizen, programme
):
    client = login(odense_manager)
    html = client.get(WORKLIST, {"medarbejder": odense_caseworker.pk}).content.decode()
    assert "Arbejdsliste for Mette Holm" in html and citizen.last_name in html
    assert '<a href="?medarbejder=mine">Vis mine frister</a>' in html


def test_a_consultant_lands_on_the_citizens_she_is_consultant_for(odense_consultant):
    response = login(odense_consultant).get("/")
    assert response.url == f"{reverse('citizens:list')}?consultant={odense_consultant.pk}"


def test_the_consultants_landing_list_shows_her_citizens_and_the_filter(
    odense, odense_caseworker, odense_consultant
):
    CitizenFactory(municipality=odense, last_name="Fulgtborger", consultant=odense_consultant)
    CitizenFactory(municipality=odense, last_name="Andenborger", caseworker=odense_caseworker)
    html = login(odense_consultant).get("/", follow=True).content.decode()
    assert "Fulgtborger" in html and "Andenborger" not in html
    assert f'<option value="{odense_consultant.pk}" selected>Sofie Lund</option>' in html


def _query_count(client, params) -> int:
    client.get(WORKLIST, params)  # warm up: the first visit creates the municipality's rules
    with CaptureQueriesContext(connection) as captured:
        assert client.get(WORKLIST, params).status_code == 200
    return len(captured)


def _caseload(odense, user, n: int, role: str, takeover: dt.date = TAKEOVER) -> None:
    """`n` citizens in the programme with overdue deadlines: the user's own (as caseworker
    or consultant), and every third a new colleague's in a new team, every fifth nobody's."""
    for i in range(n):
        caseworker = user if role != Role.CONSULTANT else None
        if i % 3 == 0:
            caseworker = UserFactory(municipality=odense, team=TeamFactory(municipality=odense))
        if i % 5 == 0:
            caseworker = None
        person = CitizenFactory(
            municipality=odense,
            takeover_date=takeover,
            caseworker=caseworker,
            consultant=user if role == Role.CONSULTANT else None,
        )
        services.period_start(actor=user, citizen=person, kind=PeriodKind.PROGRAMME, start=takeover)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.CASEWORKER, Role.CONSULTANT])
def test_worklist_queries_do_not_grow_with_the_citizens(odense, role):
    user = UserFactory(municipality=odense, role=role, team=TeamFactory(municipality=odense))
    client = login(user)
    _caseload(odense, user, 3, role)
    few = {scope: _query_count(client, {"medarbejder": scope}) for scope in ("", "alle", "uden")}
    _caseload(odense, user, 40, role)
    many = {scope: _query_count(client, {"medarbejder": scope}) for scope in ("", "alle", "uden")}
    assert many == few
    html = client.get(WORKLIST, {"medarbejder": "alle"}).content.decode()
    assert "Arbejdsliste for hele kommunen" in html and "frister</h2>" in html


def test_expired_rows_are_derived_again_in_the_same_number_of_queries(odense, odense_manager):
    """A year on, every row read has expired (phase III has begun); the page derives them
    again first, in as many queries for 40 citizens as for 3."""
    client = login(odense_manager)
    takeover = clock.today() - dt.timedelta(days=10)
    later = dt.datetime.combine(clock.today() + dt.timedelta(days=400), dt.time(12))

    def first_visit_later() -> int:
        with time_machine.travel(later, tick=False):
            page = login(odense_manager)
            with CaptureQueriesContext(connection) as captured:
                assert page.get(WORKLIST).status_code == 200
            assert inconsistencies(today=later.date()) == []
        assert not CaseSnapshot.objects.exclude(computed_on=later.date()).exists()
        return len(captured)

    client.get(WORKLIST)
    _caseload(odense, odense_manager, 3, Role.MANAGER, takeover)
    few = first_visit_later()
    _caseload(odense, odense_manager, 40, Role.MANAGER, takeover)
    assert first_visit_later() == few
