"""The database a `make bench` module measures in, the same way for every bench.

Each bench gets its own PostgreSQL database ``<BENCH_DB_PREFIX>_<bench>`` (prefix ``baken_bench``, so
engineers sharing one server do not collide) on the server of ``BENCH_DATABASE_URL``, or of
``DATABASE_URL`` when that names PostgreSQL, else postgres://postgres@127.0.0.1:5432. The database is
created here, the measurements run in a child process whose ``DATABASE_URL`` points at it (so Django
is set up against it from the start), and it is dropped afterwards, unless ``BENCH_KEEP_DB`` is set (to
look at query plans) or the bench can reuse its data and ``BENCH_REUSE_DB`` is set (drop it yourself).
"""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlparse, urlunparse

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def server_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_SERVER


def database_url(name: str) -> str:
    return urlunparse(urlparse(server_url())._replace(path=f"/{name}"))


def database_name(bench: str) -> str:
    name = f"{os.environ.get('BENCH_DB_PREFIX', 'baken_bench')}_{bench}"
    if not name.replace("_", "").isalnum():  # it goes into CREATE DATABASE unquoted
        raise ValueError(f"not a plain database name: {name!r}")
    return name


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql)


def _exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True, connect_timeout=5) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return found is not None


def run_in_own_database(
    bench: str, module: str, *, settings: str = "baken.settings.base", reusable: bool = False
) -> int:
    """Run ``python -m <module> --inner`` against the bench's own database; returns its exit status
    (1 when PostgreSQL cannot be reached: the bench is skipped with a line that says so)."""
    name = database_name(bench)
    reuse = reusable and bool(os.environ.get("BENCH_REUSE_DB"))
    try:
        if not (reuse and _exists(name)):
            _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            _admin(f"CREATE DATABASE {name}")
    except Exception as error:  # psycopg's errors and OSError alike: no server, no bench
        print(f"PostgreSQL not reachable ({error.__class__.__name__}): {bench} bench skipped.")
        return 1
    env = {**os.environ, "DATABASE_URL": database_url(name), "DJANGO_SETTINGS_MODULE": settings}
    try:
        return subprocess.call([sys.executable, "-m", module, "--inner"], env=env)
    finally:
        if reuse or os.environ.get("BENCH_KEEP_DB"):
            print(f"kept database {name}")
        else:
            _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
