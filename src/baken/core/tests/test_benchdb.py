"""The bench database helper: where it connects, what it names, and that no server means no bench."""

from __future__ import annotations

import pytest

from baken.core import benchdb


def test_bench_databases_live_on_the_configured_postgresql_server(monkeypatch):
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/baken.sqlite3")
    assert benchdb.database_url("x") == "postgres://postgres@127.0.0.1:5432/x"
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example:6543/baken")
    assert benchdb.database_url("baken_bench_reports") == "postgres://u@db.example:6543/baken_bench_reports"
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgresql://bench@other:5432/postgres")
    assert benchdb.database_url("y") == "postgresql://bench@other:5432/y"


def test_names_carry_the_prefix_and_nothing_that_could_end_the_statement(monkeypatch):
    monkeypatch.delenv("BENCH_DB_PREFIX", raising=False)
    assert benchdb.database_name("reports") == "baken_bench_reports"
    monkeypatch.setenv("BENCH_DB_PREFIX", "anna")
    assert benchdb.database_name("directory") == "anna_directory"
    monkeypatch.setenv("BENCH_DB_PREFIX", "x; DROP DATABASE baken")
    with pytest.raises(ValueError, match="not a plain database name"):
        benchdb.database_name("reports")


def test_without_a_server_the_bench_is_skipped_with_a_line_that_says_so(monkeypatch, capsys):
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:1/postgres")
    assert benchdb.run_in_own_database("reports", "baken.reports.bench") == 1
    assert "PostgreSQL not reachable" in capsys.readouterr().out
