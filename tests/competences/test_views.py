"""The card page, its forms and the board's competence filter, each audited."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.competences.models import Competence
from fremdrift.competences.services import record_follow_up_assessments
from fremdrift.competences.vocabulary import Kind
from fremdrift.journey import services
from fremdrift.journey.types import PeriodKind
from tests.companies.boundary import placement_period
from tests.companies.factories import CompanyFactory
from tests.competences.factories import competence
from tests.conftest import login
from tests.factories import CitizenFactory
from tests.journey.conftest import TAKEOVER

pytestmark = pytest.mark.django_db


def _in_programme(municipality, caseworker, **fields):
    person = CitizenFactory(
        municipality=municipality, takeover_date=TAKEOVER, caseworker=caseworker, **fields
    )
    services.period_start(
        actor=caseworker, citizen=person, kind=PeriodKind.PROGRAMME, start=TAKEOVER
    )
    return person


def _card(citizen) -> str:
    return reverse("competences:card", kwargs={"citizen_pk": citizen.pk})


def test_the_card_shows_sections_who_assessed_and_the_history(odense_caseworker, odense_citizen):
    row = competence(odense_citizen, "Lager og truck", level=2, on=dt.date(2026, 3, 1))
    record_follow_up_assessments(
        user=None,
        citizen=odense_citizen,
        scores={"punctuality": 4},
        assessor_role="employer",
        assessor_name="Jens Mentor",
        assessed_on=dt.date(2026, 6, 10),
        source="Opfølgning i praktik hos Fakta",
    )
    competence(odense_citizen, "Lager og truck", level=None, kind=Kind.EDUCATION)
    row.assessments.create(
        municipality=row.municipality,
        level=4,
        assessor_role="employer",
        assessor_name="Jens Mentor",
        assessed_on=dt.date(2026, 6, 1),
    )
    Competence.objects.filter(pk=row.pk).update(level=4)
    html = login(odense_caseworker).get(_card(odense_citizen)).content.decode()
    for heading in ("Faglige kompetencer", "Personlige kompetencer", "Uddannelse"):
        assert f">{heading}</h2>" in html
    assert "Stabilt fremmøde og til tiden" in html
    assert "vurderet af Jens Mentor (arbejdsgiver), 10.06.2026" in html
    assert "Historik: 2 vurderinger" in html and "4 – Kan selv" in html
    assert "Erhvervserfaring</h2>" in html and "Intet registreret endnu." in html
    entry = AuditEntry.objects.get(action=Action.VIEW)
    assert entry.citizen == odense_citizen and "kompetencekort" in entry.purpose


def test_the_citizen_page_links_to_the_card(odense_consultant, odense_citizen):
    html = login(odense_consultant).get(
        reverse("citizens:detail", kwargs={"pk": odense_citizen.pk})
    )
    assert _card(odense_citizen) in html.content.decode()


def test_a_consultant_adds_an_entry(odense_consultant, odense_citizen):
    url = reverse("competences:entry_new", kwargs={"citizen_pk": odense_citizen.pk})
    response = login(odense_consultant).post(
        url,
        {
            "kind": "professional",
            "title": "Rengøring",
            "level": "3",
            "assessor_role": "citizen",
            "assessor_name": "Rama",
            "assessed_on": "2026-11-01",
        },
    )
    made = Competence.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#kompetence-{made.pk}")
    assert (made.title, made.level, made.created_by) == ("Rengøring", 3, odense_consultant)
    assert AuditEntry.objects.filter(action=Action.UPDATE, citizen=odense_citizen).exists()


def test_a_bad_entry_names_the_field_in_danish(odense_caseworker, odense_citizen):
    url = reverse("competences:entry_new", kwargs={"citizen_pk": odense_citizen.pk})
    response = login(odense_caseworker).post(
        url,
        {"kind": "personal", "title": "", "assessor_role": "citizen", "assessed_on": "x"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skriv kompetencen, uddannelsen eller jobbet." not in html  # field errors first
    assert "Skriv datoen som dd-mm-åååå." in html
    response = login(odense_caseworker).post(
        url,
        {"kind": "personal", "title": "", "assessor_role": "citizen", "assessed_on": "2026-11-01"},
    )
    html = response.content.decode()
    assert "Kompetence, uddannelse eller job</a>: Skriv kompetencen" in html
    assert "Niveau</a>: Vælg et niveau fra 1 til 5." in html
    assert not Competence.objects.exists()
    # Each showing of the form is a read of the citizen.
    assert AuditEntry.objects.filter(action=Action.VIEW, citizen=odense_citizen).count() == 2


def test_an_empty_post_shows_the_errors(odense_caseworker, odense_citizen):
    url = reverse("competences:entry_new", kwargs={"citizen_pk": odense_citizen.pk})
    response = login(odense_caseworker).post(url, {})
    assert response.status_code == 200 and "Vælg hvilken slags kompetence" in (
        response.content.decode()
    )


def test_a_new_assessment(odense_manager, odense_citizen):
    row = competence(odense_citizen, level=2)
    url = reverse("competences:assess", kwargs={"pk": row.pk})
    page = login(odense_manager).get(url).content.decode()
    assert "Lager og truck" in page
    response = login(odense_manager).post(
        url,
        {
            "level": "5",
            "assessor_role": "employer",
            "assessor_name": "Jens",
            "assessed_on": "2026-11-02",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.level == 5 and row.assessments.count() == 2
    missing = login(odense_manager).post(
        url, {"assessor_role": "employer", "assessed_on": "2026-11-02"}
    )
    assert "Niveau</a>: Vælg et niveau fra 1 til 5." in missing.content.decode()


def test_education_is_assessed_without_a_level(odense_caseworker, odense_citizen):
    row = competence(odense_citizen, "Bager", kind=Kind.EXPERIENCE, level=None)
    url = reverse("competences:assess", kwargs={"pk": row.pk})
    assert 'name="level"' not in login(odense_caseworker).get(url).content.decode()
    response = login(odense_caseworker).post(
        url, {"assessor_role": "citizen", "assessed_on": "2026-11-02"}
    )
    assert response.status_code == 302 and row.assessments.count() == 2


def test_the_board_filters_by_competence_across_the_municipality(
    odense, odense_consultant, odense_caseworker
):
    # Another consultant's citizen, not on Sofie's own board: the filter finds her anyway.
    fits = _in_programme(odense, odense_caseworker, last_name="Passerind")
    other = _in_programme(odense, odense_caseworker, last_name="Passerikke")
    competence(fits, "Lager og truck", level=4)
    competence(other, "Lagerarbejde", level=2)
    board = reverse("journey:board")
    client = login(odense_consultant)
    assert "Passerind" not in client.get(board).content.decode()
    html = client.get(board, {"kompetence": "lager", "niveau": "3"}).content.decode()
    assert "Passerind" in html and "Passerikke" not in html
    assert "Alle i kommunen" in html and "med kompetencen »lager«" in html
    entry = AuditEntry.objects.filter(action=Action.LIST).latest("pk")
    assert entry.details["shown"] == [fits.pk]
    assert entry.details["query"] == {"kompetence": "lager", "niveau": "3"}
    # The scope form keeps the search, so narrowing the scope keeps the filter.
    assert '<input type="hidden" name="kompetence" value="lager">' in html
    assert '<input type="hidden" name="niveau" value="3">' in html
    # A chosen scope is kept; a level that is no level is left out, never a 500.
    mine = client.get(board, {"kompetence": "lager", "vis": "mine", "niveau": "9"})
    assert mine.status_code == 200 and "Passerind" not in mine.content.decode()


def test_the_board_filter_adds_no_query(odense, odense_consultant, odense_caseworker):
    fits = _in_programme(odense, odense_caseworker)
    competence(fits, "Lager og truck", level=4)
    client = login(odense_consultant)
    board = reverse("journey:board")
    client.get(board, {"vis": "alle"})  # snapshots current, sessions warm
    with CaptureQueriesContext(connection) as plain:
        client.get(board, {"vis": "alle"})
    with CaptureQueriesContext(connection) as filtered:
        client.get(board, {"vis": "alle", "kompetence": "lager", "niveau": "2"})
    # The filter is a subquery of the queries the board makes anyway.
    assert len(filtered) == len(plain)
    assert any("competences_competence" in q["sql"] for q in filtered.captured_queries)


def test_the_placement_page_links_to_the_card(odense_consultant, odense_citizen):
    period = placement_period(
        CompanyFactory(municipality=odense_citizen.municipality), odense_citizen
    )
    html = login(odense_consultant).get(reverse("companies:placement", kwargs={"pk": period.pk}))
    assert _card(odense_citizen) in html.content.decode()
