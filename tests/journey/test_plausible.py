"""Plausible periods and rules only: each implausible input is refused with a Danish error on
its field, and nothing is saved.

Found by using the product: a programme planned for three years without a word, a placement
of a year, and rule settings with a programme of 0 years or "soon" meaning 100,000 days.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fremdrift.journey import services
from fremdrift.journey.models import JourneySettings, OfferType, Period
from fremdrift.journey.rules import programme_standard_end
from fremdrift.journey.types import PeriodKind
from tests.conftest import login
from tests.journey.conftest import TAKEOVER

pytestmark = pytest.mark.django_db


def start_programme(actor, citizen, planned_end, reason=""):
    return services.period_start(
        actor=actor,
        citizen=citizen,
        kind=PeriodKind.PROGRAMME,
        start=TAKEOVER,
        planned_end=planned_end,
        reason=reason,
    )


def test_a_programme_planned_past_the_rules_length_needs_a_reason(citizen, odense_caseworker):
    three_years = programme_standard_end(TAKEOVER, 3)
    with pytest.raises(ValidationError) as error:
        start_programme(odense_caseworker, citizen, three_years)
    assert error.value.message_dict["reason"] == [
        "Programmet varer efter kommunens regler 1 år, til 04.01.2027. "
        "Skriv begrundelsen for den længere plan."
    ]
    assert not Period.objects.exists()
    programme = start_programme(odense_caseworker, citizen, three_years, "Sygdom i familien")
    assert programme.planned_end == dt.date(2029, 1, 4)


def test_the_rules_own_length_needs_no_reason_and_five_years_is_the_limit(
    citizen, odense_caseworker
):
    assert start_programme(odense_caseworker, citizen, dt.date(2027, 1, 4)).reason == ""
    Period.objects.all().delete()
    with pytest.raises(ValidationError) as error:
        start_programme(odense_caseworker, citizen, dt.date(2031, 1, 5), "Lang sygdom")
    assert error.value.message_dict["planned_end"] == [
        "Programmet kan højst vare fem år, til 04.01.2031."
    ]


def test_the_programme_form_says_so_on_the_field(citizen, programme, odense_caseworker):
    Period.objects.all().delete()
    url = reverse("journey:period_new", kwargs={"citizen_pk": citizen.pk, "kind": "programme"})
    response = login(odense_caseworker).post(
        url, {"start": "2026-01-05", "planned_end": "2029-01-04", "reason": ""}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_reason_error"' in body and "Skriv begrundelsen" in body
    assert not Period.objects.exists()


def offer(actor, citizen, offer_type, company, **dates):
    return services.period_start(
        actor=actor,
        citizen=citizen,
        kind=PeriodKind.OFFER,
        offer_type=offer_type,
        company=company,
        start=dt.date(2026, 2, 2),
        **dates,
    )


def test_an_offer_longer_than_its_types_maximum_is_refused(
    programme, citizen, odense_caseworker, placement_type, company
):
    assert placement_type.max_weeks == 13
    last_day = dt.date(2026, 5, 3)  # 13 weeks from 2 February
    with pytest.raises(ValidationError) as error:
        offer(
            odense_caseworker,
            citizen,
            placement_type,
            company,
            planned_end=last_day + dt.timedelta(1),
        )
    assert error.value.message_dict["planned_end"] == [
        "Virksomhedspraktik kan højst vare 13 uger, til 03.05.2026."
    ]
    with pytest.raises(ValidationError) as error:
        offer(odense_caseworker, citizen, placement_type, company, end=dt.date(2026, 12, 1))
    assert "højst vare 13 uger" in error.value.message_dict["end"][0]
    assert not Period.objects.filter(kind="offer").exists()
    # Exactly 13 weeks is allowed; ending it later than that is not.
    placed = offer(odense_caseworker, citizen, placement_type, company, planned_end=last_day)
    with pytest.raises(ValidationError) as error:
        services.period_end(actor=odense_caseworker, period=placed, end=dt.date(2026, 6, 1))
    assert "højst vare 13 uger" in error.value.message_dict["end"][0]
    placed.refresh_from_db()
    assert placed.end is None


def test_the_maximum_is_a_setting_of_the_offer_type(
    programme, citizen, odense_caseworker, placement_type, company
):
    OfferType.objects.filter(pk=placement_type.pk).update(max_weeks=None)
    placement_type.refresh_from_db()
    long = offer(odense_caseworker, citizen, placement_type, company, end=dt.date(2026, 11, 30))
    assert long.end == dt.date(2026, 11, 30)
    assert OfferType.objects.get(code="igu").max_weeks == 104
    assert OfferType.objects.get(code="loentilskud_privat").max_weeks == 26
    assert OfferType.objects.get(code="du2").max_weeks is None


def test_the_offer_form_shows_each_types_maximum(citizen, programme, odense_caseworker):
    url = reverse("journey:period_new", kwargs={"citizen_pk": citizen.pk, "kind": "offer"})
    body = login(odense_caseworker).get(url).content.decode()
    assert ">Virksomhedspraktik (højst 13 uger)</option>" in body
    assert ">IGU (integrationsgrunduddannelse) (højst 104 uger)</option>" in body
    assert ">Danskuddannelse 2</option>" in body


RULES = {
    "contract_months": "1",
    "first_offer_target_days": "14",
    "first_offer_deadline_months": "1",
    "conversation_schedule": "current",
    "conversations_after_first_half_year_weeks": "13",
    "programme_years": "1",
    "due_soon_days": "14",
    "version": "1",  # the rules as first loaded (core/versioning.py)
}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("programme_years", "0", "større end eller lig 1."),
        ("programme_years", "6", "mindre end eller lig 5."),
        ("due_soon_days", "100000", "mindre end eller lig 90."),
        ("contract_months", "0", "større end eller lig 1."),
        ("first_offer_target_days", "0", "større end eller lig 1."),
        ("conversations_after_first_half_year_weeks", "520", "mindre end eller lig 52."),
    ],
)
def test_rule_settings_that_make_no_sense_are_refused(odense, odense_admin, field, value, message):
    response = login(odense_admin).post(reverse("journey:rules"), {**RULES, field: value})
    assert response.status_code == 200
    body = response.content.decode()
    error = re.search(rf'id="id_{field}_error">.*?</span>(.*?)</span>', body, re.S)
    assert error and message in error.group(1)
    assert not JourneySettings.objects.filter(**{field: int(value)}).exists()


def test_sensible_rule_settings_are_saved(odense, odense_admin):
    response = login(odense_admin).post(
        reverse("journey:rules"), {**RULES, "programme_years": "3", "due_soon_days": "30"}
    )
    assert response.status_code == 302
    saved = JourneySettings.objects.get(municipality=odense)
    assert (saved.programme_years, saved.due_soon_days) == (3, 30)


def test_rules_saved_by_another_administrator_meanwhile_give_the_conflict_page(
    odense, odense_admin
):
    first, second = login(odense_admin), login(odense_admin)
    assert 'name="version" value="1"' in first.get(reverse("journey:rules")).content.decode()
    saved = first.post(reverse("journey:rules"), {**RULES, "programme_years": "3"})
    assert saved.status_code == 302
    response = second.post(reverse("journey:rules"), {**RULES, "due_soon_days": "30"})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="conflict"' in body
    assert 'name="version" value="2"' in body
    rules = JourneySettings.objects.get(municipality=odense)
    assert (rules.programme_years, rules.due_soon_days) == (3, 14)
