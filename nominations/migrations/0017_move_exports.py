"""The exports now live in ``documents`` (its migration 0001 keeps their rows and renames their table): here they leave
this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("nominations", "0016_move_awards_and_sanctions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Export',
                ),
            ],
        ),
    ]
