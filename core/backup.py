"""Backup and restore of a deployment: the PostgreSQL database and ``MEDIA_ROOT``, with a manifest that lets a
restore prove it is complete (``manage.py backup`` / ``manage.py restore``; docs/operations.md).

A backup is a new directory holding

* ``database.dump``: ``pg_dump --format=custom`` of the whole database;
* ``media.tar``: every file under ``MEDIA_ROOT`` (uploads, evidence, generated documents), uncompressed — they are
  PDFs, images and office files, compressed already;
* ``manifest.json``: the row count of every table, counted in the very snapshot that ``pg_dump`` dumps, and the
  size and SHA-256 of every file, of the dump and of the archive.

A restore checks the dump and the archive against the manifest before it changes anything, restores into an empty
database (or, asked to, over an existing one), writes each file after checking its hash, and compares the row
counts of the restored tables with the manifest.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

FORMAT = 1
DUMP = "database.dump"
MEDIA = "media.tar"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be taken or restored as asked; the message says why, for the operator."""


def _postgresql(alias):
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise BackupError(
            "backup/restore 仅支持 PostgreSQL；嵌入式 SQLite 请在停止服务后直接复制数据库文件与 MEDIA_ROOT。"
        )
    for program in ("pg_dump", "pg_restore"):
        if not shutil.which(program):
            raise BackupError(f"找不到 {program}：请安装与数据库服务器同一大版本的 PostgreSQL 客户端。")
    return connection


def _libpq_env(connection):
    """The environment that points pg_dump/pg_restore at ``connection``'s database (password and TLS options
    as Django's own ``dbshell`` passes them)."""
    settings_dict = connection.settings_dict
    _, extra = connection.client.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(extra or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGDATABASE", "NAME")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{command[0]} 失败（退出码 {result.returncode}）：{result.stderr.strip()[-2000:]}")


def table_counts(connection):
    """Rows per table of ``connection``'s database (every table Django can see, migrated or not)."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        counts = {}
        for name in sorted(names):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _described(path):
    return {"size": path.stat().st_size, "sha256": sha256_of(path)}


def create_backup(directory, *, alias="default", media_root=None):
    """Write a backup into ``directory`` (new or empty); returns the manifest."""
    connection = _postgresql(alias)
    directory = Path(directory)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"备份目录 {directory} 不是空的：每次备份请用一个新目录。")
    directory.mkdir(parents=True, exist_ok=True)

    # Count the rows in the snapshot that pg_dump dumps: the manifest then describes the dump exactly, however
    # busy the portal is meanwhile. The snapshot lives as long as this transaction.
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_database(), current_setting('server_version')")
        snapshot, database, server_version = cursor.fetchone()
        tables = table_counts(connection)
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={directory / DUMP}"],
            _libpq_env(connection),
        )

    # The files after the dump: every file the dump refers to existed before it, so it is in the archive (files are
    # written before their row, and never changed in place).
    files = {}
    with tarfile.open(directory / MEDIA, "w") as archive:
        for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
            name = path.relative_to(media_root).as_posix()
            files[name] = _described(path)
            archive.add(path, arcname=name, recursive=False)

    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"name": database, "server_version": server_version, **_described(directory / DUMP)},
        "media": _described(directory / MEDIA),
        "tables": tables,
        "files": files,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    return manifest


def read_manifest(directory):
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"无法读取备份清单 {path}：{error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份清单格式 {manifest.get('format')!r} 不受支持（应为 {FORMAT}）。")
    return manifest


def verify_archives(directory, manifest):
    """The dump and the file archive are the ones the manifest describes (nothing truncated or altered)."""
    directory = Path(directory)
    for name, expected in ((DUMP, manifest["database"]), (MEDIA, manifest["media"])):
        path = directory / name
        if not path.exists():
            raise BackupError(f"备份不完整：缺少 {name}。")
        if _described(path) != {"size": expected["size"], "sha256": expected["sha256"]}:
            raise BackupError(f"{name} 与清单记录的大小或 SHA-256 不符，备份已损坏，未做任何恢复。")


def restore_backup(directory, *, alias="default", media_root=None, clean=False):
    """Restore the backup in ``directory`` into ``alias``'s database and ``media_root``; returns the manifest.

    Without ``clean`` the database must have no tables; with it, the backup's objects replace the existing ones.
    Files are written over same-named ones; other files under ``media_root`` are left alone.
    """
    connection = _postgresql(alias)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    manifest = read_manifest(directory)
    verify_archives(directory, manifest)
    if not clean:
        with connection.cursor() as cursor:
            existing = connection.introspection.table_names(cursor)
        if existing:
            raise BackupError(
                f"目标数据库 {connection.settings_dict['NAME']} 已有 {len(existing)} 张表：请恢复到空数据库，"
                "或在停止 web、worker、beat 后加 --clean 覆盖。"
            )
    env = _libpq_env(connection)
    connection.close()  # pg_restore works alone; this process reconnects for the counts
    command = ["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", f"--dbname={env['PGDATABASE']}"]
    _run([*command, *(["--clean", "--if-exists"] if clean else []), str(Path(directory) / DUMP)], env)

    _extract(Path(directory) / MEDIA, media_root, manifest["files"])

    restored = table_counts(connection)
    different = sorted(
        name for name in set(restored) | set(manifest["tables"]) if restored.get(name) != manifest["tables"].get(name)
    )
    if different:
        raise BackupError(f"恢复后以下表的行数与清单不符：{', '.join(different)}")
    return manifest


def _extract(archive_path, media_root, files):
    """Write each file of the archive under ``media_root``, refusing anything the manifest does not list (so no
    path leaves ``media_root``), each through a temporary name and only once its hash matches."""
    media_root.mkdir(parents=True, exist_ok=True)
    written = set()
    with tarfile.open(archive_path, "r") as archive:
        for member in archive:
            if member.isdir():
                continue
            name = PurePosixPath(member.name)
            expected = files.get(member.name)
            if not member.isfile() or expected is None or name.is_absolute() or ".." in name.parts:
                raise BackupError(f"文件归档中有清单之外的条目：{member.name}")
            target = media_root.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with (
                archive.extractfile(member) as source,
                tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as temporary,
            ):
                while block := source.read(CHUNK):
                    digest.update(block)
                    temporary.write(block)
            if digest.hexdigest() != expected["sha256"]:
                os.unlink(temporary.name)
                raise BackupError(f"文件 {member.name} 的 SHA-256 与清单不符。")
            os.chmod(temporary.name, member.mode & 0o777)
            os.replace(temporary.name, target)
            written.add(member.name)
    missing = sorted(set(files) - written)
    if missing:
        raise BackupError(f"文件归档缺少清单中的 {len(missing)} 个文件，例如 {missing[0]}。")
