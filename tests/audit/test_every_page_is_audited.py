"""Every response that shows a citizen's personal data writes an audit entry that finds them.

The citizen (Rama Al-Hassan, Odense) is in a programme, followed by a consultant, placed at a
company and referred to it, so she appears on every list there is. Then every page is asked
for as every persona of her municipality:

- each plain URL (the lists: the citizen list and its searches, the worklists, the board, the
  referral inbox ...);
- each object URL of the boundary matrix (tests/test_boundary.py and tests/<app>/boundary.py)
  with its method, and again with an empty POST: a form that failed validation is shown
  again with the citizen's data in it.

Wherever her name is in the response, the request must have written an entry about her:
one naming her, or a list entry that shows her (an appearance). A new page that shows
personal data without its entry fails here.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from django.urls import reverse

from fremdrift.audit.models import AuditAppearance, AuditEntry
from fremdrift.journey.models import OfferType, Period
from tests import test_boundary
from tests.companies.factories import CompanyFactory
from tests.conftest import login

# The boundary matrix's fixtures, so each object URL gets its Odense object.
globals().update(
    {
        name: value
        for name, value in vars(test_boundary).items()
        if hasattr(value, "_fixture_function_marker") or hasattr(value, "_pytestfixturefunction")
    }
)

MUNICIPAL = ["odense_caseworker", "odense_manager", "odense_consultant", "odense_admin"]
# Plain URLs left out: they show no citizen by design, or only act.
NOT_PAGES = {"logout", "set_language", "healthz", "login"}
# Searches the lists are asked for besides the plain page (her name, part of it).
# Never her whole last name: the page echoes the query, which is no look-up of her data.
SEARCHES = {"citizens:list": [{"q": "al-hass"}, {"q": "rama"}], "audit:search": [{"q": "rama"}]}


def _covered(citizen, since: int) -> bool:
    """Whether an entry written after `since` names the citizen or shows her on a list."""
    new = AuditEntry.objects.filter(pk__gt=since)
    return (
        new.filter(citizen=citizen).exists()
        or AuditAppearance.objects.filter(entry__in=new, citizen=citizen).exists()
    )


def _last_entry() -> int:
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


@pytest.fixture
def shown_everywhere(
    odense, odense_citizen, odense_consultant, odense_programme_kwargs, odense_referral_kwargs
):
    """Rama in a programme (journey boundary fixture), referred (companies boundary fixture),
    followed by the consultant and placed at a company."""
    odense_citizen.consultant = odense_consultant
    odense_citizen.save(update_fields=["consultant"])
    company = CompanyFactory(municipality=odense, name="Fynsk Gartneri ApS")
    Period.objects.create(
        municipality=odense,
        citizen=odense_citizen,
        kind="offer",
        offer_type=OfferType.objects.get(code="virksomhedspraktik"),
        company=company,
        start=dt.date(2026, 5, 1),
    )
    return company


def _check(client, method: str, url: str, data: dict | None, citizen, **headers) -> bool:
    """Ask; fail when her name is shown without an entry. Whether her name was shown."""
    since = _last_entry()
    response = getattr(client, method)(url, data, **headers)
    kind = response.get("Content-Type", "")
    if not kind.startswith(("text/html", "application/pdf")):
        return False
    try:
        shown = citizen.last_name in test_boundary._text(response)
    except subprocess.CalledProcessError:
        shown = True  # a PDF that cannot be read back is held to the rule all the same
    assert not shown or _covered(citizen, since), (
        f"{method.upper()} {url} shows {citizen.full_name} without an audit entry"
    )
    return shown


@pytest.mark.django_db(databases=["default", "progress"])
@pytest.mark.parametrize("persona", MUNICIPAL)
def test_every_list_that_shows_her_records_it(request, persona, odense_citizen, shown_everywhere):
    user = request.getfixturevalue(persona)
    client = login(user)
    shown_on = set()
    for name in sorted(test_boundary.plain_url_names() - NOT_PAGES):
        for params in [{}, *SEARCHES.get(name, [])]:
            if _check(client, "get", reverse(name), params, odense_citizen):
                shown_on.add(name)
    # The own caseload, and the live search's partial page.
    own = {"caseworker": str(user.pk)}
    _check(client, "get", reverse("citizens:list"), own, odense_citizen)
    _check(
        client,
        "get",
        reverse("citizens:list"),
        {"q": "rama"},
        odense_citizen,
        HTTP_HX_REQUEST="true",
    )
    company_page = reverse("companies:detail", kwargs={"pk": shown_everywhere.pk})
    if _check(client, "get", company_page, {}, odense_citizen):
        shown_on.add("companies:detail")
    if persona != "odense_admin":
        # The check must have met her on every kind of list she is on.
        lists = {"citizens:list", "companies:detail", "companies:referrals", "journey:board"}
        assert {*lists, "journey:worklist"} <= shown_on, shown_on


@pytest.mark.django_db(databases=["default", "progress"])
@pytest.mark.parametrize("url_name", sorted(test_boundary.OBJECT_URLS))
def test_every_page_about_her_records_it(request, url_name, odense_citizen, shown_everywhere):
    """As one persona allowed in (what is recorded does not hang on the role): the page, and
    the page sent an empty form, which is shown again with its errors and her data."""
    method, allowed, kwargs_fixture, data = test_boundary.OBJECT_URLS[url_name]
    url = reverse(url_name, kwargs=request.getfixturevalue(kwargs_fixture))
    persona = next((p for p in MUNICIPAL if p in allowed), None)
    if persona is None:
        pytest.skip("no persona of her municipality is allowed in")
    client = login(request.getfixturevalue(persona))
    _check(client, method, url, data if method == "post" else None, odense_citizen)
    _check(client, "post", url, {}, odense_citizen)


@pytest.mark.django_db
def test_a_list_entry_names_the_query_and_everyone_shown(odense_caseworker, odense_citizen):
    client = login(odense_caseworker)
    client.get(reverse("citizens:list"), {"q": "rama"})
    entry = AuditEntry.objects.get(action="list")
    assert entry.details["query"] == {"q": "rama"}
    assert entry.details["shown"] == [odense_citizen.pk]
    assert entry.citizen is None and entry.municipality_id == odense_citizen.municipality_id
    appearance = AuditAppearance.objects.get(entry=entry)
    assert (appearance.citizen_id, appearance.seq) == (odense_citizen.pk, entry.seq)


@pytest.mark.django_db
def test_a_list_that_shows_nobody_writes_nothing(odense_caseworker, odense_citizen):
    login(odense_caseworker).get(reverse("citizens:list"), {"q": "findes ikke"})
    assert not AuditEntry.objects.filter(action="list").exists()


@pytest.mark.django_db
def test_the_access_log_shows_her_list_appearances_in_order(
    odense_caseworker, odense_manager, odense_citizen, holbaek_citizen
):
    client = login(odense_caseworker)
    client.get(reverse("citizens:detail", kwargs={"pk": odense_citizen.pk}))
    client.get(reverse("citizens:list"), {"q": "rama"})
    client.get(reverse("citizens:list"), {"q": "ingen"})  # shows nobody: no entry
    page = login(odense_manager).get(reverse("audit:citizen", kwargs={"pk": odense_citizen.pk}))
    rows = re.findall(r"<tr>\s*<td class=\"nowrap\">.*?</tr>", page.content.decode(), re.S)
    # Newest first: her own log look-up, the list, the page view.
    assert [_action_of(row) for row in rows] == [
        "Så revisionslog",
        "Viste borgeren på en liste",
        "Så borgerens side",
    ]
    assert "én borger på listen" in rows[1] and "Borgerlisten" in rows[1]
    assert "3 poster" in page.content.decode()


def _action_of(row: str) -> str:
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return re.sub(r"<br>.*", "", cells[2], flags=re.S).strip()
