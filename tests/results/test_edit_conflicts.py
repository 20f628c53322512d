"""No lost updates on the results forms (core/versioning.py): a baseline, a target, a
deviation's explanation and action, and the monthly book's reflection are each saved only
from the version the editor loaded (0: none saved yet). A colleague's save in between is a
conflict: nothing is saved, and the page shows what was saved beside what was typed."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db.models import QuerySet

from fremdrift.core.versioning import EditConflict
from fremdrift.results import services
from fremdrift.results.models import Baseline, Deviation, MonthlyBookEntry, Target
from fremdrift.results.refresh import rebuild
from fremdrift.results.selectors import latest_month
from tests.conftest import login
from tests.factories import UserFactory
from tests.results.test_views import book_url, build_odense, dashboard_url, section

pytestmark = pytest.mark.django_db
MONTH = 2025 * 12 + 4  # May 2025
CONFLICT = "Der er gemt en ændring af en anden"


@pytest.fixture
def team(odense_caseworker):
    return odense_caseworker.team


@pytest.fixture
def colleague(odense_manager):
    return UserFactory(
        role=odense_manager.role, municipality=odense_manager.municipality, username="kollega"
    )


# -- the services ---------------------------------------------------------------------------


def test_a_baseline_saved_from_a_stale_version_is_a_conflict(odense_manager, colleague):
    services.baseline_set(user=colleague, figure="M2", month=MONTH, expected_version=0)
    with pytest.raises(EditConflict) as raised:
        services.baseline_set(user=odense_manager, figure="M2", month=MONTH - 3, expected_version=0)
    assert (raised.value.version, raised.value.current.month) == (1, MONTH)
    baseline = Baseline.objects.get()
    assert (baseline.month, baseline.chosen_by, baseline.version) == (MONTH, colleague, 1)
    # Saved again from the version now seen: the deliberate overwrite.
    services.baseline_set(user=odense_manager, figure="M2", month=MONTH - 3, expected_version=1)
    baseline.refresh_from_db()
    assert (baseline.month, baseline.version) == (MONTH - 3, 2)


def test_a_first_save_a_colleague_made_meanwhile_is_a_conflict(
    odense_manager, colleague, monkeypatch
):
    """Both looked before either saved: the second create hits the unique constraint."""
    services.baseline_set(user=colleague, figure="M2", month=MONTH, expected_version=0)
    monkeypatch.setattr(QuerySet, "first", lambda self: None)  # the look before the save
    with pytest.raises(EditConflict) as raised:
        services.baseline_set(user=odense_manager, figure="M2", month=MONTH - 3, expected_version=0)
    assert raised.value.version == 1
    assert Baseline.objects.get().month == MONTH


def test_a_target_changed_or_removed_meanwhile_is_a_conflict(odense_manager, colleague):
    services.target_set(
        user=colleague, figure="M2", year=2025, value=Decimal(60), expected_version=0
    )
    with pytest.raises(EditConflict):
        services.target_set(
            user=odense_manager, figure="M2", year=2025, value=Decimal(40), expected_version=0
        )
    # Removing (an empty value) from a stale version removes nothing either.
    with pytest.raises(EditConflict):
        services.target_set(
            user=odense_manager, figure="M2", year=2025, value=None, expected_version=0
        )
    assert Target.objects.get().value == Decimal(60)
    services.target_set(user=colleague, figure="M2", year=2025, value=None, expected_version=1)
    # The editor loaded the target the colleague has removed since.
    with pytest.raises(EditConflict) as raised:
        services.target_set(
            user=odense_manager, figure="M2", year=2025, value=Decimal(40), expected_version=1
        )
    assert raised.value.version == 0 and raised.value.current.value is None
    assert not Target.objects.exists()


def test_a_deviation_saved_from_a_stale_version_is_a_conflict(odense_manager, colleague):
    services.deviation_explain(
        user=colleague,
        figure="M2",
        month=MONTH,
        explanation="Kollegaens forklaring.",
        action="Kollegaens handling.",
        expected_version=0,
    )
    with pytest.raises(EditConflict) as raised:
        services.deviation_explain(
            user=odense_manager,
            figure="M2",
            month=MONTH,
            explanation="Min forklaring.",
            action="Min handling.",
            expected_version=0,
        )
    assert raised.value.current.explanation == "Kollegaens forklaring."
    deviation = Deviation.objects.get()
    assert (deviation.explanation, deviation.written_by) == ("Kollegaens forklaring.", colleague)


def test_a_reflection_saved_or_closed_from_a_stale_version_is_a_conflict(
    odense_manager, colleague, team
):
    services.reflection_save(
        user=colleague, team=team, month=MONTH, reflection="Kollegaens.", expected_version=0
    )
    services.reflection_save(
        user=colleague, team=team, month=MONTH, reflection="Kollegaens 2.", expected_version=1
    )
    for close in (False, True):
        with pytest.raises(EditConflict) as raised:
            services.reflection_save(
                user=odense_manager,
                team=team,
                month=MONTH,
                reflection="Min.",
                close=close,
                expected_version=1,
            )
        assert raised.value.version == 2
    entry = MonthlyBookEntry.objects.get()
    assert (entry.reflection, entry.is_closed, entry.version) == ("Kollegaens 2.", False, 2)


# -- the pages ------------------------------------------------------------------------------


@pytest.fixture
def figures(odense, odense_caseworker):
    built = build_odense(odense, odense_caseworker)
    rebuild()
    return built


def hidden_version(html: str, name: str) -> str:
    found = re.search(rf'type="hidden" name="{name}" value="(\d+)"', html)
    assert found, name
    return found.group(1)


def test_the_dashboard_shows_a_colleagues_baseline_and_keeps_the_typed_one(
    figures, odense_manager, colleague
):
    last = latest_month()
    client = login(odense_manager)
    page = client.get(dashboard_url()).content.decode()
    loaded = hidden_version(page, "M2-baseline-version")
    assert loaded == "0"
    services.baseline_set(user=colleague, figure="M2", month=last - 1, expected_version=0)
    data = {
        "action": "baseline",
        "figure": "M2",
        "M2-baseline-month": last - 2,
        "M2-baseline-version": loaded,
    }
    response = client.post(dashboard_url(), data)
    assert response.status_code == 200
    m2 = section(response.content.decode(), "M2")
    assert CONFLICT in m2 and "Baselinemåned" in m2
    assert hidden_version(m2, "M2-baseline-version") == "1"
    assert re.search(rf'<option value="{last - 2}" selected>', m2)  # the typed choice kept
    assert Baseline.objects.get().month == last - 1
    data["M2-baseline-version"] = "1"
    assert client.post(dashboard_url(), data).status_code == 302
    assert Baseline.objects.get().month == last - 2


def test_the_dashboard_shows_a_colleagues_target_and_keeps_the_typed_one(
    figures, odense_manager, colleague
):
    year = latest_month() // 12
    client = login(odense_manager)
    loaded = hidden_version(client.get(dashboard_url()).content.decode(), "M2-target-version")
    services.target_set(
        user=colleague, figure="M2", year=year, value=Decimal(70), expected_version=0
    )
    data = {
        "action": "target",
        "figure": "M2",
        "M2-target-year": year,
        "M2-target-value": "60,5",
        "M2-target-version": loaded,
    }
    response = client.post(dashboard_url(), data)
    m2 = section(response.content.decode(), "M2")
    assert response.status_code == 200 and CONFLICT in m2
    # The saved and the typed target, both with a decimal comma.
    assert "<td>70,0</td><td>60,5</td>" in m2
    assert 'value="60,5"' in m2 and hidden_version(m2, "M2-target-version") == "1"
    assert Target.objects.get().value == Decimal(70)
    data["M2-target-version"] = "1"
    assert client.post(dashboard_url(), data).status_code == 302
    assert Target.objects.get().value == Decimal("60.5")


def test_the_dashboard_shows_a_colleagues_deviation_and_keeps_the_typed_one(
    figures, odense_manager, colleague
):
    last = latest_month()
    services.target_set(
        user=colleague, figure="M2", year=last // 12, value=Decimal(60), expected_version=0
    )
    client = login(odense_manager)
    loaded = hidden_version(client.get(dashboard_url()).content.decode(), "M2-deviation-version")
    services.deviation_explain(
        user=colleague,
        figure="M2",
        month=last,
        explanation="Kollegaens forklaring.",
        action="Kollegaens handling.",
        expected_version=0,
    )
    data = {
        "action": "deviation",
        "figure": "M2",
        "M2-deviation-month": last,
        "M2-deviation-explanation": "Min forklaring.",
        "M2-deviation-action": "Min handling.",
        "M2-deviation-version": loaded,
    }
    response = client.post(dashboard_url(), data)
    m2 = section(response.content.decode(), "M2")
    assert response.status_code == 200 and CONFLICT in m2
    assert "<td>Kollegaens forklaring.</td><td>Min forklaring.</td>" in m2
    assert ">\nMin handling.</textarea>" in m2
    assert hidden_version(m2, "M2-deviation-version") == "1"
    assert Deviation.objects.get().explanation == "Kollegaens forklaring."
    data["M2-deviation-version"] = "1"
    assert client.post(dashboard_url(), data).status_code == 302
    deviation = Deviation.objects.get()
    assert (deviation.explanation, deviation.written_by) == ("Min forklaring.", odense_manager)


def test_the_book_shows_a_colleagues_reflection_and_keeps_the_typed_one(
    figures, odense_manager, colleague, team
):
    client = login(odense_manager)
    loaded = hidden_version(client.get(book_url()).content.decode(), "version")
    services.reflection_save(
        user=colleague,
        team=team,
        month=latest_month(),
        reflection="Kollegaens.",
        expected_version=0,
    )
    data = {"reflection": "Min refleksion.", "version": loaded, "save": ""}
    response = client.post(book_url(), data)
    page = response.content.decode()
    assert response.status_code == 200 and CONFLICT in page
    assert "<td>Kollegaens.</td><td>Min refleksion.</td>" in page
    assert ">\nMin refleksion.</textarea>" in page and hidden_version(page, "version") == "1"
    assert MonthlyBookEntry.objects.get().reflection == "Kollegaens."
    data["version"] = "1"
    assert client.post(book_url(), data).status_code == 302
    assert MonthlyBookEntry.objects.get().reflection == "Min refleksion."
