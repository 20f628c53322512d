"""The activation and placement figures on hand-built cases (results.compute)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from fremdrift.activation.models import OrdinaryHours
from fremdrift.results.definitions import FIGURES
from fremdrift.results.refresh import rebuild
from fremdrift.results.selectors import Cell
from tests.companies.factories import CompanyFactory
from tests.conftest import login
from tests.results.helpers import at, citizen, period, values

pytestmark = pytest.mark.django_db
D = dt.date


def placement(who, start, end, offer="virksomhedspraktik", **fields):
    company = CompanyFactory(municipality=who.municipality)
    return period(who, "offer", start, end, offer=offer, company=company, **fields)


def test_average_hours_add_overlaps_and_ordinary_hours_and_leave_out_missing(odense):
    a, b, c, d = (citizen(odense) for _ in range(4))
    for who in (a, b, c, d):
        period(who, "programme", D(2019, 1, 1))
    period(a, "offer", D(2019, 1, 1), None, offer="du2", hours_per_week=Decimal("15"))
    placement(a, D(2019, 3, 1), D(2019, 5, 31), hours_per_week=Decimal("22.5"))
    OrdinaryHours.objects.create(
        municipality=odense, citizen=a, start=D(2019, 4, 1), hours_per_week=Decimal("5")
    )
    placement(b, D(2019, 3, 15), None)  # no hours: missing from 31 March
    # c and d are in no offer: 0 hours each, and counted
    vals = values(odense, today=D(2019, 12, 15))
    # January: a 15, b 0, c 0, d 0 -> 15 over 4
    assert at(vals, odense, "activation_hours", D(2019, 1, 31)) == (150.0, 4.0)
    # April: a 15 + 22.5 + 5 = 42.5; b missing; c, d 0 -> 42.5 over 3
    assert at(vals, odense, "activation_hours", D(2019, 4, 30)) == (425.0, 3.0)
    assert at(vals, odense, "activation_missing", D(2019, 4, 30)) == (1.0, None)
    assert at(vals, odense, "activation_missing", D(2019, 2, 28)) is None
    figure = FIGURES["activation_hours"]
    assert figure.value(425.0, 3.0) == pytest.approx(42.5 / 3)
    assert Cell.of(figure, (425.0, 3.0)).display == "14,2 timer"
    assert Cell.of(figure, (425.0, 3.0), suppress=True).suppressed  # fewer than 5 people
    assert figure.shown_numerator(425.0) == 42.5  # hours, as the API gives it


def test_the_averages_denominator_stays_in_the_municipality():
    # Known hours = in the programme - missing hours: with the programme's count, the
    # denominator would give away a hidden count of citizens with missing hours.
    figure = FIGURES["activation_hours"]
    inside = Cell.of(figure, (2000.0, 8.0))
    outside = Cell.of(figure, (2000.0, 8.0), suppress=True)
    assert inside.shown_denominator == 8.0 and "8 borgere" in inside.detail
    assert not outside.suppressed and outside.display == "25,0 timer"
    assert outside.shown_denominator is None and outside.detail == ""


def test_placements_that_led_to_paid_work_within_three_months(odense):
    led = citizen(odense)
    period(led, "programme", D(2019, 1, 1))
    placement(led, D(2019, 1, 1), D(2019, 1, 31))
    placement(led, D(2019, 4, 30), None, offer="loentilskud_privat")  # the last day in time

    late = citizen(odense)
    period(late, "programme", D(2019, 1, 1))
    placement(late, D(2019, 1, 1), D(2019, 1, 31))
    placement(late, D(2019, 5, 1), None, offer="igu")  # a day too late

    job = citizen(odense)
    period(job, "programme", D(2019, 1, 1), D(2019, 2, 14))
    placement(job, D(2019, 1, 10), D(2019, 1, 20))
    period(job, "outcome", D(2019, 2, 15), code="ordinary_job", hours_per_week=37)

    danish = citizen(odense)  # not company-oriented: not a placement
    period(danish, "programme", D(2019, 1, 1))
    period(danish, "offer", D(2019, 1, 1), D(2019, 1, 31), offer="du2")
    placement(danish, D(2019, 2, 1), None, offer="igu")

    wage = citizen(odense)  # wage subsidy is paid work itself, not a placement
    period(wage, "programme", D(2019, 1, 1))
    placement(wage, D(2019, 1, 1), D(2019, 1, 31), offer="loentilskud_offentlig")

    vals = values(odense, today=D(2019, 12, 15))
    # Ended in January, counted in April: led (in time), late (not), job (in time).
    assert at(vals, odense, "placement_paid", D(2019, 4, 30)) == (2.0, 3.0)
    assert at(vals, odense, "placement_paid", D(2019, 1, 31)) is None
    assert at(vals, odense, "placement_paid", D(2019, 3, 31)) is None


def test_placement_paid_waits_until_its_three_months_are_over(odense):
    who = citizen(odense)
    period(who, "programme", D(2019, 1, 1))
    placement(who, D(2019, 9, 1), D(2019, 10, 15))
    vals = values(odense, today=D(2019, 12, 15))  # January 2020 is not computed yet
    assert not [k for k in vals if k[1] == "placement_paid"]


def test_the_facilitator_compares_the_figures_with_their_definitions(odense, holbaek, facilitator):
    for municipality, count in ((odense, 6), (holbaek, 2)):
        for number in range(count):
            who = citizen(municipality, first_name=f"Amina{number}", last_name="Testesen")
            period(who, "programme", D(2026, 1, 1))
            period(who, "offer", D(2026, 1, 1), None, offer="du2", hours_per_week=Decimal("20"))
    rebuild(rewrite_finished_months=True)
    body = login(facilitator).get(reverse("results:across")).content.decode()
    section = re.search(r'data-testid="across-company">(.*?)</section>', body, re.S).group(1)
    odense_row = re.search(r"<th scope=\"row\">Odense</th>(.*?)</tr>", section, re.S)
    holbaek_row = re.search(r"<th scope=\"row\">Holbæk</th>(.*?)</tr>", section, re.S)
    assert "20,0 timer" in odense_row.group(1)
    assert "gennemsnit af" not in section  # the denominator stays in the municipality
    assert "vises ikke" in holbaek_row.group(1)
    for code in ("placement_paid", "activation_hours", "activation_missing"):
        assert f'data-figure="{code}"' in section  # its definition beside it
    assert "Testesen" not in body
