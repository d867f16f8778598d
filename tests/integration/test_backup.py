"""Backup and restore on the real PostgreSQL: ``manage.py backup`` of a database with a campaign's data and files,
``manage.py restore`` into a fresh database and an empty media folder (a separate process, as on a spare machine);
every table has the same number of rows and every file the same SHA-256. A damaged backup restores nothing."""

import hashlib
import json
import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from io import StringIO

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from documents.domain import exports

from ..documents.conftest import (  # noqa: F401 (fixtures)
    assigned_expert,
    campaign,
    evidenced,
    published,
    recommended_dossier,
    submitted_dossier,
)
from .test_periodic import ROOT

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：设置 DATABASE_URL=postgres://… 后运行（CI 会设置）")
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def connect(name):
    db = connection.settings_dict
    return psycopg.connect(
        dbname=name, user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, autocommit=True
    )


@contextmanager
def fresh_database():
    """A new, empty database on the same server, dropped afterwards."""
    name = f"portal_restore_{uuid.uuid4().hex[:12]}"
    with connect("postgres") as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with connect("postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore(directory, database, media_root, *options):
    """``manage.py restore`` in its own process, configured for the spare database and media folder only."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",  # reads MEDIA_ROOT from the environment
        "DEBUG": "false",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}",
        "MEDIA_ROOT": str(media_root),
    }
    command = [sys.executable, "manage.py", "restore", *options, str(directory)]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def row_counts(database):
    with connect(database) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def file_hashes(root):
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def portal_data(postgresql, recommended_dossier, published, campaign, samr_reviewer, eager_tasks):  # noqa: F811
    """A campaign with applications, reviews, evidence files, published lists, the audit trail and a generated
    PDF (made at once, in this process)."""
    export = exports.request_export(samr_reviewer, "final_list_pdf", {"campaign": campaign.pk})
    export.refresh_from_db()
    assert export.file, export.message
    return recommended_dossier


def test_a_backup_restores_into_a_fresh_database_with_every_row_and_file(portal_data, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=StringIO())
    source_rows, source_files = row_counts(connection.settings_dict["NAME"]), file_hashes(settings.MEDIA_ROOT)
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["tables"] == source_rows
    assert {name: entry["sha256"] for name, entry in manifest["files"].items()} == source_files
    assert source_rows["nominations_attachment"] >= 5 and source_rows["documents_export"] == 1
    assert source_rows["provinces_division"] == 3214 and source_rows["core_auditevent"] >= 10

    with fresh_database() as spare:
        media = tmp_path / "restored-media"
        result = restore(backup, spare, media)
        assert result.returncode == 0, result.stderr
        assert "核对一致" in result.stdout

        assert row_counts(spare) == source_rows
        assert file_hashes(media) == source_files
        with connect(spare) as restored, pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            restored.execute("DELETE FROM core_auditevent")  # the trigger came back with the schema

        again = restore(backup, spare, media)  # never over a database that holds data, unless asked
        assert again.returncode != 0 and "已有" in again.stderr
        replaced = restore(backup, spare, media, "--clean")
        assert replaced.returncode == 0, replaced.stderr
        assert row_counts(spare) == source_rows


def test_a_damaged_backup_restores_nothing(portal_data, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=StringIO())
    archive = backup / "media.tar"
    damaged = bytearray(archive.read_bytes())
    damaged[len(damaged) // 3] ^= 0xFF
    archive.write_bytes(bytes(damaged))

    with fresh_database() as spare:
        media = tmp_path / "restored-media"
        result = restore(backup, spare, media)

        assert result.returncode != 0 and "media.tar" in result.stderr and "已损坏" in result.stderr
        assert row_counts(spare) == {}
        assert not media.exists()
