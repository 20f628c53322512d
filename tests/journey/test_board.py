"""The caseload board: each person's own board first, filters that widen it, short columns."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.accounts.roles import Role
from fremdrift.citizens.access import citizens_for
from fremdrift.core import clock
from fremdrift.journey import services
from fremdrift.journey.board import PAGE_SIZE
from fremdrift.journey.models import CaseSnapshot
from fremdrift.journey.scope import ScopeKind, parse_scope
from fremdrift.journey.selectors import snapshots
from fremdrift.journey.selectors_caseload import board_rows
from fremdrift.journey.situation import Situation
from fremdrift.journey.types import Absence, PeriodKind
from tests.conftest import login
from tests.factories import CitizenFactory, TeamFactory, UserFactory
from tests.journey.conftest import TAKEOVER

pytestmark = pytest.mark.django_db
BOARD = reverse("journey:board")


def _in_programme(municipality, actor, **fields):
    person = CitizenFactory(municipality=municipality, takeover_date=TAKEOVER, **fields)
    services.period_start(actor=actor, citizen=person, kind=PeriodKind.PROGRAMME, start=TAKEOVER)
    return person


@pytest.fixture
def colleague(odense):
    team = TeamFactory(municipality=odense, name="Team Integration Nord")
    return UserFactory(municipality=odense, team=team, first_name="Jonas", last_name="Krogh")


@pytest.fixture
def caseload(odense, odense_caseworker, odense_consultant, colleague):
    """Mine (Mette's), a colleague's followed by Sofie as consultant, and one nobody has."""
    return {
        "mine": _in_programme(
            odense, odense_caseworker, last_name="Mineborger", caseworker=odense_caseworker
        ),
        "theirs": _in_programme(
            odense,
            odense_caseworker,
            last_name="Kollegaborger",
            caseworker=colleague,
            consultant=odense_consultant,
        ),
        "nobodys": _in_programme(odense, odense_caseworker, last_name="Ingensborger"),
    }


def _board(user, **params) -> str:
    return login(user).get(BOARD, params).content.decode()


def test_a_caseworker_lands_on_her_own_citizens(caseload, odense_caseworker):
    html = _board(odense_caseworker)
    assert "Mineborger" in html
    assert "Kollegaborger" not in html and "Ingensborger" not in html
    assert "<strong>Viser:</strong> Mine borgere · 1 borger på tavlen" in html
    assert '<option value="mine" selected>' in html


def test_she_widens_to_the_whole_municipality_by_a_shareable_link(caseload, odense_caseworker):
    html = _board(odense_caseworker, vis="alle")
    assert all(name in html for name in ("Mineborger", "Kollegaborger", "Ingensborger"))
    assert "Viser:</strong> Alle i kommunen · 3 borgere" in html
    assert '<option value="alle" selected>' in html


def test_a_consultant_lands_on_the_citizens_she_is_consultant_for(caseload, odense_consultant):
    html = _board(odense_consultant)
    assert "Kollegaborger" in html
    assert "Mineborger" not in html and "Ingensborger" not in html


def test_a_manager_lands_on_the_whole_municipality(caseload, odense_manager):
    html = _board(odense_manager)
    assert all(name in html for name in ("Mineborger", "Kollegaborger", "Ingensborger"))
    assert '<option value="alle" selected>' in html


def test_a_colleague_a_team_and_nobodys_citizens(caseload, odense_caseworker, colleague):
    by_colleague = _board(odense_caseworker, vis=str(colleague.pk))
    assert "Kollegaborger" in by_colleague and "Mineborger" not in by_colleague
    assert "Viser:</strong> Jonas Krogh (sagsbehandler)" in by_colleague
    by_team = _board(odense_caseworker, vis=f"team-{colleague.team_id}")
    assert "Kollegaborger" in by_team and "Mineborger" not in by_team
    assert "Viser:</strong> Team: Team Integration Nord" in by_team
    nobodys = _board(odense_caseworker, vis="uden")
    assert "Ingensborger" in nobodys and "Mineborger" not in nobodys


def test_a_filter_naming_another_municipality_widens_nothing(
    caseload, odense_caseworker, holbaek_caseworker, holbaek
):
    other_team = TeamFactory(municipality=holbaek)
    for value in (str(holbaek_caseworker.pk), f"team-{other_team.pk}", "team-x", "999999"):
        scope = parse_scope(odense_caseworker, value)
        assert scope.kind == ScopeKind.MINE and scope.person == odense_caseworker
    html = _board(odense_caseworker, vis=str(holbaek_caseworker.pk))
    assert "Mineborger" in html and "Kollegaborger" not in html


def test_a_column_shows_its_first_page_and_counts_the_rest(odense, odense_caseworker):
    for _ in range(PAGE_SIZE + 5):
        _in_programme(odense, odense_caseworker, caseworker=odense_caseworker)
    html = _board(odense_caseworker)
    assert html.count('<li class="card ') == PAGE_SIZE
    assert (
        'id="col-not_placed" class="h5">Ikke placeret endnu <span class="count">30</span>' in html
    )
    assert "og 5 flere" in html
    assert 'href="?side_not_placed=2#kolonne-not_placed"' in html
    more = _board(odense_caseworker, side_not_placed="2")
    assert more.count('<li class="card ') == PAGE_SIZE + 5 and "og 5 flere" not in more


def test_vis_flere_keeps_the_filter(odense, odense_caseworker):
    for _ in range(PAGE_SIZE + 1):
        _in_programme(odense, odense_caseworker)
    html = _board(odense_caseworker, vis="uden")
    assert 'href="?vis=uden&amp;side_not_placed=2#kolonne-not_placed"' in html


def test_a_card_carries_one_move_link_and_the_board_one_move_dialog(caseload, odense_caseworker):
    html = _board(odense_caseworker)
    mine = caseload["mine"]
    move = reverse("journey:board_move", kwargs={"citizen_pk": mine.pk})
    # Without JavaScript the link is the move page; with it, app.js loads it into the dialog.
    assert f'<a class="card-move" href="{move}?next=/forloeb/tavle/">' in html
    page = reverse("citizens:detail", kwargs={"pk": mine.pk})
    assert f'<a href="{page}" class="card-name">{mine.full_name}</a>' in html
    cards, dialog = html.split('id="board"')[1].split("<dialog", 1)
    assert "<form" not in cards and "<select" not in cards
    assert html.count("<dialog") == 1
    assert 'id="flyt-dialog" class="move-dialog" aria-labelledby="flyt-titel"' in dialog
    assert '<div id="flyt-indhold"></div>' in dialog


def test_the_move_dialog_gets_the_moves_without_the_page(caseload, odense_caseworker):
    mine = caseload["mine"]
    move = reverse("journey:board_move", kwargs={"citizen_pk": mine.pk})
    client = login(odense_caseworker)
    fragment = client.get(move, {"next": "/forloeb/tavle/"}, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html
    assert f'<h2 id="flyt-titel">Flyt {mine.full_name}</h2>' in html
    # The form posts to the move itself, not to the board the dialog sits on.
    assert f'<form method="post" action="{move}" class="move-choices">' in html
    assert '<input type="hidden" name="next" value="/forloeb/tavle/">' in html
    page = client.get(move, {"next": "/forloeb/tavle/"}).content.decode()
    assert "<html" in page and f"<h1>Flyt {mine.full_name}</h1>" in page


def test_the_job_column_offers_no_move(odense, odense_caseworker):
    person = _in_programme(odense, odense_caseworker, caseworker=odense_caseworker)
    services.period_start(
        actor=odense_caseworker,
        citizen=person,
        kind=PeriodKind.OUTCOME,
        code="ordinary_job",
        start=TAKEOVER.replace(month=6),
        hours_per_week=30,
    )
    html = _board(odense_caseworker)
    assert person.last_name in html and "card-move" not in html


def _queries(user, params) -> int:
    client = login(user)
    client.get(BOARD, params)  # warm up: the first visit creates the municipality's rules
    with CaptureQueriesContext(connection) as captured:
        assert client.get(BOARD, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.CASEWORKER, Role.CONSULTANT])
def test_board_queries_do_not_grow_with_the_citizens(odense, role, django_assert_max_num_queries):
    user = UserFactory(municipality=odense, role=role, team=TeamFactory(municipality=odense))
    colleague = UserFactory(municipality=odense, role=Role.CONSULTANT)
    # Her own citizens, each with a consultant (colour and initials on the card).
    own = {"consultant": user} if role == Role.CONSULTANT else {"caseworker": user}
    own.setdefault("consultant", colleague)

    def add(n):
        for i in range(n):
            person = _in_programme(odense, user, **own)
            if i % 3 == 0:
                services.absence_start(actor=user, citizen=person, code=Absence.SICK, on=TAKEOVER)

    add(3)
    few = _queries(user, {})
    add(2 * PAGE_SIZE)  # past a page in every column used
    assert _queries(user, {}) == few
    assert _queries(user, {"vis": "alle", "side_not_placed": "3"}) == few
    client = login(user)
    client.get(BOARD)
    with django_assert_max_num_queries(few):
        client.get(BOARD, {"side_sick": "2"})


def test_the_columns_read_from_the_table_agree_with_the_snapshots(
    odense, odense_caseworker, placement_type, company
):
    people = [_in_programme(odense, odense_caseworker) for _ in range(3)]
    services.absence_start(
        actor=odense_caseworker, citizen=people[0], code=Absence.MATERNITY, on=TAKEOVER
    )
    services.period_start(
        actor=odense_caseworker,
        citizen=people[1],
        kind=PeriodKind.OFFER,
        offer_type=placement_type,
        company=company,
        start=TAKEOVER,
        planned_end=TAKEOVER.replace(month=3),
        end=TAKEOVER.replace(month=3),
    )
    citizens = citizens_for(odense_caseworker)
    today = clock.today()
    stored = dict(CaseSnapshot.objects.values_list("citizen_id", "situation"))
    for snap in snapshots(citizens, odense, today):
        assert stored[snap.citizen.pk] == (snap.situation.value if snap.situation else "")


def test_another_municipality_sees_none_of_the_rows(caseload, holbaek_caseworker):
    assert CaseSnapshot.objects.filter(municipality=caseload["mine"].municipality).count() == 3
    names = ("Mineborger", "Kollegaborger", "Ingensborger")
    client = login(holbaek_caseworker)
    for params in ({}, {"vis": "alle"}, {"vis": "uden"}):
        html = client.get(BOARD, params).content.decode()
        assert not any(name in html for name in names)
        assert "0 borgere på tavlen" in html
        worklist = client.get(reverse("journey:worklist"), {"medarbejder": params.get("vis", "")})
        assert not any(name in worklist.content.decode() for name in names)


def test_the_columns_read_nothing_for_a_role_that_sees_no_citizens(caseload, odense_admin):
    rows = board_rows(
        odense_admin,
        citizens_for(odense_admin),
        dict.fromkeys(Situation, PAGE_SIZE),
        today=clock.today(),
        soon_days=14,
    )
    assert rows.totals == {} and not any(rows.cards.values())
