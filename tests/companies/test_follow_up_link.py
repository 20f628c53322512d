"""The contact person's follow-up link: its token boundary, the throttle, the audit entries
and the page behind it."""

import datetime as dt
import hashlib
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fremdrift.audit.chain import verify_chain
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.companies.models import FollowUp, FollowUpLink
from fremdrift.core import clock
from fremdrift.instruments.models import Response
from tests.companies.follow_up_helpers import all_scores, new_link, placement_with_contact
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(odense_citizen, odense_consultant):
    return placement_with_contact(odense_citizen, odense_consultant)


@pytest.fixture
def link_and_token(period, odense_consultant):
    return new_link(period, odense_consultant)


def url(token: str) -> str:
    return reverse("follow_up:form", kwargs={"token": token})


def answers(value="4", next_focus="Mere tempo ved pakkebordet") -> dict[str, str]:
    return {**{k: str(v) for k, v in all_scores(value).items()}, "next_focus": next_focus}


def contact_entries():
    return AuditEntry.objects.filter(actor_role="contact_person").order_by("seq")


def test_only_the_hash_of_the_token_is_stored(link_and_token):
    link, token = link_and_token
    assert len(token) == 43  # token_urlsafe(32): 256 bits
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not FollowUpLink.objects.filter(token_hash=token).exists()
    assert link.expires_at == link.created_at + dt.timedelta(days=14)


def test_the_link_lasts_the_days_the_setting_says(settings, period, odense_consultant):
    settings.FOLLOW_UP_LINK_DAYS = 3
    link, _token = new_link(period, odense_consultant)
    assert link.expires_at - link.created_at == dt.timedelta(days=3)


def test_the_page_shows_the_first_name_and_the_placement_only(
    odense_citizen, period, link_and_token
):
    _link, token = link_and_token
    response = Client().get(url(token))
    assert response.status_code == 200
    body = response.content.decode()
    assert odense_citizen.first_name in body
    assert odense_citizen.last_name not in body
    assert odense_citizen.cpr_masked not in body
    assert period.company.name in body
    assert "Stabilt fremmøde og til tiden" in body
    # No links out: only to itself (the language switch) and the static files.
    hrefs = re.findall(r'href="([^"]*)"', body)
    assert [
        h
        for h in hrefs
        if not (h.startswith("?") or h.startswith("/static/") or h.startswith("data:"))
    ] == []
    assert re.findall(r'action="([^"]*)"', body) == [""]
    assert response["Referrer-Policy"] == "same-origin"
    assert "sessionid" not in response.cookies


def test_the_page_switches_to_english(link_and_token):
    _link, token = link_and_token
    body = Client().get(url(token) + "?sprog=en").content.decode()
    assert "Turns up regularly and on time" in body
    assert 'href="?sprog=da"' in body


def test_submitting_saves_the_follow_up_on_the_placement_and_closes_the_link(
    period, link_and_token, odense_consultant
):
    link, token = link_and_token
    client = Client()
    response = client.post(url(token), answers("4"))
    assert response.status_code == 200
    assert "Tak for opfølgningen" in response.content.decode()
    assert "sessionid" not in response.cookies
    follow_up = FollowUp.objects.get()
    response_row = follow_up.response
    assert response_row.placement.period_id == period.pk
    assert response_row.conversation_id is None
    assert response_row.citizen_id == period.citizen_id
    assert response_row.respondent == "contact_person"
    assert response_row.recorded_by == odense_consultant  # who sent the link
    assert {a.item: a.value for a in response_row.answers.all()} == all_scores(4)
    assert follow_up.next_focus == "Mere tempo ved pakkebordet"
    link.refresh_from_db()
    assert link.used_at is not None and link.follow_up == follow_up
    # Used: a second submission or opening is refused.
    again = client.post(url(token), answers("5"))
    assert again.status_code == 410
    assert "allerede sendt" in again.content.decode()
    assert client.get(url(token)).status_code == 410
    assert FollowUp.objects.count() == 1


def test_a_missing_score_shows_the_form_again_and_saves_nothing(link_and_token):
    _link, token = link_and_token
    data = answers("4")
    del data["quality"]
    response = Client().post(url(token), data)
    assert response.status_code == 200
    assert "Kvaliteten af arbejdet: vælg et svar" in response.content.decode()
    assert not Response.objects.exists()
    assert FollowUpLink.objects.get().used_at is None


def test_not_seen_yet_is_an_answer(link_and_token):
    _link, token = link_and_token
    data = {**answers("3"), "initiative": "dont_know"}
    assert Client().post(url(token), data).status_code == 200
    special = Response.objects.get().answers.get(item="initiative")
    assert (special.value, special.special) == (None, "dont_know")


def test_an_expired_link_is_gone(link_and_token):
    link, token = link_and_token
    FollowUpLink.objects.filter(pk=link.pk).update(expires_at=clock.now() - dt.timedelta(seconds=1))
    for response in (Client().get(url(token)), Client().post(url(token), answers())):
        assert response.status_code == 410
        assert "Linket er udløbet" in response.content.decode()
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    "altered",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # one character changed
        lambda t: t[:-1],  # one short
        lambda t: t + "x",  # one too many
        lambda t: "x" * 5000,  # overlong
        lambda t: "æøå<script>'\"%20",  # odd characters
        lambda t: "..%2F..%2Fadmin",
    ],
)
def test_an_altered_token_is_not_found(link_and_token, altered):
    _link, token = link_and_token
    for client_call in ("get", "post"):
        response = getattr(Client(), client_call)(url(altered(token)))
        assert response.status_code == 404
        assert "Linket findes ikke" in response.content.decode()
    assert not contact_entries().exists()


def test_a_token_reaches_only_its_own_placement(
    odense, odense_citizen, odense_consultant, period, link_and_token
):
    from tests.factories import CitizenFactory

    other_citizen = CitizenFactory(municipality=odense, first_name="Omar", last_name="Yusuf")
    other = placement_with_contact(other_citizen, odense_consultant)
    _other_link, other_token = new_link(other, odense_consultant)
    _link, token = link_and_token
    body = Client().get(url(token)).content.decode()
    assert odense_citizen.first_name in body and "Omar" not in body
    # Whatever the form posts, the answers land on the token's placement.
    Client().post(url(other_token), {**answers("2"), "placement": period.pk})
    saved = Response.objects.get()
    assert saved.placement.period_id == other.pk
    assert saved.citizen_id == other_citizen.pk


def test_wrong_tokens_are_throttled_per_client(settings, link_and_token):
    settings.FOLLOW_UP_WRONG_TOKENS = 3
    _link, token = link_and_token
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        assert client.get(url("A" * 43)).status_code == 404
    throttled = client.get(url(token))  # even the right token, for a while
    assert throttled.status_code == 429
    assert "For mange forsøg" in throttled.content.decode()
    # Another client is not held back.
    assert Client(REMOTE_ADDR="203.0.113.10").get(url(token)).status_code == 200


def test_the_throttle_lifts_after_its_minutes(settings, link_and_token, time_machine):
    settings.FOLLOW_UP_WRONG_TOKENS = 2
    _link, token = link_and_token
    client = Client(REMOTE_ADDR="203.0.113.11")
    client.get(url("B" * 43))
    client.get(url("C" * 43))
    assert client.get(url(token)).status_code == 429
    from django.core.cache import cache

    cache.clear()  # locmem expiry reads the real clock; the window passing is the key going
    assert client.get(url(token)).status_code == 200


def test_every_use_is_audited_with_the_contact_person_as_actor(period, link_and_token):
    link, token = link_and_token
    contact = link.contact_person
    Client().get(url(token))
    Client().post(url(token), answers("4"))
    Client().get(url(token))  # used
    entries = list(contact_entries())
    assert [(e.action, e.purpose) for e in entries] == [
        (Action.VIEW, "Opfølgningslink åbnet af virksomhedens kontaktperson"),
        (Action.CREATE, "Opfølgning på praktikforløb besvaret"),
        (Action.UPDATE, "Opfølgning indsendt via link"),
        (Action.UPDATE, "Kompetencekort: vurderinger fra opfølgning i praktik"),
        (Action.VIEW, "Forsøg på at bruge et opfølgningslink"),
    ]
    for entry in entries:
        assert entry.actor_id is None
        assert entry.actor_username == f"kontaktperson:{contact.pk} Jette Skov"
        assert entry.citizen_id == period.citizen_id
        assert entry.municipality_id == period.municipality_id
    # The link's entries name the period, the response's the placement.
    assert [e.details.get("period") for e in entries] == [
        period.pk,
        None,
        period.pk,
        None,
        period.pk,
    ]
    assert entries[1].details["placement"] == period.placement.pk
    assert entries[-1].details["refused"] == "used"
    checked, breaks = verify_chain()
    assert breaks == [] and checked >= len(entries)


def test_an_expired_attempt_is_audited(link_and_token):
    link, token = link_and_token
    FollowUpLink.objects.filter(pk=link.pk).update(expires_at=clock.now() - dt.timedelta(days=1))
    Client().get(url(token))
    entry = contact_entries().get()
    assert entry.details["refused"] == "expired"


def test_the_consultant_makes_a_link_on_the_placement_page(odense_consultant, period):
    client = login(odense_consultant)
    page = client.get(reverse("companies:placement", kwargs={"pk": period.pk})).content.decode()
    assert reverse("companies:follow_up_link", kwargs={"pk": period.pk}) in page
    response = client.post(reverse("companies:follow_up_link", kwargs={"pk": period.pk}))
    assert response.status_code == 200
    body = response.content.decode()
    link = FollowUpLink.objects.get()
    shown = re.search(r"/opfoelgning/([A-Za-z0-9_-]{43})/", body).group(1)
    assert hashlib.sha256(shown.encode()).hexdigest() == link.token_hash
    assert "mailto:jette%40firma.example?subject=" in body
    entry = AuditEntry.objects.filter(purpose__startswith="Link til opfølgning").get()
    assert entry.actor == odense_consultant and entry.details["link"] == link.pk


def test_no_link_without_a_contact_person(odense_consultant, period):
    from fremdrift.companies.models import Placement

    Placement.objects.filter(period=period).update(contact_person=None)
    response = login(odense_consultant).post(
        reverse("companies:follow_up_link", kwargs={"pk": period.pk}), follow=True
    )
    assert "Vælg en aktiv kontaktperson" in response.content.decode()
    assert not FollowUpLink.objects.exists()


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            found += _patterns(entry, prefix + namespace)
        else:
            found.append((prefix + (entry.name or ""), entry))
    return found


def test_the_login_lets_exactly_the_public_pages_through():
    public = {
        name
        for name, pattern in _patterns(get_resolver())
        if getattr(pattern.callback, "login_required", True) is False
    }
    # The SAML endpoints: the identity provider's answers arrive before anyone is logged in.
    saml = {"sso:login", "sso:acs", "sso:sls", "sso:metadata"}
    assert public == {"login", "healthz", "set_language", "follow_up:form"} | saml


def test_anonymous_is_sent_to_the_login_from_the_placement_pages(period):
    for name in ("companies:placement", "companies:follow_up_new"):
        response = Client().get(reverse(name, kwargs={"pk": period.pk}))
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("punctuality", "9" * 40, "Stabilt fremmøde og til tiden: "),
        ("punctuality", "<b>x</b>", "er ikke et svar, skemaet kender"),
        ("punctuality", "-1", "-1 ligger uden for skalaen 1-5"),
        ("punctuality", "7", "7 ligger uden for skalaen 1-5"),
        ("next_focus", "x" * 5000, "Skriv højst 2000 tegn"),
    ],
)
def test_hostile_answers_are_named_and_nothing_is_saved(link_and_token, field, value, message):
    _link, token = link_and_token
    response = Client().post(url(token), {**answers("4"), field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Response.objects.exists()
    assert FollowUpLink.objects.get().used_at is None


def test_the_contact_persons_scores_land_on_the_competence_card(period, link_and_token):
    from fremdrift.competences.models import Assessment

    link, token = link_and_token
    scores = {**{k: str(v) for k, v in all_scores(4).items()}, "quality": "dont_know"}
    assert Client().post(url(token), {**scores, "next_focus": ""}).status_code == 200
    assessments = Assessment.objects.select_related("competence").order_by("competence__key")
    assert {a.competence.key: a.level for a in assessments} == {
        key: 4 for key in all_scores(4) if key != "quality"
    }, "a 'not seen yet' is no assessment"
    assert {(a.assessor_role, a.assessor_name) for a in assessments} == {
        ("employer", link.contact_person.name)
    }
    assert all(a.competence.citizen_id == period.citizen_id for a in assessments)
    card_entry = contact_entries().get(purpose__startswith="Kompetencekort")
    assert card_entry.actor is None and link.contact_person.name in card_entry.actor_username
