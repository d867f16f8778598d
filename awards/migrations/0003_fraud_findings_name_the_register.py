"""The sanctions register now lives in ``criteria`` (its migration 0004): the fraud findings' link to it follows in
Django's state; the link table's constraint already points to the renamed table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_fraud_findings_from_sanctions"),
        ("criteria", "0004_sanctions_register"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="fraudfinding",
                    name="sanctions",
                    field=models.ManyToManyField(
                        blank=True, related_name="fraud_findings", to="criteria.sanction", verbose_name="资格限制"
                    ),
                ),
            ],
        ),
    ]
