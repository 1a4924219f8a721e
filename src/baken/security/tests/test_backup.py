"""Backup and restore, as docs/operations.md describes them, tested as round trips.

The portable way (``baken dumpdata`` / ``baken loaddata``) runs on both databases; the native ways run
on the database of the current pass: SQLite's online backup API (what ``sqlite3 … .backup`` uses) and
PostgreSQL's ``pg_dump -Fc`` / ``pg_restore``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from baken.core.demo import load_all
from baken.core.models import AuditEvent, User
from baken.core.services import audit_log

# What `baken dumpdata` leaves out: rebuilt by `baken migrate`, or worthless after a restore.
DUMP_EXCLUDES = ["contenttypes", "auth.permission", "sessions"]


def table_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608  (names from introspection)
        counts[table] = cursor.fetchone()[0]
    return counts


def current_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return table_counts(cursor, connection.introspection.table_names(cursor))


@pytest.fixture
def filled(transactional_db):
    """Demo data plus an audit trail, committed so a second connection or a tool sees it."""
    load_all()
    audit_log(actor=User.objects.get(username="landelijk"), action=AuditEvent.Action.EXPORT, target="test")
    return current_counts()


def test_dumpdata_loaddata_round_trip(filled, tmp_path):
    backup = tmp_path / "baken-backup.json.gz"
    call_command("dumpdata", natural_foreign=True, exclude=DUMP_EXCLUDES, output=str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert User.objects.count() == 0
    call_command("loaddata", str(backup), verbosity=0)
    restored = current_counts()
    assert {t: n for t, n in restored.items() if n != filled[t] and t not in ("django_session",)} == {}
    assert User.objects.get(username="coordinator.aanzee").check_password("baken-demo")
    assert AuditEvent.objects.filter(action="export", actor_username="landelijk").exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite pass only")
def test_sqlite_online_backup_round_trip(filled, tmp_path):
    connection.ensure_connection()
    backup_file = tmp_path / "baken-backup.sqlite3"
    with sqlite3.connect(backup_file) as target:
        connection.connection.backup(target)
    with sqlite3.connect(backup_file) as copy:
        assert table_counts(copy.cursor(), list(filled)) == filled
        restored = sqlite3.connect(":memory:")
        copy.backup(restored)
    assert table_counts(restored.cursor(), list(filled)) == filled
    assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    restored.close()


def pg_tools() -> bool:
    if shutil.which("pg_dump") and shutil.which("pg_restore"):
        return True
    if os.environ.get("CI"):
        pytest.fail("pg_dump/pg_restore missing in CI: install postgresql-client (.ci/run does).")
    return False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL pass only")
def test_pg_dump_pg_restore_round_trip(filled, tmp_path):
    if not pg_tools():
        pytest.skip("pg_dump/pg_restore not installed")
    import psycopg

    conf = connection.settings_dict
    env = {**os.environ, "PGHOST": conf["HOST"] or "127.0.0.1", "PGPORT": str(conf["PORT"] or 5432)}
    env["PGUSER"] = conf["USER"] or "postgres"
    if conf["PASSWORD"]:
        env["PGPASSWORD"] = conf["PASSWORD"]
    dump = tmp_path / "baken.dump"
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), conf["NAME"]], env=env, check=True)
    restore_db = f"{conf['NAME']}_restore"
    admin = f"host={env['PGHOST']} port={env['PGPORT']} user={env['PGUSER']} dbname=postgres"
    if conf["PASSWORD"]:
        admin += f" password={conf['PASSWORD']}"
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{restore_db}"')
        server.execute(f'CREATE DATABASE "{restore_db}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", "-d", restore_db, str(dump)], env=env, check=True)
        with psycopg.connect(admin.replace("dbname=postgres", f"dbname={restore_db}")) as restored:
            assert table_counts(restored.cursor(), list(filled)) == filled
    finally:
        with psycopg.connect(admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{restore_db}"')


def test_operations_guide_documents_both_databases():
    text = (Path(__file__).resolve().parents[4] / "docs" / "operations.md").read_text()
    for needle in ("pg_dump", "pg_restore", ".backup", "baken dumpdata", "baken loaddata"):
        assert needle in text, needle
