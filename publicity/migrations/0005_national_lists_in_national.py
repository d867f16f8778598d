"""The national lists now live in ``national`` (its migration 0001 keeps their rows and renames their table): the
foreign keys to them follow in Django's state; the database's constraints already point to the renamed table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("national", "0001_initial"),
        ("publicity", "0004_move_calendar_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='publicityperiod',
                    name='national_list',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='publicity', to='national.nationallist', verbose_name='名单'),
                ),
                migrations.AlterField(
                    model_name='publishedlist',
                    name='national_list',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='published_versions', to='national.nationallist', verbose_name='名单'),
                ),
            ],
        ),
    ]
