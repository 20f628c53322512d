"""The pages: a manager erases a citizen on request, the citizen page then says so; the
administrator's rule page; the access report's texts (the report itself:
tests/audit/test_access_report_jobs.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fremdrift.audit.access_report import ACCESS_REPORT, render_access_report, report_labels
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.audit.selectors import audit_entries_for_citizen
from fremdrift.citizens.languages import CITIZEN_LANGUAGES
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.texts import CitizenTexts
from fremdrift.plans.print_labels import PLAN_PRINT
from fremdrift.retention.models import RetentionRule
from tests.conftest import login
from tests.plans.test_pdf import pdf_text
from tests.results.helpers import period

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(odense_citizen) -> Citizen:
    period(odense_citizen, "programme", dt.date(2025, 3, 1), dt.date(2026, 9, 30))
    return odense_citizen


def test_a_manager_erases_a_citizen_and_the_page_shows_no_personal_data(closed, odense_manager):
    client = login(odense_manager)
    detail = client.get(reverse("citizens:detail", args=[closed.pk])).content.decode()
    assert "Rama" in detail and 'data-testid="erase-link"' in detail
    url = reverse("retention:erase", args=[closed.pk])
    refused = client.post(url, {"reason": "Anmodning 3/11"})  # not confirmed
    assert refused.status_code == 200
    assert Citizen.objects.get(pk=closed.pk).anonymised_at is None
    done = client.post(url, {"reason": "Anmodning 3/11", "confirm": "on"})
    assert done.status_code == 302
    page = client.get(reverse("citizens:detail", args=[closed.pk])).content.decode()
    assert 'data-testid="anonymised"' in page and "Anonymiseret borger" in page
    assert "Rama" not in page and "Al-Hassan" not in page and "Syrien" not in page
    assert 'data-testid="erase-link"' not in page
    entry = AuditEntry.objects.get(action=Action.ERASE, citizen=closed)
    assert entry.purpose == "Anonymiseret efter anmodning: Anmodning 3/11"
    assert "Rama" not in str(entry.details)
    # No longer found in the list.
    listed = client.get(reverse("citizens:list")).content.decode()
    assert "Anonymiseret borger" not in listed


def test_the_erase_page_refuses_a_running_case(odense_citizen, odense_manager):
    period(odense_citizen, "programme", dt.date(2026, 3, 1))
    page = login(odense_manager).get(reverse("retention:erase", args=[odense_citizen.pk]))
    assert 'data-testid="open-periods"' in page.content.decode()


def test_the_administrator_sets_the_rule(odense, odense_admin):
    client = login(odense_admin)
    url = reverse("retention:rule")
    assert 'value="5"' in client.get(url).content.decode()
    assert 'name="version" value="0"' in client.get(url).content.decode()
    assert client.post(url, {"years": "7", "version": "0"}).status_code == 302
    assert RetentionRule.objects.get(municipality=odense).years == 7
    assert AuditEntry.objects.filter(action=Action.SETTINGS, actor=odense_admin).exists()
    assert client.post(url, {"years": "0", "version": "1"}).status_code == 200
    assert RetentionRule.objects.get(municipality=odense).years == 7


def test_a_colleagues_rule_is_not_overwritten_unseen(odense, odense_admin):
    """Two administrators open the page before any rule is saved; the second save gets the
    conflict page with the first one's number, and saves only when sent again."""
    client = login(odense_admin)
    url = reverse("retention:rule")
    assert client.post(url, {"years": "7", "version": "0"}).status_code == 302
    page = client.post(url, {"years": "3", "version": "0"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Der er gemt en ændring af en anden" in html and "<td>7</td>" in html
    assert 'name="version" value="1"' in html
    assert RetentionRule.objects.get(municipality=odense).years == 7
    assert client.post(url, {"years": "3", "version": "1"}).status_code == 302
    rule = RetentionRule.objects.get(municipality=odense)
    assert (rule.years, rule.version) == (3, 2)


def _report_text(citizen, manager, tmp_path) -> str:
    pdf = render_access_report(citizen=citizen, entries=audit_entries_for_citizen(manager, citizen))
    return " ".join(pdf_text(pdf, tmp_path).split())


def test_the_access_report_is_in_arabic_beside_danish(
    odense_citizen, odense_caseworker, odense_manager, tmp_path
):
    login(odense_caseworker).get(reverse("citizens:detail", args=[odense_citizen.pk]))
    text = _report_text(odense_citizen, odense_manager, tmp_path)
    assert "Hvem har set dine oplysninger" in text and "Rama Al-Hassan" in text
    # Arabic is the citizen's language, and its catalogue has every text of the report.
    assert "من اطّلع على معلوماتك" in text
    assert "kun på dansk" not in text


def test_a_language_missing_a_text_gets_the_notice(
    odense_citizen, odense_manager, tmp_path, monkeypatch
):
    """A text the citizen's catalogue lacks is printed in Danish, and the report says so."""
    found = ACCESS_REPORT.in_language("ar")
    missing_one = {**found, "intro": None}
    monkeypatch.setattr(
        CitizenTexts, "in_language", lambda self, language: missing_one, raising=True
    )
    text = _report_text(odense_citizen, odense_manager, tmp_path)
    assert "kun på dansk" in text and "من اطّلع على معلوماتك" in text


def test_every_citizen_language_with_the_plans_texts_has_the_reports():
    for code, _name in CITIZEN_LANGUAGES:
        if any(PLAN_PRINT.in_language(code).values()):
            assert not report_labels(code)[1], code


def test_every_action_has_a_text_for_the_citizen():
    from fremdrift.audit.models import Action as A

    # Set-up, users and logins are never about a citizen.
    about_a_citizen = set(A.values) - {A.SETTINGS, A.REWRITE_FIGURES, A.USERS, A.SIGN_IN}
    assert about_a_citizen <= set(ACCESS_REPORT.texts)
