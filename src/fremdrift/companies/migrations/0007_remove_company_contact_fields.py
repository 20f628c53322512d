"""The company's one contact person moved to ContactPerson (0006): the old fields go, so
there is one place for the company's contacts."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0006_contacts_from_company_fields"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="company",
            name="contact_email",
        ),
        migrations.RemoveField(
            model_name="company",
            name="contact_name",
        ),
        migrations.RemoveField(
            model_name="company",
            name="contact_phone",
        ),
    ]
