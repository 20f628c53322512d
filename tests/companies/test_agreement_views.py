"""The work agreement's pages: the form's errors, the placement page's section, signing,
versions, the audit entries, and the worklist's section."""

import datetime as dt

import pytest
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.companies.models import AgreementSignature, WorkAgreement
from fremdrift.core.clock import parse_moment
from tests.companies.boundary import placement_period
from tests.companies.factories import CompanyFactory, agreement_for
from tests.conftest import DEFAULT_TODAY, login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_the_cases_day(time_machine):
    """These cases are written around one day (the suite's default clock), so the clock is
    set to it here whatever day the run is on; FREMDRIFT_TODAY's other days are tried by
    the suites that derive their dates from the clock."""
    time_machine.move_to(parse_moment(DEFAULT_TODAY), tick=True)


@pytest.fixture
def period(odense_company, odense_citizen):
    return placement_period(odense_company, odense_citizen, start=dt.date(2026, 11, 2))


def form_data(**changes) -> dict:
    values = {
        "paid_hours_goal": "12",
        "paid_hours_by": "2027-03-01",
        "sub_goals": "Møder til tiden\r\nKender lageret",
        "tasks": "Plukke ordrer",
        "hours_monday": "8-12",
        "hours_tuesday": "",
        "hours_wednesday": "4,5",
        "hours_thursday": "",
        "hours_friday": "",
        "hours_saturday": "",
        "hours_sunday": "",
        "follow_up_dates": "01.12.2026\n05.01.2027",
        "wage_point_score": "4",
        "wage_point_hours": "20",
        **changes,
    }
    return values


def test_writing_the_first_draft_from_the_placement_page(odense_consultant, period):
    client = login(odense_consultant)
    page = client.get(reverse("companies:placement", kwargs={"pk": period.pk})).content.decode()
    assert "Arbejdsaftale" in page and "Der er ikke skrevet en arbejdsaftale endnu." in page
    new = reverse("companies:agreement_new", kwargs={"pk": period.pk})
    assert new in page
    response = client.post(new, form_data())
    agreement = WorkAgreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("companies:agreement", kwargs={"pk": agreement.pk})
    assert (agreement.hours_monday, agreement.hours_wednesday) == ("8.00-12.00", "4,5 timer")
    assert agreement.sub_goals == "Møder til tiden\nKender lageret"
    page = client.get(reverse("companies:placement", kwargs={"pk": period.pk})).content.decode()
    for text in ("Version 1", "Kladde", "8.00-12.00", "Kender lageret", "01.12.2026"):
        assert text in page, text
    assert "Registrér underskrift" in page and "8,5 timer" in page
    # Opening the placement page again went to the existing draft, not a second one.
    assert client.get(new).status_code == 302


@pytest.mark.parametrize(
    ("changes", "label", "message"),
    [
        ({"paid_hours_goal": "0"}, "Mål for ordinære, lønnede timer pr. uge", "over 0"),
        ({"paid_hours_goal": "40"}, "Mål for ordinære, lønnede timer pr. uge", "højst 37"),
        ({"paid_hours_goal": "mange"}, "Mål for ordinære, lønnede timer pr. uge", "Skriv et tal"),
        ({"paid_hours_by": "2026-10-01"}, "Målet skal være nået senest", "før forløbet starter"),
        ({"hours_tuesday": "9-8"}, "Tirsdag", "Sluttidspunktet skal ligge efter"),
        ({"hours_friday": "hele dagen"}, "Fredag", "Skriv et tidsrum som 8.00-12.00"),
        ({"follow_up_dates": ""}, "Opfølgningsdatoer", "mindst én"),
        ({"follow_up_dates": "1.12.2026\nsnart"}, "Opfølgningsdatoer", "Dato nr. 2 (snart)"),
        ({"follow_up_dates": "01.10.2026"}, "Opfølgningsdatoer", "uden for forløbet"),
        ({"wage_point_score": "7"}, "Lønpoint: score i opfølgningen (1-5)", "fra 1 til 5"),
    ],
)
def test_a_bad_field_is_named_in_danish(odense_consultant, period, changes, label, message):
    response = login(odense_consultant).post(
        reverse("companies:agreement_new", kwargs={"pk": period.pk}), form_data(**changes)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f"{label}</a>:" in body and message in body, body[body.find("alert-text") :][:600]
    assert not WorkAgreement.objects.exists()
    assert not AuditEntry.objects.exclude(action=Action.VIEW).exists()


def test_editing_and_signing_then_read_only_and_a_new_version(
    odense_consultant, odense_manager, period
):
    agreement = agreement_for(
        period, odense_consultant, follow_ups=(dt.date(2026, 12, 1),), paid_hours_by=None
    )
    client = login(odense_consultant)
    edit = reverse("companies:agreement_edit", kwargs={"pk": agreement.pk})
    assert 'name="version" value="1"' in client.get(edit).content.decode()
    assert client.post(edit, form_data(tasks="Køre truck", version=1)).status_code == 302
    conflict = login(odense_manager).post(edit, form_data(tasks="Andet", version=1))
    assert 'id="conflict"' in conflict.content.decode()
    sign = reverse("companies:agreement_sign", kwargs={"pk": agreement.pk})
    today = "2026-11-18"
    for version, party in enumerate(("employer", "citizen", "adviser"), start=2):
        response = client.post(
            sign, {"party": party, "signer_name": "N N", "signed_on": today, "version": version}
        )
        assert response.status_code == 302, response.content.decode()
    agreement.refresh_from_db()
    assert agreement.is_signed and AgreementSignature.objects.count() == 3
    # Read-only: the edit and signing pages send the user back with the reason.
    refused = client.get(edit, follow=True).content.decode()
    assert "kan ikke ændres" in refused and "Lav en ny version" in refused
    assert client.post(edit, form_data(version=5)).status_code == 302
    agreement.refresh_from_db()
    assert agreement.tasks == "Køre truck"
    new = client.post(reverse("companies:agreement_version", kwargs={"pk": agreement.pk}))
    second = WorkAgreement.objects.get(number=2)
    assert new["Location"] == reverse("companies:agreement_edit", kwargs={"pk": second.pk})
    page = client.get(reverse("companies:placement", kwargs={"pk": period.pk})).content.decode()
    assert "Version 2" in page and "erstatter version 1" in page
    assert reverse("companies:agreement", kwargs={"pk": agreement.pk}) in page
    old = client.get(reverse("companies:agreement", kwargs={"pk": agreement.pk})).content.decode()
    assert "tidligere version og kan kun læses" in old and edit not in old
    # An older version takes no writes, as if it were not there.
    assert client.get(sign).status_code == 404


def test_the_pages_record_reads_and_writes_for_the_citizen(odense_consultant, period):
    agreement = agreement_for(period, odense_consultant, follow_ups=(dt.date(2026, 12, 1),))
    client = login(odense_consultant)
    client.get(reverse("companies:agreement", kwargs={"pk": agreement.pk}))
    client.post(
        reverse("companies:agreement_sign", kwargs={"pk": agreement.pk}),
        {"party": "employer", "signer_name": "Jette", "signed_on": "2026-11-18", "version": 1},
    )
    entries = list(AuditEntry.objects.order_by("id"))
    assert [(e.action, e.purpose) for e in entries] == [
        (Action.VIEW, "Opslag på arbejdsaftale"),
        (Action.UPDATE, "Underskrift på arbejdsaftale"),
    ]
    assert {e.citizen_id for e in entries} == {period.citizen_id}
    assert entries[0].details == {"period": period.pk, "agreement": agreement.pk}


def test_a_caseworker_reads_but_gets_no_buttons(odense_caseworker, odense_consultant, period):
    agreement = agreement_for(period, odense_consultant)
    body = (
        login(odense_caseworker)
        .get(reverse("companies:agreement", kwargs={"pk": agreement.pk}))
        .content.decode()
    )
    assert "Plukke og pakke ordrer" in body
    assert reverse("companies:agreement_edit", kwargs={"pk": agreement.pk}) not in body
    assert reverse("companies:agreement_pdf", kwargs={"pk": agreement.pk}) in body


def test_the_worklist_shows_the_agreed_follow_ups(
    odense, odense_citizen, odense_consultant, odense_caseworker
):
    company = CompanyFactory(municipality=odense, consultant=odense_consultant, name="Lager A/S")
    period = placement_period(company, odense_citizen)
    agreement_for(period, odense_consultant, follow_ups=(dt.date(2026, 11, 20),))
    client = login(odense_consultant)
    body = client.get(reverse("journey:worklist")).content.decode()
    assert "Opfølgninger på arbejdsaftaler" in body
    assert "Lager A/S" in body and reverse("companies:placement", kwargs={"pk": period.pk}) in body
    entry = AuditEntry.objects.get(action=Action.LIST)
    assert odense_citizen.pk in entry.details["shown"]
    # The caseworker follows no placement: no section.
    other = login(odense_caseworker).get(reverse("journey:worklist")).content.decode()
    assert "Opfølgninger på arbejdsaftaler" not in other
