"""The strategy page, the list of citizens under the target, the citizen's hours page and the
worklist's breaks in company-oriented effort."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.activation.models import ActivationStrategy, OfferTypeDuration, OrdinaryHours
from fremdrift.activation.selectors import strategy_for
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.journey import services
from fremdrift.journey.models import OfferType
from tests.companies.factories import CompanyFactory
from tests.conftest import login, version_in
from tests.factories import CitizenFactory
from tests.results.helpers import period

pytestmark = pytest.mark.django_db
D = dt.date  # the tests' today is 2026-11-18 (tests/conftest.py)


def strategy_post(version: int, **extra) -> dict:
    return {"version": str(version), "target_hours": "30", "max_break_days": "21", **extra}


def test_the_administrator_sets_the_strategy_and_it_is_audited(odense, odense_admin):
    client = login(odense_admin)
    page = client.get(reverse("activation:strategy")).content.decode()
    assert "37" in page  # the default target, as in Skive
    placement = OfferType.objects.get(code="virksomhedspraktik")
    response = client.post(
        reverse("activation:strategy"),
        strategy_post(
            version_in(page), **{f"max_{placement.pk}": "8", f"usual_{placement.pk}": "4"}
        ),
    )
    assert response.status_code == 302
    strategy = ActivationStrategy.objects.get(municipality=odense)
    assert (strategy.target_hours, strategy.max_break_days) == (Decimal(30), 21)
    duration = strategy.durations.get()
    assert (duration.offer_type_id, duration.max_weeks, duration.usual_weeks) == (
        placement.pk,
        8,
        4,
    )
    entry = AuditEntry.objects.filter(action=Action.SETTINGS).latest("seq")
    assert entry.details["before"]["target_hours"] == "37.0"
    assert entry.details["after"]["durations"] == {str(placement.pk): [8, 4]}


def test_bad_input_names_the_field_in_danish(odense, odense_admin):
    client = login(odense_admin)
    version = version_in(client.get(reverse("activation:strategy")).content.decode())
    placement = OfferType.objects.get(code="virksomhedspraktik")  # at most 13 weeks
    response = client.post(
        reverse("activation:strategy"),
        strategy_post(
            version,
            target_hours="80",
            **{f"max_{placement.pk}": "20", f"usual_{placement.pk}": "2"},
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "60" in form.errors["target_hours"][0]
    assert "Virksomhedspraktik" in form.errors[f"max_{placement.pk}"][0]
    usual = client.post(
        reverse("activation:strategy"),
        strategy_post(version, **{f"max_{placement.pk}": "4", f"usual_{placement.pk}": "6"}),
    ).context["form"]
    assert "sædvanlige" in usual.errors[f"usual_{placement.pk}"][0]
    assert strategy_for(odense.pk).version == version  # nothing saved


def test_a_stale_strategy_form_is_a_conflict(odense, odense_admin):
    first, second = login(odense_admin), login(odense_admin)
    version = version_in(first.get(reverse("activation:strategy")).content.decode())
    assert first.post(reverse("activation:strategy"), strategy_post(version)).status_code == 302
    stale = second.post(reverse("activation:strategy"), strategy_post(version, target_hours="25"))
    assert stale.status_code == 200 and stale.context["conflict"] is not None
    assert strategy_for(odense.pk).target_hours == Decimal(30)


def test_only_the_administrator_opens_the_strategy(odense_caseworker, odense_manager):
    for user in (odense_caseworker, odense_manager):
        assert login(user).get(reverse("activation:strategy")).status_code == 404


def in_programme(who, *offers):
    period(who, "programme", D(2026, 1, 1))
    for code, start, end, hours in offers:
        company = CompanyFactory(municipality=who.municipality) if code != "du2" else None
        period(who, "offer", start, end, offer=code, hours_per_week=hours, company=company)


def test_the_list_shows_who_is_under_the_target_and_how_far(
    odense, odense_caseworker, odense_manager
):
    full = CitizenFactory(municipality=odense, caseworker=odense_caseworker, last_name="Fuld")
    in_programme(
        full, ("du2", D(2026, 9, 1), None, 15), ("virksomhedspraktik", D(2026, 11, 1), None, 22)
    )
    short = CitizenFactory(municipality=odense, caseworker=odense_caseworker, last_name="Kort")
    in_programme(short, ("du2", D(2026, 9, 1), None, 15))
    OrdinaryHours.objects.create(
        municipality=odense, citizen=short, start=D(2026, 11, 1), hours_per_week=Decimal("5")
    )
    unknown = CitizenFactory(municipality=odense, caseworker=odense_caseworker, last_name="Ukendt")
    in_programme(unknown, ("virksomhedspraktik", D(2026, 11, 1), None, None))
    away = CitizenFactory(municipality=odense, caseworker=odense_caseworker, last_name="Barsel")
    in_programme(away)
    period(away, "absence", D(2026, 10, 1), code="maternity")
    other = CitizenFactory(municipality=odense, caseworker=None, last_name="Andensteds")
    in_programme(other)

    response = login(odense_caseworker).get(reverse("activation:under_target"))
    rows = response.context["page"].object_list
    assert [r.citizen.last_name for r in rows] == ["Ukendt", "Kort"]  # 37 (at most), then 17
    assert rows[0].hours.missing == 1 and not rows[0].shortfall.exact
    assert rows[1].shortfall.amount == Decimal(17) and rows[1].shortfall.exact
    page = response.content.decode()
    assert "højst 37" in page and "timer mangler for 1 tilbud" in page
    entry = AuditEntry.objects.filter(action=Action.LIST).latest("seq")
    assert entry.purpose == "Borgere under aktiveringsmålet"
    assert sorted(entry.details["shown"]) == sorted([unknown.pk, short.pk])

    manager_rows = login(odense_manager).get(reverse("activation:under_target")).context["page"]
    assert {r.citizen.last_name for r in manager_rows.object_list} == {
        "Ukendt",
        "Kort",
        "Andensteds",
    }


def test_the_citizen_page_records_and_ends_ordinary_hours(odense_caseworker, odense_citizen):
    in_programme(odense_citizen, ("virksomhedspraktik", D(2026, 11, 1), None, 20))
    client = login(odense_caseworker)
    url = reverse("activation:citizen", args=[odense_citizen.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["activation"].shortfall.amount == 17
    bad = client.post(url, {"start": "2026-11-10", "hours_per_week": "90"})
    assert "hours_per_week" in bad.context["form"].errors
    saved = client.post(url, {"start": "2026-11-10", "hours_per_week": "10"})
    assert saved.status_code == 302
    row = OrdinaryHours.objects.get(citizen=odense_citizen)
    assert client.get(url).context["activation"].shortfall.amount == 7
    ended = client.post(
        reverse("activation:ordinary_hours_end", args=[row.pk]), {"end": "2026-11-17"}
    )
    assert ended.status_code == 302
    row.refresh_from_db()
    assert row.end == D(2026, 11, 17)
    purposes = set(
        AuditEntry.objects.filter(citizen=odense_citizen).values_list("purpose", flat=True)
    )
    assert {"Ordinære timer registreret", "Ordinære timer afsluttet"} <= purposes
    assert "Borgerens aktiveringstimer" in purposes


def test_the_worklist_lists_breaks_longer_than_the_strategy_allows(odense, odense_caseworker):
    def citizen_with_break(name, last_end):
        who = CitizenFactory(municipality=odense, caseworker=odense_caseworker, last_name=name)
        in_programme(who, ("virksomhedspraktik", D(2026, 6, 1), last_end, 20))
        return who

    citizen_with_break("Lang", D(2026, 10, 1))  # 48 days
    citizen_with_break("Kort", D(2026, 11, 1))  # 17 days: within 30
    client = login(odense_caseworker)
    response = client.get(reverse("journey:worklist"))
    assert [r.citizen.last_name for r in response.context["breaks"]] == ["Lang"]
    assert "Pause i den virksomhedsrettede indsats" in response.content.decode()
    entry = AuditEntry.objects.filter(action=Action.LIST).latest("seq")
    assert response.context["breaks"][0].citizen.citizen_id in entry.details["shown"]

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("journey:worklist"))
    for i in range(4):
        citizen_with_break(f"Flere{i}", D(2026, 9, 1))
    client.get(reverse("journey:worklist"))  # the new citizens' case snapshots made once
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("journey:worklist"))
    assert len(response.context["breaks"]) == 5
    assert len(many) == len(few)  # a fixed number of queries


def test_the_strategys_longest_duration_holds_for_new_offers(
    odense, odense_caseworker, odense_citizen
):
    period(odense_citizen, "programme", D(2026, 1, 1))
    placement = OfferType.objects.get(code="virksomhedspraktik")  # the type allows 13 weeks
    company = CompanyFactory(municipality=odense)
    OfferTypeDuration.objects.create(
        strategy=strategy_for(odense.pk), offer_type=placement, max_weeks=4
    )
    with pytest.raises(ValidationError) as refused:
        services.period_start(
            actor=odense_caseworker,
            citizen=odense_citizen,
            kind="offer",
            offer_type=placement,
            company=company,
            start=D(2026, 11, 2),
            planned_end=D(2026, 12, 31),
        )
    assert "aktiveringsstrategi" in refused.value.message_dict["planned_end"][0]
    offer = services.period_start(
        actor=odense_caseworker,
        citizen=odense_citizen,
        kind="offer",
        offer_type=placement,
        company=company,
        start=D(2026, 11, 2),
        planned_end=D(2026, 11, 29),  # four weeks exactly
    )
    with pytest.raises(ValidationError):
        services.period_end(actor=odense_caseworker, period=offer, end=D(2026, 12, 1))
