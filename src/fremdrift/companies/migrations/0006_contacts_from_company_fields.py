"""Each company's single contact (contact_name, _phone, _email) becomes a ContactPerson, so
nobody typed in before the move is lost. A company with none of the three gets none."""

from django.db import migrations


def contacts_from_fields(apps, schema_editor):
    Company = apps.get_model("companies", "Company")
    ContactPerson = apps.get_model("companies", "ContactPerson")
    rows = []
    companies = Company.objects.exclude(contact_name="", contact_phone="", contact_email="")
    for company in companies.iterator(chunk_size=1000):
        name = company.contact_name.strip() or company.contact_email.strip()
        rows.append(
            ContactPerson(
                municipality_id=company.municipality_id,
                company_id=company.pk,
                # A phone or e-mail without a name still needs a name to be shown by.
                name=name or "Kontaktperson",
                phone=company.contact_phone.strip()[:20],
                email=company.contact_email.strip(),
            )
        )
        if len(rows) >= 1000:
            ContactPerson.objects.bulk_create(rows)
            rows = []
    ContactPerson.objects.bulk_create(rows)


def fields_from_contacts(apps, schema_editor):
    """Back again: the first active contact of each company into the old fields."""
    Company = apps.get_model("companies", "Company")
    ContactPerson = apps.get_model("companies", "ContactPerson")
    seen = set()
    for contact in ContactPerson.objects.order_by("company_id", "-active", "id"):
        if contact.company_id in seen:
            continue
        seen.add(contact.company_id)
        Company.objects.filter(pk=contact.company_id).update(
            contact_name=contact.name, contact_phone=contact.phone, contact_email=contact.email
        )


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0005_placements_contacts_capacity"),
    ]

    operations = [migrations.RunPython(contacts_from_fields, fields_from_contacts)]
