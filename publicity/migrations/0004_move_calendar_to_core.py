"""The working-day calendar now lives in ``core`` (its migration 0001 keeps the rows and renames the tables): here it
leaves this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("publicity", "0003_stories"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CalendarOverride"),
                migrations.DeleteModel(name="CalendarYear"),
            ],
        ),
    ]
