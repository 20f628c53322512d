import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.companies.models import Referral, ReferralStatus
from fremdrift.companies.selectors import citizen_section, open_referrals_for
from tests.companies.factories import ReferralFactory
from tests.conftest import login
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
INBOX = reverse("companies:referrals")


def refer_url(citizen):
    return reverse("companies:refer", kwargs={"citizen_pk": citizen.pk})


def names_in(response) -> set[str]:
    pattern = r'href="/virksomheder/henvisning/\d+/">([^<]+)</a>'
    return set(re.findall(pattern, response.content.decode()))


def test_refer_form_offers_the_municipalitys_consultants(
    odense_caseworker, odense_citizen, odense_consultant, holbaek_consultant
):
    body = login(odense_caseworker).get(refer_url(odense_citizen)).content.decode()
    assert "Sofie Lund" in body
    assert holbaek_consultant.get_full_name() not in body
    assert "Jobparat, klar til virksomhedspraktik" in body


def test_refer_with_errors_says_so_in_danish_and_keeps_the_input(
    odense_caseworker, odense_citizen, odense_consultant
):
    response = login(odense_caseworker).post(
        refer_url(odense_citizen),
        {"consultant": odense_consultant.pk, "reason": "", "details": "Kok, modul 3"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_reason_error"' in body
    assert "Vælg årsagen til henvisningen." in body
    assert "Kok, modul 3</textarea>" in body
    assert f'<option value="{odense_consultant.pk}" selected>' in body
    assert not Referral.objects.exists()


def test_refer_sends_and_records_it(odense_caseworker, odense_citizen, odense_consultant):
    response = login(odense_caseworker).post(
        refer_url(odense_citizen),
        {"consultant": odense_consultant.pk, "reason": "wage_subsidy", "details": "Kok"},
    )
    assert response.status_code == 302
    assert response.url == reverse("citizens:detail", kwargs={"pk": odense_citizen.pk})
    referral = Referral.objects.get()
    assert (referral.consultant, referral.reason) == (odense_consultant, "wage_subsidy")
    assert AuditEntry.objects.get(citizen=odense_citizen).details["referral"] == referral.pk


def test_a_second_referral_is_refused_with_a_link_to_the_open_one(
    odense_caseworker, odense_citizen, odense_consultant, referral
):
    client = login(odense_caseworker)
    link = f'href="/virksomheder/henvisning/{referral.pk}/"'
    shown = client.get(refer_url(odense_citizen)).content.decode()
    assert "allerede en åben henvisning" in shown
    assert link in shown
    assert "<textarea" not in shown
    data = {"consultant": odense_consultant.pk, "reason": "placement", "details": "Kok"}
    posted = client.post(refer_url(odense_citizen), data).content.decode()
    assert link in posted
    assert Referral.objects.count() == 1


def test_the_inbox_shows_exactly_the_consultants_referrals(
    odense_consultant, other_consultant, referral, odense, holbaek
):
    mine = ReferralFactory(
        citizen=CitizenFactory(municipality=odense, last_name="Mine"), consultant=odense_consultant
    )
    ReferralFactory(
        citizen=CitizenFactory(municipality=odense, last_name="Hans"), consultant=other_consultant
    )
    ReferralFactory(
        citizen=CitizenFactory(municipality=odense, last_name="Besvaret"),
        consultant=odense_consultant,
        status=ReferralStatus.ACCEPTED,
    )
    ReferralFactory(citizen=CitizenFactory(municipality=holbaek, last_name="Holbaek"))
    response = login(odense_consultant).get(INBOX)
    assert names_in(response) == {"Al-Hassan, Rama", f"Mine, {mine.citizen.first_name}"}
    assert set(open_referrals_for(odense_consultant)) == {referral, mine}


def test_a_manager_sees_all_open_in_the_municipality_and_a_caseworker_their_own(
    odense_manager, odense_caseworker, other_consultant, referral, odense, holbaek
):
    others = ReferralFactory(
        citizen=CitizenFactory(municipality=odense), consultant=other_consultant
    )
    ReferralFactory(citizen=CitizenFactory(municipality=holbaek))
    assert set(open_referrals_for(odense_manager)) == {referral, others}
    assert set(open_referrals_for(odense_caseworker)) == {referral}


@pytest.mark.parametrize("persona", ["odense_consultant", "odense_manager"])
def test_inbox_query_count_does_not_grow_with_rows(request, persona, odense_consultant, odense):
    client = login(request.getfixturevalue(persona))

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(INBOX).status_code == 200
        return len(queries)

    def add(n):
        for citizen in CitizenFactory.create_batch(n, municipality=odense):
            ReferralFactory(citizen=citizen, consultant=odense_consultant)

    add(3)
    count_queries()  # the municipality's audit chain is made by its first entry
    few = count_queries()
    add(27)
    assert count_queries() == few
    # 8 for the page, 5 for its list entry (savepoint, chain head, entry, head, appearances).
    assert few <= 13


def test_opening_a_referral_is_recorded(odense_consultant, referral):
    url = reverse("companies:referral", kwargs={"pk": referral.pk})
    body = login(odense_consultant).get(url).content.decode()
    assert "Danskniveau: modul 3" in body
    assert "Modtag henvisningen" in body
    entry = AuditEntry.objects.get(citizen=referral.citizen)
    assert entry.action == Action.VIEW
    assert entry.details == {"referral": referral.pk}


def test_accepting_from_the_inbox_goes_back_there(odense_consultant, referral):
    url = reverse("companies:accept", kwargs={"pk": referral.pk})
    response = login(odense_consultant).post(url, {"note": "", "fra": "indbakke"})
    assert response.status_code == 302
    assert response.url == INBOX
    referral.refresh_from_db()
    referral.citizen.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.citizen.consultant == odense_consultant


def test_accepting_twice_says_it_is_answered(odense_consultant, referral):
    client = login(odense_consultant)
    url = reverse("companies:accept", kwargs={"pk": referral.pk})
    client.post(url)
    page = client.post(url, follow=True).content.decode()
    assert "Henvisningen er allerede besvaret." in page


def test_returning_without_a_note_shows_the_error_on_the_field(odense_consultant, referral):
    url = reverse("companies:return", kwargs={"pk": referral.pk})
    response = login(odense_consultant).post(url, {"note": " ", "fra": "indbakke"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_note_error"' in body
    assert "Skriv hvorfor henvisningen sendes retur" in body
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_returning_with_a_note(odense_consultant, referral):
    url = reverse("companies:return", kwargs={"pk": referral.pk})
    response = login(odense_consultant).post(url, {"note": "Mangler CV"})
    assert response.url == reverse("companies:referral", kwargs={"pk": referral.pk})
    referral.refresh_from_db()
    assert (referral.status, referral.response_note) == (ReferralStatus.RETURNED, "Mangler CV")


def test_another_consultant_gets_404_on_answering(other_consultant, referral):
    client = login(other_consultant)
    for name in ("accept", "return"):
        url = reverse(f"companies:{name}", kwargs={"pk": referral.pk})
        assert client.post(url, {"note": "x"}).status_code == 404
    # ... but may read it, as colleagues may read the citizen.
    assert client.get(reverse("companies:referral", kwargs={"pk": referral.pk})).status_code == 200


def _section(user, citizen) -> str:
    request = RequestFactory().get("/")
    request.user = user
    context = {"referral_section": citizen_section(user, citizen), "user": user}
    return render_to_string("companies/_citizen_section.html", context, request=request)


def test_citizen_section_offers_to_refer_when_nothing_is_open(
    odense_caseworker, odense_consultant, odense_citizen
):
    html = _section(odense_caseworker, odense_citizen)
    assert "ikke henvist" in html
    assert f'href="{refer_url(odense_citizen)}"' in html
    assert "Henvis til virksomhedskonsulent" in html
    assert refer_url(odense_citizen) not in _section(odense_consultant, odense_citizen)


def test_citizen_section_shows_the_open_referral(odense_caseworker, odense_consultant, referral):
    with CaptureQueriesContext(connection) as queries:
        section = citizen_section(odense_consultant, referral.citizen)
    assert len(queries) == 1
    assert section["referral"] == referral and section["can_answer"]
    html = _section(odense_caseworker, referral.citizen)
    assert "Sendt" in html and "Sofie Lund" in html
    assert refer_url(referral.citizen) not in html
    assert "Se og besvar henvisningen" in _section(odense_consultant, referral.citizen)
