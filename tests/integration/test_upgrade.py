"""Upgrading a database of today's main to the new layout of the apps (issue 16) keeps everything.

A scratch PostgreSQL database is built by the old code, commit ``bcb04aa`` extracted from git into a temporary
directory: its own migrations, the administrative tree and the demo seeded to its final stage (applications in
every state, evidence files, reviews, lists, objections, the fraud case and its sanctions, awards, the audit trail).
The database is snapshotted directly with psycopg; the new code (this working tree) then migrates it, and:

* every table of the old schema is found again, keyed by its name without the app's prefix (``nominations_award``
  and ``awards_award`` are both ``award``), with the same number of rows; a table may only appear or disappear when
  listed below with the reason (and, for a new table, a check of what it was built from);
* the audit trail is the same, row by row and column by column (its content type read as the model's name, since
  the app labels change), and the database still refuses to change or delete it;
* every content type and permission keeps its id (only a moved model's app label changes), and no model of the
  project has two content types;
* every file under MEDIA_ROOT is there with the same SHA-256, and every evidence attachment's hash matches its file.

It runs in CI (``.ci/run`` sets DATABASE_URL) and skips with the reason elsewhere; about half a minute to a minute.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from psycopg import sql

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
OLD_MAIN = "bcb04aac317047a77c35b6eea2d594cafc5d03c4"  # bcb04aa: the last commit before the apps were split
# The project's apps, old and new: a table "<app>_<rest>" of one of them is keyed by <rest>, so that it is found
# again after its model moved to another app. Every other table (auth_*, django_*, guardian_*, axes_*, otp_*,
# authtoken_*) is keyed by its full name.
PROJECT_APPS = (
    "accounts",
    "provinces",
    "core",
    "criteria",
    "nominations",
    "national",
    "awards",
    "publicity",
    "documents",
    "portal",
    "demo",
)
# Tables whose row count may grow (never shrink) with the upgrade, and why.
GROWING_TABLES = {
    "django_migrations": "the new layout's migrations are recorded",
    "django_content_type": "one per new model; every old one is checked by id in test_content_types_keep_their_ids",
    "auth_permission": "four per new model; every old one is checked by id in test_content_types_keep_their_ids",
}
# Tables that may disappear with the upgrade (key: the name without the app's prefix), and why. None so far.
GONE_TABLES: dict[str, str] = {}


def _fraud_findings(before, after, table, count):
    """One finding per application disqualified for fraud: the old schema had only the sanctions (an application
    ban of the locality and a recommendation ban of its province), each naming the application."""
    expected = sorted(before.fraud_nominations)
    assert count == len(expected), (
        f"{table}: {count} rows, but {len(expected)} distinct applications had fraud sanctions before the upgrade "
        f"({before.tables['sanction'][0]}.nomination_id: {expected})"
    )
    if after.fraud_findings is not None:
        assert sorted(after.fraud_findings) == expected, (
            f"{table}.nomination_id: {sorted(after.fraud_findings)}; applications with fraud sanctions before: "
            f"{expected}"
        )


def _fraud_finding_sanctions(before, after, table, count):
    """Each fraud sanction that named its application is linked to the finding built from it."""
    assert count == before.fraud_sanctions, (
        f"{table}: {count} links, but {before.fraud_sanctions} fraud sanctions named their application before the "
        "upgrade"
    )


def _starts_empty(before, after, table, count):
    """Records the old data never held (an achievement, a referral, another application taken back): the upgrade
    invents none."""
    assert count == 0, f"{table}: the upgrade made {count} rows the old data had no basis for"


# Tables that are new in the new layout (key: the name without the app's prefix): why, and what they must hold.
NEW_TABLES = {
    "fraudfinding": (
        "awards_fraudfinding: the fraud finding of an application, built from the fraud sanctions (which lose their "
        "nomination_id column)",
        _fraud_findings,
    ),
    "fraudfinding_sanctions": (
        "awards_fraudfinding_sanctions: which sanctions each fraud finding started (the link the sanctions' "
        "nomination_id column was)",
        _fraud_finding_sanctions,
    ),
    "achievement": (
        "awards_achievement: the achievements art. 10(1) and 10(4) rest on, recorded by SAMR",
        _starts_empty,
    ),
    "fraudreferral": (
        "awards_fraudreferral: art. 14's referral of a fraud finding to the local people's government",
        _starts_empty,
    ),
    "fraudfinding_other_applications": (
        "awards_fraudfinding_other_applications: the locality's other applications a finding took back (art. 14)",
        _starts_empty,
    ),
    "knox_authtoken": (
        "knox_authtoken: API tokens that expire and are revoked per device (issue 18); DRF's old tokens are not "
        "converted, their users ask for a new one",
        _starts_empty,
    ),
    "heartbeat": (
        "core_heartbeat: when each Celery worker and beat were last heard from, for /healthz/ (issue 18)",
        _starts_empty,
    ),
}


@dataclass
class Snapshot:
    tables: dict = field(default_factory=dict)  # key → (table, row count)
    clashes: list = field(default_factory=list)  # tables sharing a key
    content_types: dict = field(default_factory=dict)  # id → (app_label, model)
    permissions: dict = field(default_factory=dict)  # id → (content_type_id, codename)
    audit_table: str | None = None
    audit: list = field(default_factory=list)  # every column of every row, by id; content_type_id → model
    triggers: list = field(default_factory=list)  # (name, timing, event) on the audit table
    attachments: list = field(default_factory=list)  # (file, sha256) of every attachment row
    fraud_nominations: set | None = None  # the applications of the fraud sanctions, while sanctions name them
    fraud_sanctions: int = 0  # how many fraud sanctions named their application
    fraud_findings: list | None = None  # nomination_id of every fraud finding, once there is such a table
    files: dict = field(default_factory=dict)  # path under MEDIA_ROOT → SHA-256


@dataclass
class Upgrade:
    database: str
    media_root: Path
    before: Snapshot = field(repr=False)
    after: Snapshot = field(repr=False)
    check: subprocess.CompletedProcess = field(repr=False)
    plan: str = field(repr=False)


def key(table):
    for app in sorted(PROJECT_APPS, key=len, reverse=True):
        if table.startswith(f"{app}_"):
            return table[len(app) + 1 :]
    return table


def connect(database):
    db = connection.settings_dict
    return psycopg.connect(
        dbname=database,
        user=db["USER"] or "postgres",
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    )


def database_url(database):
    db = connection.settings_dict
    user = quote(db["USER"] or "postgres", safe="")
    if db["PASSWORD"]:
        user = f"{user}:{quote(db['PASSWORD'], safe='')}"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}"


def environment(database, media_root):
    """The demo's settings on the scratch database and media folder; tasks eager (no broker), cache in memory."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DEBUG="true",
        DATABASE_URL=database_url(database),
        MEDIA_ROOT=str(media_root),
        CELERY_BROKER_URL="",  # set empty rather than unset, so that no .env file brings one back
        CELERY_RESULT_BACKEND="",
        CACHE_URL="",
    )
    return env


def tail(text, lines=40):
    return "\n".join(text.strip().splitlines()[-lines:])


def manage(cwd, env, *args, check=True, timeout=600):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    code = "old" if cwd != ROOT else "new"
    print(f"manage.py {' '.join(args)} ({code} code): exit {result.returncode}, {time.monotonic() - started:.1f} s")
    if check and result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} with the {code} code ({cwd}) failed with exit {result.returncode}:\n"
            f"{tail(result.stdout)}\n{tail(result.stderr)}",
            pytrace=False,
        )
    return result


def git(*args):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, timeout=300)


def extract_old_main(destination):
    """The tree of today's main, from git; fetched when a shallow clone lacks it."""
    if shutil.which("git") is None:
        pytest.fail("git is needed to extract today's main (bcb04aa) for the upgrade test", pytrace=False)
    commit = f"{OLD_MAIN}^{{commit}}"
    if git("cat-file", "-e", commit).returncode != 0:
        fetched = git("fetch", "--depth=1", "origin", OLD_MAIN)
        if git("cat-file", "-e", commit).returncode != 0:
            pytest.fail(
                f"commit {OLD_MAIN[:7]} (today's main, before the apps were split) is not in the repository at {ROOT}"
                f" and `git fetch --depth=1 origin {OLD_MAIN}` did not bring it (exit {fetched.returncode}: "
                f"{fetched.stderr.decode(errors='replace').strip()}); fetch the history (git fetch --unshallow) "
                "so that the upgrade can be tested",
                pytrace=False,
            )
    archive = git("archive", "--format=tar", OLD_MAIN)
    assert archive.returncode == 0, archive.stderr.decode(errors="replace")
    subprocess.run(["tar", "-x", "-C", str(destination)], input=archive.stdout, check=True, timeout=300)


def columns(db, table):
    rows = db.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s",
        (table,),
    ).fetchall()
    return {row[0] for row in rows}


def file_hashes(root):
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def snapshot(database, media_root):
    shot = Snapshot()
    with connect(database) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        for table in names:
            count = db.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
            if key(table) in shot.tables:
                shot.clashes.append((shot.tables[key(table)][0], table))
            shot.tables[key(table)] = (table, count)
        shot.content_types = {
            pk: (app_label, model)
            for pk, app_label, model in db.execute("SELECT id, app_label, model FROM django_content_type").fetchall()
        }
        shot.permissions = {
            pk: (content_type, codename)
            for pk, content_type, codename in db.execute(
                "SELECT id, content_type_id, codename FROM auth_permission"
            ).fetchall()
        }

        def table_of(name):
            return shot.tables[name][0] if name in shot.tables else None

        shot.audit_table = table_of("auditevent")
        if shot.audit_table:
            cursor = db.execute(sql.SQL("SELECT * FROM {} ORDER BY id").format(sql.Identifier(shot.audit_table)))
            fields = [column.name for column in cursor.description]
            for values in cursor.fetchall():
                row = dict(zip(fields, values, strict=True))
                content_type = row.pop("content_type_id")
                row["content_type (model)"] = shot.content_types.get(content_type, (None, f"? id {content_type}"))[1]
                shot.audit.append(row)
            shot.triggers = sorted(
                db.execute(
                    "SELECT trigger_name, action_timing, event_manipulation FROM information_schema.triggers "
                    "WHERE event_object_schema = 'public' AND event_object_table = %s",
                    (shot.audit_table,),
                ).fetchall()
            )
        if attachments := table_of("attachment"):
            shot.attachments = db.execute(
                sql.SQL("SELECT file, sha256 FROM {} ORDER BY id").format(sql.Identifier(attachments))
            ).fetchall()
        sanctions = table_of("sanction")
        if sanctions and {"reason", "nomination_id"} <= columns(db, sanctions):
            query = sql.SQL(
                "SELECT DISTINCT nomination_id FROM {} WHERE reason = 'fraud' AND nomination_id IS NOT NULL"
            )
            shot.fraud_nominations = {row[0] for row in db.execute(query.format(sql.Identifier(sanctions)))}
            query = sql.SQL("SELECT count(*) FROM {} WHERE reason = 'fraud' AND nomination_id IS NOT NULL")
            shot.fraud_sanctions = db.execute(query.format(sql.Identifier(sanctions))).fetchone()[0]
        findings = table_of("fraudfinding")
        if findings and "nomination_id" in columns(db, findings):
            query = sql.SQL("SELECT nomination_id FROM {}").format(sql.Identifier(findings))
            shot.fraud_findings = [row[0] for row in db.execute(query)]
    shot.files = file_hashes(media_root)
    return shot


def seeded_enough(shot):
    """The old database holds what the upgrade must keep; otherwise the test would prove nothing."""
    problems = []
    if not shot.audit_table or not shot.audit:
        problems.append(f"no audit trail (table {shot.audit_table})")
    if {event for _, timing, event in shot.triggers if timing == "BEFORE"} != {"UPDATE", "DELETE"}:
        problems.append(f"the audit trigger is not installed: {shot.triggers}")
    if not shot.attachments or not shot.files:
        problems.append(f"{len(shot.attachments)} attachments, {len(shot.files)} files")
    if not shot.fraud_nominations:
        problems.append(f"no application with fraud sanctions ({shot.fraud_nominations})")
    return problems


@pytest.fixture(scope="module")
def upgrade():
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：设置 DATABASE_URL=postgres://… 后运行（CI 会设置）")
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="portal-upgrade-"))
    database = f"portal_upgrade_{uuid.uuid4().hex[:12]}"
    created = False
    try:
        old_tree, media_root = work / "old-main", work / "media"
        old_tree.mkdir()
        media_root.mkdir()
        extract_old_main(old_tree)
        with connect("postgres") as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
        created = True
        env = environment(database, media_root)

        manage(old_tree, env, "migrate", "--no-input")
        manage(old_tree, env, "load_divisions")
        manage(old_tree, env, "seed_demo", "--stage", "final", "--per-province", "1")
        before = snapshot(database, media_root)
        if problems := seeded_enough(before):
            pytest.fail(f"the old code's final demo stage is not what the test needs: {'; '.join(problems)}")

        manage(ROOT, env, "migrate", "--no-input")
        check = manage(ROOT, env, "migrate", "--check", check=False)
        plan = manage(ROOT, env, "showmigrations", "--plan", check=False)
        after = snapshot(database, media_root)
        print(f"upgrade built and migrated in {time.monotonic() - started:.1f} s")
        yield Upgrade(database, media_root, before, after, check, plan.stdout + plan.stderr)
    finally:
        if created:
            with connect("postgres") as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
        shutil.rmtree(work, ignore_errors=True)


def test_nothing_is_left_to_migrate(upgrade):
    unapplied = [line for line in upgrade.plan.splitlines() if line.lstrip().startswith("[ ]")]
    assert upgrade.check.returncode == 0 and not unapplied, (
        f"manage.py migrate --check exits {upgrade.check.returncode} after the upgrade; unapplied: {unapplied}\n"
        f"{tail(upgrade.check.stdout)}\n{tail(upgrade.check.stderr)}"
    )


def test_every_table_keeps_its_rows(upgrade):
    before, after = upgrade.before, upgrade.after
    problems = [f"{first} and {second} share the key {key(second)!r}" for first, second in after.clashes]
    problems += [f"(before) {first} and {second} share the key {key(second)!r}" for first, second in before.clashes]
    moved = []
    for name, (table, count) in sorted(before.tables.items()):
        if name not in after.tables:
            if name not in GONE_TABLES:
                problems.append(f"{table} ({count} rows) is gone: no table {name!r} after the upgrade")
            continue
        new_table, new_count = after.tables[name]
        if new_table != table:
            moved.append(f"{table} → {new_table}")
        kept = new_count >= count if name in GROWING_TABLES else new_count == count
        if not kept:
            problems.append(f"{table} → {new_table}: {count} → {new_count} rows")
    for name in sorted(after.tables.keys() - before.tables.keys()):
        table, count = after.tables[name]
        if name not in NEW_TABLES:
            problems.append(f"{table} ({count} rows) is new: list {name!r} in NEW_TABLES with the reason and a check")
    print(f"{len(moved)} tables moved: {', '.join(moved)}")
    assert not problems, "row counts before → after the upgrade:\n" + "\n".join(problems)


def test_the_new_tables_hold_what_they_are_built_from(upgrade):
    before, after = upgrade.before, upgrade.after
    for name in sorted(after.tables.keys() - before.tables.keys()):
        if name in NEW_TABLES:
            table, count = after.tables[name]
            NEW_TABLES[name][1](before, after, table, count)


def test_the_audit_trail_is_unchanged_row_by_row(upgrade):
    before, after = upgrade.before, upgrade.after
    assert after.audit_table, f"no audit table after the upgrade (before: {before.audit_table})"
    assert len(after.audit) == len(before.audit), (
        f"{before.audit_table}: {len(before.audit)} rows → {after.audit_table}: {len(after.audit)} rows"
    )
    after_by_id = {row["id"]: row for row in after.audit}
    differing = [(row, after_by_id.get(row["id"])) for row in before.audit if after_by_id.get(row["id"]) != row]
    if differing:
        old, new = differing[0]
        changed = sorted(name for name in set(old) | set(new or {}) if new is None or old.get(name) != new.get(name))
        pytest.fail(
            f"{len(differing)} of {len(before.audit)} audit events differ after the upgrade "
            f"({before.audit_table} → {after.audit_table}); the first, id {old['id']}, in {changed}:\n"
            f"before: {old}\nafter:  {new}",
            pytrace=False,
        )


def test_content_types_keep_their_ids(upgrade):
    before, after = upgrade.before, upgrade.after
    problems = []
    for pk, (app_label, model) in sorted(before.content_types.items()):
        now = after.content_types.get(pk)
        if now is None:
            problems.append(f"content type {pk} {app_label}.{model} is gone")
        elif now[1] != model:
            problems.append(f"content type {pk} {app_label}.{model} is now {now[0]}.{now[1]}")
        elif now[0] != app_label and not {app_label, now[0]} <= set(PROJECT_APPS):
            problems.append(f"content type {pk} {app_label}.{model} moved outside the project's apps: {now[0]}")
    models = Counter(model for app_label, model in after.content_types.values() if app_label in PROJECT_APPS)
    for model, times in sorted(models.items()):
        if times > 1:
            labels = sorted(f"{pk} {a}.{m}" for pk, (a, m) in after.content_types.items() if m == model)
            problems.append(f"model {model!r} has {times} content types: {', '.join(labels)}")
    for pk, (content_type, codename) in sorted(before.permissions.items()):
        if after.permissions.get(pk) != (content_type, codename):
            problems.append(f"permission {pk} {codename} (content type {content_type}) is {after.permissions.get(pk)}")
    assert not problems, "content types and permissions after the upgrade:\n" + "\n".join(problems)


def test_every_file_is_still_there(upgrade):
    before, after = upgrade.before.files, upgrade.after.files
    missing = sorted(path for path in before if path not in after)
    changed = sorted(path for path in before if path in after and after[path] != before[path])
    assert not missing and not changed, (
        f"of {len(before)} files under MEDIA_ROOT, {len(missing)} are missing (first: {missing[:5]}) and "
        f"{len(changed)} changed (first: {changed[:5]})"
    )


def test_every_attachment_matches_its_file(upgrade):
    after = upgrade.after
    assert len(after.attachments) == len(upgrade.before.attachments)
    folders = sorted({path.split("/", 1)[0] for path in after.files if "/" in path})  # the storages' locations

    def stored(name):
        for path in (name, *(f"{folder}/{name}" for folder in folders)):
            if path in after.files:
                return after.files[path]
        return None

    mismatched = [(name, sha256, stored(name)) for name, sha256 in after.attachments if stored(name) != sha256]
    assert not mismatched, (
        f"{len(mismatched)} of {len(after.attachments)} attachments have no file with their SHA-256 under "
        f"{upgrade.media_root} (file, recorded, on disk): {mismatched[:5]}"
    )


def test_the_audit_trigger_still_refuses_changes(upgrade):
    before, after = upgrade.before, upgrade.after
    table = after.audit_table
    refused = {event for _, timing, event in after.triggers if timing == "BEFORE"}
    assert refused >= {"UPDATE", "DELETE"}, (
        f"triggers on {table} after the upgrade: {after.triggers}; before, on {before.audit_table}: {before.triggers}"
    )
    audit = sql.Identifier(table)
    with connect(upgrade.database) as db:
        first = db.execute(sql.SQL("SELECT * FROM {} ORDER BY id LIMIT 1").format(audit)).fetchone()
        statements = [
            sql.SQL("UPDATE {} SET comment = comment || ' (changed)' WHERE id = %s").format(audit),
            sql.SQL("DELETE FROM {} WHERE id = %s").format(audit),
            sql.SQL("DELETE FROM {}").format(audit),
        ]
        for statement in statements:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"), db.transaction():
                db.execute(statement, (first[0],) if "%s" in statement.as_string(db) else None)
        assert db.execute(sql.SQL("SELECT * FROM {} ORDER BY id LIMIT 1").format(audit)).fetchone() == first
        assert db.execute(sql.SQL("SELECT count(*) FROM {}").format(audit)).fetchone()[0] == len(before.audit)
