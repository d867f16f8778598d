"""The application's database role cannot change or delete an audit event by any means it has, and the trigger fires
even for a superuser who switches replication mode (issue 18, item 3; docs/operations.md, "Database roles").

On the real PostgreSQL: a login role is created for the test, given the application's privileges by
``grant_app_role`` as the owner would, and then tries every way it has, in a connection of its own."""

import uuid

import psycopg
import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import connection

from core.database_roles import AUDIT_TABLE, app_role_problems
from core.domain.audit import record
from core.models import AuditEvent

from ..nominations.factories import CampaignFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REFUSED = "append-only"


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：设置 DATABASE_URL=postgres://… 后运行（CI 会设置）")


@pytest.fixture
def event(postgresql, samr_reviewer):
    return record(samr_reviewer, "campaign.open", CampaignFactory(), comment="原始说明")


@pytest.fixture
def app_role(postgresql):
    role = f"portal_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE')
    try:
        call_command("grant_app_role", role)
        yield role
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


def as_role(role):
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=role,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    )


def attempt(conn, statement, params=()):
    """The database's refusal of ``statement`` (its message), or None when it was done."""
    try:
        conn.execute(statement, params)
    except psycopg.Error as error:
        return str(error)
    return None


def test_the_application_role_reads_and_adds_but_never_changes_the_trail(app_role, event):
    columns = ", ".join(f.column for f in AuditEvent._meta.concrete_fields if not f.primary_key)
    with as_role(app_role) as conn:
        assert conn.execute(f"SELECT comment FROM {AUDIT_TABLE} WHERE id = %s", [event.pk]).fetchone() == ("原始说明",)
        copy = f"INSERT INTO {AUDIT_TABLE} ({columns}) SELECT {columns} FROM {AUDIT_TABLE} WHERE id = %s"
        assert attempt(conn, copy, [event.pk]) is None  # adding is the application's right
        ways = {
            "update": (f"UPDATE {AUDIT_TABLE} SET comment = '改写' WHERE id = %s", [event.pk]),
            "delete": (f"DELETE FROM {AUDIT_TABLE} WHERE id = %s", [event.pk]),
            "truncate": (f"TRUNCATE {AUDIT_TABLE}", []),
            "disable the trigger": (f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER ALL", []),
            "replica mode": ("SET session_replication_role = replica", []),
            "drop": (f"DROP TABLE {AUDIT_TABLE}", []),
            "a rule": (f"CREATE RULE quiet AS ON UPDATE TO {AUDIT_TABLE} DO INSTEAD NOTHING", []),
            "rename": (f"ALTER TABLE {AUDIT_TABLE} RENAME TO old_trail", []),
        }
        refused = {way: attempt(conn, statement, params) for way, (statement, params) in ways.items()}
        assert all(refused.values()), {way: why for way, why in refused.items() if not why}
        assert "permission denied" in refused["update"] and "permission denied" in refused["replica mode"]
        assert "must be owner" in refused["disable the trigger"]
        # The other tables are the application's to write.
        assert attempt(conn, "UPDATE accounts_user SET full_name = full_name") is None
    event.refresh_from_db()
    assert event.comment == "原始说明" and AuditEvent.objects.count() == 2


def test_the_trigger_fires_even_in_replica_mode(event):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = 'core_auditevent_append_only'")
        assert cursor.fetchone() == ("A",)  # ENABLE ALWAYS
        cursor.execute("SET session_replication_role = replica")
        try:
            with pytest.raises(Exception, match=REFUSED):
                cursor.execute(f"UPDATE {AUDIT_TABLE} SET comment = '改写' WHERE id = %s", [event.pk])
        finally:
            cursor.execute("SET session_replication_role = origin")
    event.refresh_from_db()
    assert event.comment == "原始说明"


def test_a_superuser_or_the_owner_is_refused_as_the_application_role(postgresql):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        me = cursor.fetchone()[0]  # CI's superuser, which also owns the tables
    problems = app_role_problems(me)
    assert any("超级用户" in p for p in problems) and any("拥有审计记录表" in p for p in problems)
    with pytest.raises(CommandError, match="超级用户"):
        call_command("grant_app_role", me)
    with pytest.raises(CommandError, match="不存在"):
        call_command("grant_app_role", "no_such_role_here")
    warnings = [m for m in run_checks(include_deployment_checks=True) if m.id == "core.W001"]
    assert warnings and "超级用户" in warnings[0].msg
