"""companies 0006: each company's single contact becomes a ContactPerson."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("companies", "0005_placements_contacts_capacity")]
AFTER = [("companies", "0007_remove_company_contact_fields")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_contact_fields_become_contact_persons(odense):
    apps = _migrate(BEFORE)
    try:
        Company = apps.get_model("companies", "Company")
        made = {
            "full": Company.objects.create(
                municipality_id=odense.pk,
                cvr="12345674",
                name="Med kontakt",
                contact_name="Jette Skov",
                contact_phone="61 22 33 44",
                contact_email="jette@firma.example",
            ),
            "phone only": Company.objects.create(
                municipality_id=odense.pk, cvr="29000018", name="Kun telefon", contact_phone="7020"
            ),
            "none": Company.objects.create(municipality_id=odense.pk, cvr="20000003", name="Ingen"),
        }
        apps = _migrate(AFTER)
        Contact = apps.get_model("companies", "ContactPerson")
        rows = {
            c.company_id: (c.name, c.phone, c.email, c.active, c.municipality_id)
            for c in Contact.objects.all()
        }
        assert rows == {
            made["full"].pk: ("Jette Skov", "61 22 33 44", "jette@firma.example", True, odense.pk),
            made["phone only"].pk: ("Kontaktperson", "7020", "", True, odense.pk),
        }
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
