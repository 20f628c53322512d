"""Whether a CPR number is registered somewhere is not learnt unseen.

Found by an attack: the create form and the administrator's dry-run import answered whether a
CPR number was registered in another municipality, and wrote no audit entry. The answer
stays "exists" (a CPR number is one person's in the whole installation, and a move between
municipalities needs the refusal), but every such look-up is now in the log of the citizen's
own municipality, naming who asked; the other municipality's citizen is never named or
located.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.citizens.cpr_storage import cpr_decrypt
from fremdrift.citizens.models import Citizen
from tests.caseimport.test_importer import citizen_row, run
from tests.citizens.test_views import NEW, form_data
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _matches(citizen):
    return list(
        AuditEntry.objects.filter(citizen=citizen, action=Action.CPR_MATCH).values_list(
            "actor__username", "municipality_id", "purpose", "details"
        )
    )


def test_the_create_form_refuses_and_the_look_up_is_in_the_owners_log(
    holbaek_caseworker, odense_citizen
):
    cpr = cpr_decrypt(odense_citizen.cpr_encrypted)
    body = login(holbaek_caseworker).post(NEW, form_data(cpr=cpr)).content.decode()
    assert "kan ikke oprettes her" in body
    assert odense_citizen.last_name not in body and "Odense" not in body
    [(who, municipality, purpose, _details)] = _matches(odense_citizen)
    assert who == holbaek_caseworker.username
    assert municipality == odense_citizen.municipality_id  # in Odense's chain
    assert "findes allerede" in purpose
    assert Citizen.objects.count() == 1


def test_the_dry_run_import_audits_the_match_though_it_saves_nothing(
    odense_citizen, holbaek_caseworker
):
    admin = UserFactory(
        username="holbaek-administrator",
        municipality=holbaek_caseworker.municipality,
        role="administrator",
    )
    cpr = cpr_decrypt(odense_citizen.cpr_encrypted)
    result = run(admin, [citizen_row("B1", cpr)], dry_run=True)
    assert not result.ok
    assert any("findes allerede i systemet" in error for error in result.errors)
    assert not any(
        "Odense" in error or odense_citizen.last_name in error for error in result.errors
    )
    [(who, municipality, _purpose, details)] = _matches(odense_citizen)
    assert who == "holbaek-administrator"
    assert municipality == odense_citizen.municipality_id
    assert details["dry_run"] is True and details["row"] == 2
    assert Citizen.objects.count() == 1


def test_the_citizens_access_report_shows_who_asked(
    odense_manager, holbaek_caseworker, odense_citizen
):
    cpr = cpr_decrypt(odense_citizen.cpr_encrypted)
    login(holbaek_caseworker).post(NEW, form_data(cpr=cpr))
    report = login(odense_manager).get(reverse("audit:citizen", kwargs={"pk": odense_citizen.pk}))
    body = report.content.decode()
    assert "Fandt CPR-nummeret ved en oprettelse" in body
    assert holbaek_caseworker.get_full_name() in body or holbaek_caseworker.username in body
