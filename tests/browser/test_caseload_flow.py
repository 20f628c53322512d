"""The administrator moves a caseload in a real browser (Chromium), and the receiver sees it.

The administrator picks a caseworker, ticks three of her citizens, picks the receiver,
confirms, and sees what moved; the receiving caseworker then finds the three on her list.
"""

from __future__ import annotations

import re

import pytest
from django.db.models import Count, Q
from playwright.sync_api import Page, expect

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Role
from fremdrift.citizens.models import Citizen
from tests.browser.test_citizen_flow import log_in


def _staff() -> tuple[User, User]:
    """In Odense: the caseworker with the most citizens (moved from), and another with the
    fewest (moved to), so the receiver's filtered list holds the three on its first page."""
    counted = (
        User.objects.filter(municipality__code="461", role=Role.CASEWORKER, is_active=True)
        .annotate(n=Count("caseload", filter=Q(caseload__anonymised_at__isnull=True)))
        .order_by("-n", "pk")
    )
    ranked = list(counted)
    assert len(ranked) >= 2 and ranked[0].n >= 3
    return ranked[0], ranked[-1]


@pytest.mark.browser
def test_administrator_moves_three_citizens_and_the_receiver_sees_them(
    page: Page, live_server, demo_data, problems, screenshot
):
    base = live_server.url
    leaver, receiver = _staff()
    log_in(page, base, "odense-administrator")
    page.get_by_role("link", name="Sagsstammer").first.click()
    expect(page.get_by_role("heading", name="Sagsstammer", level=1)).to_be_visible()
    screenshot("caseload-01-holders")

    page.get_by_role("link", name=f"Flyt borgere fra {leaver.get_full_name()}").click()
    expect(page).to_have_url(re.compile(rf"/borgere/sagsstammer/{leaver.pk}/$"))
    boxes = page.locator('input[name="citizens"]')
    labels, ids = [], []
    for index in range(3):
        box = boxes.nth(index)
        box.check()
        labels.append(page.locator(f'label[for="{box.get_attribute("id")}"]').inner_text().strip())
        ids.append(int(box.get_attribute("value") or 0))
    page.get_by_label("Flyt til").select_option(str(receiver.pk))
    screenshot("caseload-02-picked")

    page.get_by_role("button", name="Videre").click()
    expect(page.get_by_role("heading", name="Bekræft flytningen")).to_be_visible()
    for label in labels:
        expect(page.locator("main")).to_contain_text(label)
    screenshot("caseload-03-confirm")

    page.get_by_role("button", name="Flyt borgerne").click()
    expect(page.get_by_role("heading", name="Det blev flyttet")).to_be_visible()
    expect(page.locator("[data-moved-from]")).to_have_text(leaver.get_full_name())
    expect(page.locator("[data-moved-to]")).to_have_text(receiver.get_full_name())
    moved = page.locator("#moved-citizens li")
    expect(moved).to_have_count(3)
    for label in labels:
        expect(page.locator("#moved-citizens")).to_contain_text(label)
    screenshot("caseload-04-moved")
    assert set(Citizen.objects.filter(pk__in=ids).values_list("caseworker", flat=True)) == {
        receiver.pk
    }

    page.get_by_role("button", name="Log ud").click()
    log_in(page, base, receiver.username)
    page.goto(f"{base}/borgere/?caseworker={receiver.pk}")
    results = page.locator("#results")
    for pk, label in zip(ids, labels, strict=True):
        expect(results.locator(f'a[href="/borgere/{pk}/"]')).to_have_text(label)
    screenshot("caseload-05-receivers-list")
    problems.assert_none()
