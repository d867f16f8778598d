"""The audit trail is append-only in the database too: on PostgreSQL a trigger refuses every UPDATE and DELETE of
``nominations_auditevent``, whoever issues it (raw SQL, a shell, a future bug), not only the ORM paths that
``AuditEvent`` and its queryset already refuse.

TRUNCATE is deliberately not refused: Django empties the tables with TRUNCATE (``manage.py flush``, and the test
runner between transactional tests), and a TRUNCATE trigger would break both. See docs/security.md, "Data".

SQLite (the embedded default) has no such trigger; the model-level refusal applies there.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION nominations_auditevent_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % on % refused (审计记录只可追加，不得修改或删除)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'The audit trail is evidence; record a new event instead of changing an old one.';
END;
$$;

CREATE TRIGGER nominations_auditevent_append_only
BEFORE UPDATE OR DELETE ON nominations_auditevent
FOR EACH STATEMENT EXECUTE FUNCTION nominations_auditevent_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS nominations_auditevent_append_only ON nominations_auditevent;
DROP FUNCTION IF EXISTS nominations_auditevent_refuse_change();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0010_exports_and_report_document"),
    ]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
