"""The awards now live in ``awards`` (its migration 0001 keeps their rows and renames their table): the stories' link to
them follows in Django's state; the database's constraint already points to the renamed table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
        ("awards", "0003_fraud_findings_name_the_register"),
        ("publicity", "0005_national_lists_in_national"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='story',
                    name='award',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='stories', to='awards.award', verbose_name='激励'),
                ),
            ],
        ),
    ]
