"""No route reaches an anonymised citizen: every URL of the boundary matrix that takes an id of
the citizen or of something of theirs (a period, a referral, a sub-goal, a conversation, a
journal entry ...) is refused with the Danish message, and nothing in the database changes.

The URLs come from the boundary matrix (tests/test_boundary.py and tests/<app>/boundary.py),
so a new citizen route is tried here the day it is added, unless it is listed below as not
the citizen's.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse

import tests.test_boundary as matrix
from fremdrift.core import clock
from fremdrift.retention.erasure_services import erase_personal_data
from tests.conftest import login

# Routes whose object is not a citizen's: the municipality's own documents and set-up.
NOT_A_CITIZENS = (
    "toolbox",
    "accounts:",  # the administrator's users and teams: staff, no citizen
    "instruments:",
    "caseimport:",
    "statistics:",
    "companies:detail",
    "companies:edit",
    "companies:contact",  # the company's contact persons and capacity
    "companies:capacity",
    "progression:blank_pdf",
    "audit:report_progress",  # a job's progress: its key, no citizen
    "journey:offer_type",  # the municipality's own offer types
    "twofactor:",  # a colleague's second factor: a user, no citizen
    "journey:type_retirement",  # and its own offer and benefit types
    "journey:benefit_type",
    "citizens:caseload_move",  # a member of staff's caseload (an anonymised one is left out)
    "sso:",  # the installation's set-up of each municipality's identity provider
)
# The pages that say the citizen is anonymised and show nothing personal: the citizen's page,
# the access log (kept after the erasure), the erase page (it sends you to the citizen's).
SAYS_SO = {"citizens:detail", "audit:citizen", "audit:export", "audit:export_pdf",
           "retention:erase"}  # fmt: skip
# Gone with the erasure: a stored access report and the contact person's follow-up links are
# deleted with the citizen's data.
GONE = {"audit:report_download", "follow_up:form"}
CITIZEN_ROUTES = sorted(name for name in matrix.OBJECT_URLS if not name.startswith(NOT_A_CITIZENS))
REFUSED = sorted(set(CITIZEN_ROUTES) - SAYS_SO - GONE)
SHOWING_WRITES = ("audit.AuditEntry", "audit.AuditChain", "journey.JourneySettings")
PERSONA_ORDER = ("odense_manager", "odense_caseworker", "odense_consultant")


def _day(delta: int = 0) -> str:
    return f"{clock.today() + dt.timedelta(days=delta):%d.%m.%Y}"


def _write_data(url_name: str) -> dict:
    """A POST that writes, had the citizen not been anonymised: what makes the check worth
    something (without it, a form would merely be shown again with its errors)."""
    known = {
        "journey:period_end": {"end": _day(), "reason": "Slut"},
        "journey:programme_extend": {"new_planned_end": "31.12.2027", "reason": "Sygdom"},
        "journey:contract_new": {"signed_on": _day(), "declaration_signed": "on"},
        "plans:edit": {"end_goal": "job", "field": "Lager", "note": "Ny", "version": "0"},
        "plans:add_sub_goal": {"text": "Bestå modul 3", "target_date": _day(30)},
        "plans:follow_up": {"noted_on": _day(), "text": "Det går godt"},
        "companies:return": {"note": "Mangler CV"},
        "companies:accept": {"note": "Modtaget"},
        "conversations:new": {"held_on": _day(), "form": "in_person"},
    }
    return known.get(url_name, matrix.OBJECT_URLS[url_name][3])


# The fixtures the matrix names (from its app modules), for this module's tests too.
globals().update(
    {name: getattr(matrix, name) for name in dir(matrix) if name.endswith(("_kwargs", "_plan"))}
)
globals()["progression_reading"] = matrix.progression_reading


def _everything(*, but: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    """Every row of every table of ours (not the users'), to compare before and after."""
    rows = {}
    for model in apps.get_models():
        label = model._meta.label
        if model.__module__.startswith("fremdrift.") and label.split(".")[0] != "accounts":
            if label in but:
                continue
            rows[label] = list(model._default_manager.order_by("pk").values())
    return rows


def _kwargs_and_client(request, url_name: str, citizen):
    _method, allowed, kwargs_fixture, _data = matrix.OBJECT_URLS[url_name]
    kwargs = request.getfixturevalue(kwargs_fixture)
    persona = next(p for p in PERSONA_ORDER if p in allowed)
    client = login(request.getfixturevalue(persona))
    erase_personal_data([citizen.pk])
    return reverse(url_name, kwargs=kwargs), client


@pytest.mark.django_db(databases=["default", "progress"])
@pytest.mark.parametrize("url_name", REFUSED)
def test_a_write_to_an_anonymised_citizen_is_refused_and_changes_nothing(
    request, url_name, odense_citizen
):
    url, client = _kwargs_and_client(request, url_name, odense_citizen)
    before = _everything()
    response = client.post(url, _write_data(url_name))
    # 405: a page that only shows (the plan, its printout) takes no POST at all.
    assert response.status_code in (409, 405), response.status_code
    if response.status_code == 409:
        assert "der kan ikke registreres nyt på sagen" in response.content.decode()
    assert _everything() == before


@pytest.mark.django_db(databases=["default", "progress"])
@pytest.mark.parametrize("url_name", REFUSED)
def test_a_page_of_an_anonymised_citizen_shows_nothing(request, url_name, odense_citizen):
    last_name = odense_citizen.last_name
    url, client = _kwargs_and_client(request, url_name, odense_citizen)
    before = _everything()
    response = client.get(url)
    assert response.status_code in (409, 405), response.status_code
    if response.status_code == 409:
        body = response.content.decode()
        assert "Borgeren er anonymiseret" in body
        assert reverse("citizens:detail", kwargs={"pk": odense_citizen.pk}) in body
        assert last_name not in body
    assert _everything() == before  # not even the audit entry of a read


@pytest.mark.django_db(databases=["default", "progress"])
@pytest.mark.parametrize("url_name", sorted(SAYS_SO))
def test_the_pages_that_say_so_write_nothing_either(request, url_name, odense_citizen):
    """Posted to, they change nothing of the citizen's; showing them is audited, as ever
    (and the journey settings a page reads are made on first use)."""
    last_name = odense_citizen.last_name
    url, client = _kwargs_and_client(request, url_name, odense_citizen)
    before = _everything(but=SHOWING_WRITES)
    response = client.post(url, {"reason": "Anmodning", "purpose": "x"})
    assert response.status_code in (200, 302, 405), response.status_code
    body = b"".join(response) if response.streaming else response.content
    assert last_name.encode() not in body
    assert _everything(but=SHOWING_WRITES) == before


def test_the_walk_covers_the_routes_by_other_ids():
    # The routes the brief names: by a period, a referral, a sub-goal, a journal entry.
    for name in ("journey:period_end", "companies:return", "plans:follow_up",
                 "conversations:sign_entry", "progression:citizen_step"):  # fmt: skip
        assert name in REFUSED
    assert len(REFUSED) >= 25


@pytest.mark.django_db(databases=["default", "progress"])
@pytest.mark.parametrize("url_name", sorted(GONE))
def test_what_the_erasure_deleted_is_not_found(request, url_name, odense_citizen):
    url, client = _kwargs_and_client(request, url_name, odense_citizen)
    before = _everything()
    assert client.get(url).status_code == 404
    assert _everything() == before
