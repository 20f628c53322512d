"""The work agreement's figures on hand-built cases: placements with a signed agreement, and
placements followed up on time (results.placement_figures), and the table kept in step by
the companies' services."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from fremdrift.companies.agreement_services import (
    AgreementData,
    SignatureData,
    agreement_sign,
    agreement_update,
)
from fremdrift.companies.follow_up_services import link_submit
from fremdrift.companies.models import AgreementSignature, AgreementStatus, WorkAgreement
from fremdrift.core.clock import parse_moment
from fremdrift.core.months import month_code
from fremdrift.results.definitions import FIGURES
from fremdrift.results.refresh import rebuild
from fremdrift.results.selectors import Cell, latest_month
from tests.companies.factories import CompanyFactory, agreement_for
from tests.companies.follow_up_helpers import (
    all_scores,
    follow_up,
    new_link,
    placement_with_contact,
)
from tests.conftest import DEFAULT_TODAY, login
from tests.results.helpers import at, citizen, figure_table, period, values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_the_cases_day(time_machine):
    """These cases are written around one day (the suite's default clock), so the clock is
    set to it here whatever day the run is on; FREMDRIFT_TODAY's other days are tried by
    the suites that derive their dates from the clock."""
    time_machine.move_to(parse_moment(DEFAULT_TODAY), tick=True)


D = dt.date
TODAY = D(2026, 11, 18)  # tests/conftest.py's clock


def placement(who, start, end=None, offer="virksomhedspraktik"):
    company = CompanyFactory(municipality=who.municipality)
    return period(who, "offer", start, end, offer=offer, company=company)


def sign(agreement, *days):
    """The three parties' signatures on these days (the last makes it agreed)."""
    for party, day in zip(("employer", "citizen", "adviser"), days, strict=True):
        AgreementSignature.objects.create(
            municipality=agreement.municipality,
            agreement=agreement,
            party=party,
            signer_name="N.N.",
            signed_on=day,
            recorded_by=agreement.created_by,
        )
    agreement.status = AgreementStatus.SIGNED
    agreement.save()


def next_version(agreement, *dates):
    newer = WorkAgreement.objects.create(
        municipality=agreement.municipality,
        placement=agreement.placement,
        number=agreement.number + 1,
        previous=agreement,
        created_by=agreement.created_by,
    )
    for date in dates:
        newer.follow_up_dates.create(municipality=agreement.municipality, date=date)
    return newer


def test_the_share_of_placements_with_a_signed_agreement(odense, odense_consultant):
    a, b, c, e, f = (citizen(odense) for _ in range(5))
    signed_in_march = agreement_for(placement(a, D(2026, 1, 1)), odense_consultant)
    sign(signed_in_march, D(2026, 2, 20), D(2026, 3, 10), D(2026, 2, 21))
    agreement_for(placement(b, D(2026, 2, 1), D(2026, 4, 15)), odense_consultant)  # a draft
    first = agreement_for(placement(c, D(2026, 2, 1)), odense_consultant)
    sign(first, D(2026, 2, 5), D(2026, 2, 5), D(2026, 2, 5))
    next_version(first)  # a new draft: the signed version still holds
    period(e, "offer", D(2026, 1, 1), offer="du2")  # not at a company: no placement
    wage = agreement_for(placement(f, D(2026, 4, 1), offer="loentilskud_privat"), odense_consultant)
    sign(wage, D(2026, 4, 30), D(2026, 4, 30), D(2026, 4, 30))  # signed on the reference date
    vals = values(odense, today=TODAY)
    code = "placement_agreement"
    assert at(vals, odense, code, D(2026, 1, 31)) == (0.0, 1.0)
    assert at(vals, odense, code, D(2026, 2, 28)) == (1.0, 3.0)
    assert at(vals, odense, code, D(2026, 3, 31)) == (2.0, 3.0)
    assert at(vals, odense, code, D(2026, 4, 30)) == (3.0, 3.0)  # b ended on 15 April


def test_a_placement_counts_once_per_placement_not_per_citizen(odense, odense_consultant):
    who = citizen(odense)
    sign(agreement_for(placement(who, D(2026, 1, 1)), odense_consultant), *[D(2026, 1, 5)] * 3)
    placement(who, D(2026, 1, 10))
    assert at(values(odense, today=TODAY), odense, "placement_agreement", D(2026, 1, 31)) == (
        1.0,
        2.0,
    )


def test_the_share_followed_up_on_time(odense, odense_consultant):
    one = placement_with_contact(citizen(odense), odense_consultant)  # from 1 May 2026
    agreement_for(
        one, odense_consultant, follow_ups=(D(2026, 6, 10), D(2026, 6, 28), D(2026, 7, 20))
    )
    follow_up(one, odense_consultant, 3, on=D(2026, 6, 12))  # holds 10 June
    follow_up(one, odense_consultant, 3, on=D(2026, 7, 1))  # holds 28 June (window to 5 July)

    early = placement_with_contact(citizen(odense), odense_consultant)
    agreement_for(early, odense_consultant, follow_ups=(D(2026, 6, 15),))
    follow_up(early, odense_consultant, 3, on=D(2026, 6, 3))  # 12 days early: not on time

    ended = placement_with_contact(citizen(odense), odense_consultant)
    ended.end = D(2026, 6, 20)
    ended.save(update_fields=["end"])
    agreement_for(ended, odense_consultant, follow_ups=(D(2026, 7, 1),))  # after its end

    revised = placement_with_contact(citizen(odense), odense_consultant)
    old = agreement_for(revised, odense_consultant, follow_ups=(D(2026, 6, 5),), signed=True)
    next_version(old, D(2026, 6, 20))  # only the newest version's dates count
    follow_up(revised, odense_consultant, 3, on=D(2026, 6, 20))

    turn = placement_with_contact(citizen(odense), odense_consultant)
    agreement_for(turn, odense_consultant, follow_ups=(D(2026, 8, 26),))
    follow_up(turn, odense_consultant, 3, on=D(2026, 9, 1))  # the window closes in September

    vals = values(odense, today=TODAY)
    code = "follow_up_on_time"
    assert at(vals, odense, code, D(2026, 6, 30)) == (2.0, 3.0)  # one, revised; not early
    assert at(vals, odense, code, D(2026, 7, 31)) == (0.0, 1.0)  # one: 20 July not held
    assert at(vals, odense, code, D(2026, 8, 31)) is None
    assert at(vals, odense, code, D(2026, 9, 30)) == (1.0, 1.0)


def test_a_month_counts_only_dates_whose_window_has_closed(odense, odense_consultant):
    # Computed on 18 November: 20 November's window closes in November, 26 November's in
    # December, which is not computed yet.
    soon = placement_with_contact(citizen(odense), odense_consultant)
    agreement_for(soon, odense_consultant, follow_ups=(D(2026, 11, 20), D(2026, 11, 26)))
    vals = values(odense, today=TODAY)
    assert at(vals, odense, "follow_up_on_time", D(2026, 11, 30)) == (0.0, 1.0)
    assert not [k for k in vals if k[1] == "follow_up_on_time" and k[4] > 2026 * 12 + 10]


def test_the_services_keep_the_table_in_step(odense, odense_consultant):
    """A signature, a follow-up held (by the consultant, or through the link) and changed
    dates each update the figures for that citizen in the same transaction."""
    rebuild(rewrite_finished_months=True)
    period_ = placement_with_contact(citizen(odense), odense_consultant)
    agreement = agreement_for(period_, odense_consultant, follow_ups=(D(2026, 10, 20),))
    rebuild(rewrite_finished_months=True)  # the unaudited factory writes above
    for party in ("employer", "citizen", "adviser"):
        agreement.refresh_from_db()
        agreement_sign(
            actor=odense_consultant,
            agreement=agreement,
            data=SignatureData(party=party, signer_name="N.N.", signed_on=TODAY),
            expected_version=agreement.version,
        )
    table = figure_table()
    assert table == {k: v for k, v in values(odense, today=TODAY).items()}
    assert table[(odense.pk, "placement_agreement", "", "", 2026 * 12 + 10)] == (1.0, 1.0)
    assert table[(odense.pk, "placement_agreement", "", "", 2026 * 12 + 9)] == (0.0, 1.0)
    follow_up(period_, odense_consultant, 3, on=D(2026, 10, 22))
    assert figure_table()[(odense.pk, "follow_up_on_time", "", "", 2026 * 12 + 9)] == (1.0, 1.0)
    _link, token = new_link(period_, odense_consultant)
    link_submit(token=token, answers=all_scores(4), next_focus="")
    assert figure_table() == values(odense, today=TODAY)


def test_changed_dates_on_a_draft_update_the_table(odense, odense_consultant):
    period_ = placement_with_contact(citizen(odense), odense_consultant)
    agreement = agreement_for(period_, odense_consultant, follow_ups=(D(2026, 10, 20),))
    follow_up(period_, odense_consultant, 3, on=D(2026, 10, 22))
    rebuild(rewrite_finished_months=True)
    october = (odense.pk, "follow_up_on_time", "", "", 2026 * 12 + 9)
    assert figure_table()[october] == (1.0, 1.0)
    agreement_update(
        actor=odense_consultant,
        agreement=agreement,
        data=AgreementData(
            paid_hours_goal=agreement.paid_hours_goal,
            paid_hours_by=D(2026, 12, 1),
            follow_up_dates=(D(2026, 10, 5),),  # now 17 days before the follow-up
        ),
        expected_version=agreement.version,
    )
    assert figure_table()[october] == (0.0, 1.0)
    assert figure_table() == values(odense, today=TODAY)


def test_the_definitions_and_suppression():
    for code in ("placement_agreement", "follow_up_on_time"):
        figure = FIGURES[code]
        assert figure.is_share and figure.population and figure.numerator
        assert Cell.of(figure, (3.0, 4.0), suppress=True).suppressed  # under 5 placements
        assert not Cell.of(figure, (3.0, 4.0)).suppressed  # shown in full inside


def test_the_facilitator_compares_them_and_the_api_gives_them(
    odense, holbaek, facilitator, odense_consultant
):
    # A share leaves the municipality with five on each side: Odense 5 of 10, Holbæk 1 of 2.
    for municipality, count in ((odense, 10), (holbaek, 2)):
        for number in range(count):
            who = citizen(municipality, first_name=f"Amina{number}", last_name="Testesen")
            agreement = agreement_for(placement(who, D(2026, 1, 1)), odense_consultant)
            if number % 2 == 0:
                sign(agreement, *[D(2026, 1, 5)] * 3)
    rebuild(rewrite_finished_months=True)
    client = login(facilitator)
    body = client.get(reverse("results:across")).content.decode()
    section = re.search(r'data-testid="across-company">(.*?)</section>', body, re.S).group(1)
    for code in ("placement_agreement", "follow_up_on_time"):
        assert f'data-figure="{code}"' in section
    assert "Andel praktikforløb med arbejdsaftale" in section
    holbaek_row = re.search(r"<th scope=\"row\">Holbæk</th>(.*?)</tr>", section, re.S)
    assert "vises ikke" in holbaek_row.group(1)
    assert "Testesen" not in body
    last = latest_month()
    data = client.get(
        reverse("results:api"),
        {"figure": "placement_agreement", "from": month_code(last), "to": month_code(last)},
    ).json()
    assert data["figure"]["numerator"] == str(FIGURES["placement_agreement"].numerator)
    rows = {r["municipality"]: r for r in data["values"]}
    assert (rows["461"]["numerator"], rows["461"]["denominator"]) == (5, 10)
    assert rows["316"]["suppressed"] is True and rows["316"]["numerator"] is None
