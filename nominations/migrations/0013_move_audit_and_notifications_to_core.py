"""The audit trail, notifications and reminders now live in ``core`` (its migration 0001 keeps their rows and renames
their tables): here they leave this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0012_export_queued_at"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="notification", name="event"),
                migrations.RemoveField(model_name="reminder", name="content_type"),
                migrations.DeleteModel(name="AuditEvent"),
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="Reminder"),
            ],
        ),
    ]
