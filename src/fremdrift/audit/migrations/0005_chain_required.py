"""A chain per municipality, step 3 of 3: every entry has its chain, seq is unique inside it,
and the single head of the one chain is gone."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_split_chain"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="chain",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="audit.auditchain",
            ),
        ),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(
                fields=("chain", "seq"), name="audit_seq_unique_in_chain"
            ),
        ),
        migrations.AlterModelOptions(
            name="auditentry",
            options={
                "ordering": ["chain", "-seq"],
                "verbose_name": "revisionslogpost",
                "verbose_name_plural": "revisionslog",
            },
        ),
        migrations.DeleteModel(
            name="AuditChainHead",
        ),
    ]
