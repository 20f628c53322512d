from django.db import migrations

from fremdrift.journey.defaults import load_default_types


def load(apps, schema_editor):
    load_default_types(
        apps.get_model("journey", "BenefitType"), apps.get_model("journey", "OfferType")
    )


class Migration(migrations.Migration):
    dependencies = [("journey", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
