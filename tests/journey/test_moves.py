"""Which moves the board offers from each column, and that the server keeps to them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.core import clock
from fremdrift.journey import services
from fremdrift.journey.models import Period
from fremdrift.journey.moves import Move, check_move, moves_for
from fremdrift.journey.situation import BOARD_ORDER, Situation
from fremdrift.journey.types import Absence, Outcome, PeriodKind
from tests.conftest import login


def test_every_column_has_its_moves_and_none_moves_to_where_it_is():
    for situation in BOARD_ORDER:
        offered = moves_for(situation)
        assert len(set(offered)) == len(offered)
        if situation == Situation.NOT_PLACED:
            assert Move.NOT_PLACED not in offered


def test_a_citizen_in_a_job_is_offered_no_placement_nor_anything_else():
    assert Move.PLACEMENT not in moves_for(Situation.JOB_OR_EDUCATION)
    assert moves_for(Situation.JOB_OR_EDUCATION) == ()
    assert moves_for(None) == ()


def test_not_placed_offers_the_offers_and_absences_but_not_itself():
    offered = moves_for(Situation.NOT_PLACED)
    assert {Move.PLACEMENT, Move.WAGE_SUBSIDY, Move.IGU, Move.SICK, Move.MATERNITY} <= set(offered)


def test_not_placed_is_only_offered_where_something_can_end():
    for situation in (Situation.DANISH_ONLY, Situation.OTHER_OFFER, Situation.NOT_PLACED):
        assert Move.NOT_PLACED not in moves_for(situation)
    for situation in (Situation.PLACEMENT, Situation.SICK, Situation.MATERNITY, Situation.IGU):
        assert Move.NOT_PLACED in moves_for(situation)


def test_a_sick_citizen_is_not_sent_to_a_placement():
    assert Move.PLACEMENT not in moves_for(Situation.SICK)


def test_check_move_refuses_in_danish_and_names_the_column():
    with pytest.raises(ValidationError) as refused:
        check_move(Situation.JOB_OR_EDUCATION, Move.PLACEMENT)
    message = refused.value.messages[0]
    assert "Start praktik" in message and "I job eller uddannelse" in message
    with pytest.raises(ValidationError, match="Vælg, hvor borgeren skal flyttes hen"):
        check_move(Situation.NOT_PLACED, "anywhere")
    assert check_move(Situation.NOT_PLACED, "sick") == Move.SICK


@pytest.fixture
def employed(citizen, programme, odense_caseworker):
    """In the programme and, since last month, in an ordinary job."""
    services.period_start(
        actor=odense_caseworker,
        citizen=citizen,
        kind=PeriodKind.OUTCOME,
        code=Outcome.ORDINARY_JOB,
        start=clock.today() - dt.timedelta(days=30),
        hours_per_week=30,
    )
    return citizen


def _move_url(citizen) -> str:
    return reverse("journey:board_move", kwargs={"citizen_pk": citizen.pk})


@pytest.mark.django_db
def test_the_server_refuses_a_move_the_column_does_not_offer(employed, odense_caseworker):
    response = login(odense_caseworker).post(_move_url(employed), {"til": "sick"}, follow=True)
    assert response.status_code == 200
    assert "kan ikke vælges for en borger, der står i »I job eller uddannelse«" in (
        response.content.decode()
    )
    assert not Period.objects.filter(citizen=employed, kind=PeriodKind.ABSENCE).exists()


@pytest.mark.django_db
def test_the_move_page_offers_only_the_moves_that_make_sense(
    citizen, programme, employed, odense_caseworker
):
    html = login(odense_caseworker).get(_move_url(employed)).content.decode()
    assert "Står nu i »I job eller uddannelse«" in html
    assert "Start praktik" not in html and 'name="til"' not in html
    assert "Tavlen har ingen flytninger herfra" in html


@pytest.mark.django_db
def test_the_move_page_of_an_unplaced_citizen(citizen, programme, odense_caseworker):
    html = login(odense_caseworker).get(_move_url(citizen)).content.decode()
    assert "Står nu i »Ikke placeret endnu«" in html
    assert 'value="sick"' in html and 'value="maternity"' in html
    assert 'value="not_placed"' not in html
    assert "?gruppe=placement" in html and "Start praktik" in html


@pytest.mark.django_db
def test_the_move_page_is_an_audited_read(citizen, programme, odense_caseworker):
    login(odense_caseworker).get(_move_url(citizen))
    entry = AuditEntry.objects.get(citizen=citizen, action=Action.VIEW)
    assert entry.purpose == "Flytning på tavlen"


@pytest.mark.django_db
def test_a_sick_citizen_can_go_on_maternity_leave_from_the_board(
    citizen, programme, odense_caseworker
):
    services.absence_start(
        actor=odense_caseworker,
        citizen=citizen,
        code=Absence.SICK,
        on=clock.today() - dt.timedelta(days=5),
    )
    login(odense_caseworker).post(_move_url(citizen), {"til": "maternity"})
    open_absence = Period.objects.get(kind=PeriodKind.ABSENCE, end__isnull=True)
    assert open_absence.code == Absence.MATERNITY


@pytest.mark.django_db
def test_a_move_back_goes_to_the_board_as_it_was_left(citizen, programme, odense_caseworker):
    here = reverse("journey:board") + "?vis=alle&side_sick=2"
    response = login(odense_caseworker).post(_move_url(citizen), {"til": "sick", "next": here})
    assert response.url == here


@pytest.mark.django_db
def test_another_municipality_cannot_move_the_citizen(citizen, programme, holbaek_caseworker):
    response = login(holbaek_caseworker).post(_move_url(citizen), {"til": "sick"})
    assert response.status_code == 404
    assert not Period.objects.filter(kind=PeriodKind.ABSENCE).exists()
