"""The two PostgreSQL roles of a deployment (issue 18, item 3; docs/operations.md, "Database roles").

- The **owner** (``portal_owner`` in docker-compose.yml) owns the schema: it runs ``migrate``, ``load_divisions``,
  backups and restores, and ``grant_app_role``. The audit trail's trigger (fires always, core migration 0002) can only
  be altered or dropped by it (or a superuser).
- The **application** (``portal_app``) runs the web, the workers and beat. It is neither a superuser nor the owner
  of any table: it reads and writes the tables, but on the audit trail it may only read and add
  (``SELECT, INSERT``), so it cannot change or delete an event by any means it has: no ``UPDATE``/``DELETE``/
  ``TRUNCATE`` privilege, the trigger besides; ``ALTER TABLE … DISABLE TRIGGER``, ``DROP`` and ``CREATE RULE`` need
  ownership; ``session_replication_role`` needs a superuser.

``grant_app_role`` gives the application role exactly that, now and for the tables later migrations create
(``ALTER DEFAULT PRIVILEGES``); ``app_role_problems`` says what is wrong with a role (also a deploy check).
"""

from contextlib import nullcontext

from django.db import connection
from psycopg import sql

from .models import AuditEvent

AUDIT_TABLE = AuditEvent._meta.db_table


def app_role_problems(role, cursor=None):
    """Why ``role`` must not run the application: a superuser, or the owner of the audit table. Empty when fine."""
    with nullcontext(cursor) if cursor is not None else connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        row = cursor.fetchone()
        if row is None:
            return [f"数据库角色“{role}”不存在，请先由数据库管理员创建（docs/operations.md，数据库角色）。"]
        problems = []
        if row[0]:
            problems.append(f"数据库角色“{role}”是超级用户：应用不得以超级用户运行（超级用户可以绕过审计记录的保护）。")
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = %s", [AUDIT_TABLE])
        owner = cursor.fetchone()
        if owner is not None and owner[0] == role:
            problems.append(
                f"数据库角色“{role}”拥有审计记录表 {AUDIT_TABLE}：应用须使用另一个不拥有任何表的角色，"
                "迁移由表的所有者执行。"
            )
        return problems


def grant_app_role(role):
    """Give ``role`` the application's privileges (run as the owner, after ``migrate``); refuses an unfit role."""
    with connection.cursor() as cursor:
        problems = app_role_problems(role, cursor)
        if problems:
            raise ValueError("；".join(problems))
        name, audit = sql.Identifier(role), sql.Identifier(AUDIT_TABLE)
        for statement in (
            "GRANT USAGE ON SCHEMA public TO {role}",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
            "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit} FROM {role}",
            "REVOKE UPDATE, DELETE, TRUNCATE ON {audit} FROM PUBLIC",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
        ):
            cursor.execute(sql.SQL(statement).format(role=name, audit=audit))


def current_role_problems():
    """``app_role_problems`` for the role this process connects as (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return app_role_problems(cursor.fetchone()[0], cursor)
