"""The audit trail's trigger fires always (issue 18, item 3): a trigger in the default mode is skipped by a session
with ``session_replication_role = replica`` (a superuser's switch, meant for logical replication), which let a careless
or hostile superuser rewrite the trail. ``ENABLE ALWAYS`` makes it fire whatever the role; only the table's owner could
change that again, and the application does not run as the owner (docs/operations.md, "Database roles")."""

from django.db import migrations

ALWAYS = "ALTER TABLE core_auditevent ENABLE ALWAYS TRIGGER core_auditevent_append_only;"
ORIGIN = "ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_append_only;"


def always(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALWAYS, params=None)


def origin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ORIGIN, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(always, origin, elidable=False)]
