"""The benchmark's PostgreSQL databases: fresh ones, snapshots (``CREATE DATABASE … TEMPLATE``) and their labels.

The generator leaves one template database per busy day of the year; each run works on copies, so a run can change
its data (the deadline rush submits thousands of drafts) and the next one starts from the same state.
"""

import json
import os

import psycopg
from psycopg import sql

SERVER = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


def url(name):
    """The ``DATABASE_URL`` of database ``name`` on the benchmark's server."""
    return f"{SERVER}/{name}"


def _admin():
    return psycopg.connect(url("postgres"), autocommit=True)


def exists(name):
    with _admin() as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def drop(name):
    with _admin() as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def create(name, *, template=None):
    """A new database ``name`` (replacing any), empty or as a copy of ``template``."""
    drop(name)
    with _admin() as connection:
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        connection.execute(statement)


def label(name, data):
    """Store ``data`` (JSON) as the database's comment: what built it and until when it is valid."""
    with _admin() as connection:
        comment = sql.Literal(json.dumps(data, ensure_ascii=False))
        connection.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), comment))


def read_label(name):
    with _admin() as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    if row is None or not row[0]:
        return None
    try:
        return json.loads(row[0])
    except ValueError:
        return None


def server_version():
    with _admin() as connection:
        return connection.execute("SHOW server_version").fetchone()[0]
