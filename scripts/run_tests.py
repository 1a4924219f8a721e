#!/usr/bin/env python
"""Run the whole pytest suite on SQLite, then again on PostgreSQL when one is reachable.

PostgreSQL comes from DATABASE_URL (when it names one) or the local server on 127.0.0.1:5432.
In CI (CI set) an unreachable PostgreSQL is a failure, never a silent skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LOCAL_PG = "postgres://postgres@127.0.0.1:5432/baken"


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else LOCAL_PG


def postgres_reachable(url: str) -> bool:
    import psycopg

    base = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(base, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def pytest(database_url: str, label: str, extra: list[str]) -> int:
    env = {**os.environ, "DATABASE_URL": database_url, "BAKEN_TEST_DATABASE": label}
    print(f"\n=== pytest on {label} ===", flush=True)
    return subprocess.call(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *extra], cwd=REPO, env=env
    )


def main() -> int:
    extra = sys.argv[1:]
    sqlite_url = f"sqlite:///{REPO / 'var' / 'test.sqlite3'}"
    results = {"SQLite": pytest(sqlite_url, "SQLite", extra)}
    pg = postgres_url()
    if postgres_reachable(pg):
        results["PostgreSQL"] = pytest(pg, "PostgreSQL", extra)
    elif os.environ.get("CI"):
        print(f"PostgreSQL not reachable at {pg.split('@')[-1]}: CI may not skip it.")
        results["PostgreSQL"] = 1
    else:
        print(f"\nPostgreSQL not reachable at {pg.split('@')[-1]}: suite ran on SQLite only.")
    print("\n=== databases ===")
    for name, code in results.items():
        print(f"{name}: {'passed' if code == 0 else 'FAILED'}")
    return 0 if all(code == 0 for code in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
