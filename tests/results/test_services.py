"""What managers record about the figures (results/services.py): who may write, what is
refused and why, and that a closed month in the monthly book stays closed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from fremdrift.accounts.roles import Role
from fremdrift.core import clock
from fremdrift.results import services
from fremdrift.results.models import Baseline, Deviation, MonthlyBookEntry, Target
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
MONTH = 2025 * 12 + 4  # May 2025


@pytest.fixture
def team(odense_caseworker):
    return odense_caseworker.team


@pytest.fixture
def holbaek_manager(holbaek):
    return UserFactory(role=Role.MANAGER, municipality=holbaek, username="holbaek-leder")


def write_everything(user, team) -> None:
    """One call of each service, used to check that all four refuse the same users."""
    calls = [
        lambda: services.baseline_set(user=user, figure="M2", month=MONTH),
        lambda: services.target_set(user=user, figure="M2", year=2025, value=Decimal(50)),
        lambda: services.deviation_explain(
            user=user, figure="M2", month=MONTH, explanation="x", action="y"
        ),
        lambda: services.reflection_save(user=user, team=team, month=MONTH, reflection="z"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()


@pytest.mark.parametrize(
    "persona", ["odense_caseworker", "odense_consultant", "odense_admin", "facilitator"]
)
def test_only_a_manager_may_write(request, team, persona):
    write_everything(request.getfixturevalue(persona), team)
    assert not Baseline.objects.exists() and not Target.objects.exists()
    assert not Deviation.objects.exists() and not MonthlyBookEntry.objects.exists()


def test_an_inactive_manager_may_not_write(odense_manager, team):
    odense_manager.is_active = False
    write_everything(odense_manager, team)


def test_a_manager_may_not_write_in_another_municipalitys_team(holbaek_manager, team):
    with pytest.raises(PermissionDenied):
        services.reflection_save(user=holbaek_manager, team=team, month=MONTH, reflection="z")
    assert not MonthlyBookEntry.objects.exists()


def test_a_managers_baseline_target_and_deviation_stay_in_the_own_municipality(
    holbaek_manager, odense, holbaek
):
    # The services take no municipality: it is always the user's own.
    services.baseline_set(user=holbaek_manager, figure="M2", month=MONTH)
    services.target_set(user=holbaek_manager, figure="M2", year=2025, value=Decimal(40))
    services.deviation_explain(
        user=holbaek_manager, figure="M2", month=MONTH, explanation="x", action="y"
    )
    for model in (Baseline, Target, Deviation):
        assert model.objects.get().municipality == holbaek, model.__name__
        assert not model.objects.filter(municipality=odense).exists()


def test_a_baseline_is_chosen_once_per_figure_and_can_be_changed(odense_manager, odense):
    services.baseline_set(user=odense_manager, figure="M2", month=MONTH)
    services.baseline_set(user=odense_manager, figure="M2", month=MONTH - 3)
    services.baseline_set(user=odense_manager, figure="M3", month=MONTH)
    assert dict(Baseline.objects.values_list("figure", "month")) == {
        "M2": MONTH - 3,
        "M3": MONTH,
    }


def test_an_unknown_figure_is_refused(odense_manager):
    with pytest.raises(ValidationError) as error:
        services.baseline_set(user=odense_manager, figure="M9", month=MONTH)
    assert list(error.value.message_dict) == ["figure"]
    assert "M9" in error.value.message_dict["figure"][0]


@pytest.mark.parametrize(
    ("figure", "value", "message"),
    [
        ("M2", Decimal("100.1"), "Et mål for en andel ligger mellem 0 og 100 %."),
        ("M2", Decimal("-0.1"), "Et mål for en andel ligger mellem 0 og 100 %."),
        ("inflow", Decimal(-1), "Målet kan ikke være negativt."),  # a count
    ],
)
def test_a_target_outside_its_range_is_refused(odense_manager, figure, value, message):
    with pytest.raises(ValidationError) as error:
        services.target_set(user=odense_manager, figure=figure, year=2025, value=value)
    assert error.value.message_dict == {"value": [message]}
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    ("figure", "value"),
    [("M2", Decimal(0)), ("M2", Decimal(100)), ("M1", Decimal("33.3")), ("inflow", Decimal(250))],
)
def test_a_target_at_the_edges_is_kept(odense_manager, figure, value):
    target = services.target_set(user=odense_manager, figure=figure, year=2025, value=value)
    assert Target.objects.get(pk=target.pk).value == value


def test_an_empty_target_removes_it(odense_manager):
    services.target_set(user=odense_manager, figure="M2", year=2025, value=Decimal(60))
    services.target_set(user=odense_manager, figure="M2", year=2026, value=Decimal(65))
    assert services.target_set(user=odense_manager, figure="M2", year=2025, value=None) is None
    assert list(Target.objects.values_list("year", flat=True)) == [2026]


@pytest.mark.parametrize(
    ("explanation", "action", "fields"),
    [
        ("", "Opfølgning hver uge.", ["explanation"]),
        ("Mange nye borgere.", "  ", ["action"]),
        (" ", "", ["explanation", "action"]),
    ],
)
def test_a_deviation_needs_both_explanation_and_action(odense_manager, explanation, action, fields):
    with pytest.raises(ValidationError) as error:
        services.deviation_explain(
            user=odense_manager, figure="M2", month=MONTH, explanation=explanation, action=action
        )
    assert sorted(error.value.message_dict) == sorted(fields)
    assert not Deviation.objects.exists()


def test_a_deviation_is_written_once_per_figure_and_month(odense_manager, odense):
    services.deviation_explain(
        user=odense_manager, figure="M2", month=MONTH, explanation=" Først. ", action=" Gør. "
    )
    services.deviation_explain(
        user=odense_manager, figure="M2", month=MONTH, explanation="Siden.", action="Gør mere."
    )
    deviation = Deviation.objects.get()
    assert (deviation.explanation, deviation.action) == ("Siden.", "Gør mere.")
    assert (deviation.municipality, deviation.written_by) == (odense, odense_manager)


# -- the monthly book ------------------------------------------------------------------------


def test_a_draft_is_saved_open(odense_manager, team):
    entry = services.reflection_save(
        user=odense_manager, team=team, month=MONTH, reflection="  Kladde.  "
    )
    entry.refresh_from_db()
    assert (entry.reflection, entry.written_by, entry.is_closed) == (
        "Kladde.",
        odense_manager,
        False,
    )


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_a_month_is_not_closed_without_a_reflection(odense_manager, team, text):
    services.reflection_save(user=odense_manager, team=team, month=MONTH, reflection="Kladde.")
    with pytest.raises(ValidationError) as error:
        services.reflection_save(
            user=odense_manager, team=team, month=MONTH, reflection=text, close=True
        )
    assert list(error.value.message_dict) == ["reflection"]
    entry = MonthlyBookEntry.objects.get()
    assert entry.reflection == "Kladde." and not entry.is_closed


def test_the_database_refuses_a_closed_month_without_a_reflection(odense_manager, team):
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyBookEntry.objects.create(
            municipality=team.municipality,
            team=team,
            month=MONTH,
            reflection="",
            closed_at=clock.now(),
            closed_by=odense_manager,
        )
    # An open month may be empty.
    MonthlyBookEntry.objects.create(municipality=team.municipality, team=team, month=MONTH)


def test_a_closed_month_cannot_be_changed_or_closed_again(odense_manager, team):
    closed = services.reflection_save(
        user=odense_manager, team=team, month=MONTH, reflection="Lukket tekst.", close=True
    )
    assert closed.is_closed and closed.closed_by == odense_manager
    for close in (False, True):
        with pytest.raises(ValidationError) as error:
            services.reflection_save(
                user=odense_manager, team=team, month=MONTH, reflection="Ny tekst.", close=close
            )
        assert error.value.message_dict == {
            "reflection": ["Maj 2025 er lukket og kan ikke ændres."]
        }
    entry = MonthlyBookEntry.objects.get()
    assert entry.reflection == "Lukket tekst." and entry.closed_at == closed.closed_at
    # The next month is still open.
    services.reflection_save(user=odense_manager, team=team, month=MONTH + 1, reflection="Juni.")
    assert MonthlyBookEntry.objects.count() == 2


def test_each_team_has_its_own_book(odense_manager, team, odense):
    other = TeamFactory(municipality=odense, name="Team Nord")
    services.reflection_save(user=odense_manager, team=team, month=MONTH, reflection="Syd.")
    services.reflection_save(
        user=odense_manager, team=other, month=MONTH, reflection="Nord.", close=True
    )
    texts = dict(MonthlyBookEntry.objects.values_list("team__name", "reflection"))
    assert texts == {team.name: "Syd.", "Team Nord": "Nord."}
    assert not MonthlyBookEntry.objects.get(team=team).is_closed
