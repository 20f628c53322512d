import csv
import io

import pytest
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.audit.services import audit_record
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_manager_finds_a_citizen_and_reads_their_log(
    odense_manager, odense_caseworker, odense_citizen
):
    login(odense_caseworker).get(reverse("citizens:detail", kwargs={"pk": odense_citizen.pk}))
    manager = login(odense_manager)
    found = manager.get(reverse("audit:search"), {"q": "Al-Hassan"}).content.decode()
    assert reverse("audit:citizen", kwargs={"pk": odense_citizen.pk}) in found
    log = manager.get(reverse("audit:citizen", kwargs={"pk": odense_citizen.pk}))
    body = log.content.decode()
    assert "Mette Holm" in body  # who looked
    assert "Så borgerens side" in body  # what they did
    assert "Opslag på borgerens side" in body  # the purpose
    # Reading the log is itself logged.
    assert AuditEntry.objects.filter(action=Action.VIEW_AUDIT, actor=odense_manager).count() == 1


def test_export_is_a_csv_of_every_entry_and_is_logged(
    odense_manager, odense_caseworker, odense_citizen
):
    for _ in range(3):
        login(odense_caseworker).get(reverse("citizens:detail", kwargs={"pk": odense_citizen.pk}))
    response = login(odense_manager).get(reverse("audit:export", kwargs={"pk": odense_citizen.pk}))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Tidspunkt", "Bruger", "Rolle", "Handling"]
    actions = [row[3] for row in rows[1:]]
    assert actions.count("Så borgerens side") == 3
    assert "Eksporterede revisionslog" in actions  # the export itself comes first


def test_the_log_of_another_municipality_is_not_found(odense_manager, holbaek_citizen):
    response = login(odense_manager).get(
        reverse("audit:citizen", kwargs={"pk": holbaek_citizen.pk})
    )
    assert response.status_code == 404


def test_the_log_is_newest_first_while_other_municipalities_append_meanwhile(
    odense_manager, odense_caseworker, odense_citizen, holbaek_caseworker, holbaek_citizen
):
    # Holbæk's chain runs ahead of Odense's, so seq values from the two chains interleave.
    for n in range(3):
        for _ in range(2):
            login(holbaek_caseworker).get(
                reverse("citizens:detail", kwargs={"pk": holbaek_citizen.pk})
            )
        audit_record(
            actor=odense_caseworker,
            action=Action.UPDATE,
            purpose=f"ændring {n}",
            municipality=odense_citizen.municipality,
            citizen=odense_citizen,
        )
    response = login(odense_manager).get(reverse("audit:export", kwargs={"pk": odense_citizen.pk}))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    assert [row[4] for row in rows] == [
        "Eksport af revisionslog (fx til indsigtsanmodning)",
        "ændring 2",
        "ændring 1",
        "ændring 0",
    ]
    assert [int(row[6]) for row in rows] == [4, 3, 2, 1]
    page = login(odense_manager).get(reverse("audit:citizen", kwargs={"pk": odense_citizen.pk}))
    body = page.content.decode()
    assert body.index("ændring 2") < body.index("ændring 1") < body.index("ændring 0")
    assert "Tesfamariam" not in body
