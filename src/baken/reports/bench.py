"""`make bench` for the figures (issue 8): dashboards at 100k, 1M and 10M questions on PostgreSQL.

Runs in its own database ``baken_bench_reports`` (``baken.core.benchdb``), generates registrations with
INSERT … SELECT over generate_series (cumulatively: each size adds to the last), builds the rollups with
``rollups.rebuild_all`` (the same SQL production uses), and prints the p95 of every dashboard view and
of a raw GROUP BY over ``registrations_question``, and their ratio. Sizes:
``BENCH_REPORTS_SIZES=100000,1000000,10000000`` (the default).

``BENCH_REUSE_DB=1`` keeps the database between runs and only adds the questions a size still lacks
(sizes below what it holds are skipped), so iterating on the rollups at 10M does not regenerate 10M
questions each time; the rollups are always rebuilt with the code of the run. Drop it yourself
afterwards (``DROP DATABASE <prefix>_reports``). Without it the database is created and dropped here.
"""

# ruff: noqa: S608, E501  (bench-only SQL from constants; long SQL lines read better whole)
from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date

from baken.core.benchdb import run_in_own_database

DEFAULT_SIZES = "100000,1000000,10000000"
BRANCHES, LIBRARIES, GEMEENTEN = 600, 150, 306
FIRST_DAY, DAYS = date(2024, 1, 1), 731  # two years
RUNS, RAW_RUNS = 100, 5
TARGET_MS = 300.0


def run() -> int:
    """Measure in the bench's own database, kept and reused with ``BENCH_REUSE_DB``."""
    return run_in_own_database("reports", "baken.reports.bench", reusable=True)


# --- inside the child process, with DATABASE_URL pointing at the bench database ------------------

TOPICS = [  # (topic, domain, organisation, bestuurslaag, weight)
    ("digid", "digitale_overheid", "logius", "rijk", 22),
    ("toeslagen", "digitale_overheid", "belastingdienst", "rijk", 14),
    ("belastingaangifte", "digitale_overheid", "belastingdienst", "rijk", 12),
    ("mijnoverheid", "digitale_overheid", "logius", "rijk", 8),
    ("uitkering", "digitale_overheid", "uwv", "rijk", 6),
    ("aow_kinderbijslag", "digitale_overheid", "svb", "rijk", 6),
    ("gemeente", "digitale_overheid", "gemeente", "gemeente", 6),
    ("zorgverzekering", "overig", "zorgverzekeraar", "geen", 5),
    ("apparaat_account", "overig", "", "", 7),
    ("rijbewijs", "digitale_overheid", "cbr", "rijk", 3),
    ("studiefinanciering", "digitale_overheid", "duo", "rijk", 2),
    ("boetes", "digitale_overheid", "cjib", "rijk", 2),
    ("zorg_eigen_bijdrage", "digitale_overheid", "cak", "rijk", 2),
    ("bankzaken", "overig", "bank", "geen", 3),
    ("wonen", "digitale_overheid", "", "", 1),
    ("overig", "overig", "", "", 1),
]
FIRST_HELPS = (
    ["meekijken"] * 6 + ["informatie"] * 5 + ["wegwijzen"] * 3 + ["brief_uitgelegd"] * 2 + ["invoeren"]
)
SECOND_HELPS = ["koud_doorverwezen"] * 3 + ["warm_doorverwezen"] * 2 + ["cursus", "niet_geholpen"]


def _sql_array(values: list[str]) -> str:
    return "ARRAY[" + ",".join(f"'{v}'" for v in values) + "]"


def _setup_tenancy(cursor: object) -> int:
    from baken.core.models import Branch, Gemeente, Library, User

    Gemeente.objects.bulk_create(
        Gemeente(cbs_code=f"GM{i:04d}", name=f"Gemeente {i}", slug=f"gm{i}") for i in range(GEMEENTEN)
    )
    Library.objects.bulk_create(Library(slug=f"lib{i}", name=f"Bibliotheek {i}") for i in range(LIBRARIES))
    gemeenten = list(Gemeente.objects.values_list("pk", flat=True))
    libraries = list(Library.objects.values_list("pk", flat=True))
    Branch.objects.bulk_create(
        Branch(
            library_id=libraries[i % LIBRARIES],
            gemeente_id=gemeenten[(i * 7) % GEMEENTEN],
            slug=f"b{i}",
            name=f"Vestiging {i}",
        )
        for i in range(BRANCHES)
    )
    user = User.objects.create(username="bench", role="medewerker", library_id=libraries[0])
    return user.pk


GENERATED_TABLES = ("registrations_contact", "registrations_question", "registrations_questionhelp")


def _without_indexes(cursor) -> list[str]:  # type: ignore[no-untyped-def]
    """Drop the secondary indexes and unique constraints of the generated tables; returns the SQL that
    puts them back. Building an index once over all rows is far cheaper than keeping it up per row."""
    restore: list[str] = []
    for table in GENERATED_TABLES:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary",
            [table],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f"DROP INDEX {name}")
            restore.append(definition)
    return restore


def _generate(cursor, contacts: int, user_id: int) -> None:  # type: ignore[no-untyped-def]
    """Add ``contacts`` contacts with 1.25 questions and 1.3 helps per question on average.

    Bulk load: foreign-key triggers off for this session (the rows are valid by construction), indexes
    dropped and rebuilt afterwards."""
    cursor.execute("SET session_replication_role = replica")
    cursor.execute("SET maintenance_work_mem = '512MB'")
    restore = _without_indexes(cursor)
    topic_rows = [row for row in TOPICS for _ in range(row[4])]
    cursor.execute(
        "DROP TABLE IF EXISTS bench_topics; CREATE TEMP TABLE bench_topics (i int, topic text, domain text, organisation text, bestuurslaag text)"
    )
    cursor.executemany(
        "INSERT INTO bench_topics VALUES (%s, %s, %s, %s, %s)",
        [(i, t, d, o, b) for i, (t, d, o, b, _w) in enumerate(topic_rows)],
    )
    cursor.execute(
        "DROP TABLE IF EXISTS bench_branches; CREATE TEMP TABLE bench_branches AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, library_id FROM core_branch"
    )
    cursor.execute("SELECT COALESCE(MAX(id), 0) FROM registrations_contact")
    first_id = cursor.fetchone()[0]
    cursor.execute(
        f"""INSERT INTO registrations_contact (library_id, branch_id, date, hour, channel, duration, outcome,
                target_groups, remark, source, idempotency_key, created_by_id, created_at, is_deleted)
            SELECT b.library_id, b.id, DATE '{FIRST_DAY.isoformat()}' + s.d, 10 + (s.g %% 7),
                   CASE WHEN s.r < 0.7 THEN 'balie' WHEN s.r < 0.85 THEN 'afspraak'
                        WHEN s.r < 0.95 THEN 'telefoon' ELSE 'email' END,
                   '5_15', 'geholpen', '[]'::jsonb, '', 'desk', gen_random_uuid(), %s, now(), false
            FROM (SELECT g, floor(random() * {BRANCHES})::int AS k, floor(random() * {DAYS})::int AS d,
                         random() AS r FROM generate_series(1, %s) g) s
            JOIN bench_branches b ON b.k = s.k""",
        [user_id, contacts],
    )
    for position, condition in ((1, "TRUE"), (2, "c.id %% 4 = 0")):
        cursor.execute(
            f"""INSERT INTO registrations_question (library_id, branch_id, date, contact_id, position, domain, topic,
                    organisation, bestuurslaag, course_suggested)
                SELECT s.library_id, s.branch_id, s.date, s.id, {position}, t.domain, t.topic, t.organisation,
                       t.bestuurslaag, false
                FROM (SELECT c.*, floor(random() * {len(topic_rows)})::int AS i FROM registrations_contact c
                      WHERE c.id > %s AND {condition}) s
                JOIN bench_topics t ON t.i = s.i""",
            [first_id],
        )
    cursor.execute(
        f"""INSERT INTO registrations_questionhelp (library_id, branch_id, date, question_id, topic, help)
            SELECT q.library_id, q.branch_id, q.date, q.id, q.topic,
                   ({_sql_array(FIRST_HELPS)})[1 + floor(random() * {len(FIRST_HELPS)})::int]
            FROM registrations_question q WHERE q.contact_id > %s""",
        [first_id],
    )
    cursor.execute(
        f"""INSERT INTO registrations_questionhelp (library_id, branch_id, date, question_id, topic, help)
            SELECT q.library_id, q.branch_id, q.date, q.id, q.topic,
                   ({_sql_array(SECOND_HELPS)})[1 + floor(random() * {len(SECOND_HELPS)})::int]
            FROM registrations_question q WHERE q.contact_id > %s AND random() < 0.3""",
        [first_id],
    )
    for statement in restore:
        cursor.execute(statement)
    cursor.execute("SET session_replication_role = DEFAULT")
    for table in GENERATED_TABLES:
        # VACUUM as well: otherwise autovacuum visits the freshly inserted millions of rows while the
        # views are being measured, on the same two cores.
        cursor.execute(f"VACUUM ANALYZE {table}")


def _p95_of(times: list[float]) -> float:
    if len(times) < 20:
        return max(times)
    return statistics.quantiles(times, n=20)[18]


def _p95(func: Callable[[], object], runs: int) -> float:
    func()  # warm the cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return _p95_of(times)


def _p95_interleaved(funcs: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """The p95 of each function, run in turns (one run of each, ``runs`` times), so a passing burst of
    load on the machine spreads over all of them instead of landing on whichever ran at that moment."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for func in funcs.values():
        func()  # warm the cache
    for _ in range(runs):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: _p95_of(taken) for name, taken in times.items()}


def _views() -> dict[str, Callable[[], object]]:
    from baken.core.models import Branch
    from baken.core.scope import Level, Scope
    from baken.reports.charts import bar_chart, column_chart
    from baken.reports.periods import Period, PeriodKind
    from baken.reports.selectors import Filters, dashboard

    branch = Branch.objects.order_by("pk").first()
    assert branch is not None
    year = Period(PeriodKind.YEAR, date(2025, 1, 1), date(2025, 12, 31))
    quarter = Period(PeriodKind.QUARTER, date(2025, 4, 1), date(2025, 6, 30))
    month = Period(PeriodKind.MONTH, date(2025, 3, 1), date(2025, 3, 31))
    week = Period(PeriodKind.WEEK, date(2025, 3, 10), date(2025, 3, 16))
    custom = Period(PeriodKind.CUSTOM, date(2025, 2, 10), date(2025, 8, 20))
    national = Scope(Level.NATIONAL)
    gemeente = Scope(Level.GEMEENTE, gemeente_id=branch.gemeente_id)
    library = Scope(Level.LIBRARY, library_id=branch.library_id)

    def view(scope: Scope, filters: Filters) -> Callable[[], object]:
        def render() -> object:
            board = dashboard(scope=scope, filters=filters)
            charts = [bar_chart(t, t.key) for t in board.tables]
            return board, charts, column_chart(board.series, "series")

        return render

    return {
        "national year": view(national, Filters(period=year)),
        "national custom range (days+months)": view(national, Filters(period=custom)),
        "national month, topic+channel filter": view(
            national, Filters(period=month, topic="digid", channel="balie")
        ),
        "national year, help filter": view(national, Filters(period=year, help="warm_doorverwezen")),
        "national week": view(national, Filters(period=week)),
        "gemeente year": view(gemeente, Filters(period=year)),
        "library quarter": view(library, Filters(period=quarter)),
        "library year, branch+referral filter": view(
            library, Filters(period=year, branch_id=branch.pk, referral="warm")
        ),
    }


def _raw_group_by() -> Callable[[], object]:
    from django.db import connection

    def scan() -> object:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT topic, COUNT(*) FROM registrations_question "
                "WHERE date BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY topic"
            )
            return cursor.fetchall()

    return scan


def _refresh_one_change() -> tuple[Callable[[], object], Callable[[], None]]:
    """The cost a desk's change adds: one contact's channel changed back and forth (the path of a bulk
    write: update, then ``mark_dirty``), then the refresh of its branch-day (facts, the country's day and
    month, the branch's month and day). Returns the change and what puts the contact back."""
    from baken.core.models import Branch
    from baken.registrations.models import Contact
    from baken.reports.rollups import mark_dirty, refresh_dirty

    branch = Branch.objects.order_by("pk").first()
    assert branch is not None
    # At 100k a branch has a contact on one day in five: take its first one from 12 March 2025 on.
    contact = (
        Contact.objects.filter(branch=branch, date__gte=date(2025, 3, 12), is_deleted=False)
        .order_by("date", "pk")
        .first()
    )
    assert contact is not None
    day = contact.date
    original, flips = contact.channel, iter(["telefoon", "balie"] * (RUNS + 1))

    def change() -> object:
        Contact.objects.filter(pk=contact.pk).update(channel=next(flips))
        mark_dirty([(branch.pk, day)])
        return refresh_dirty()

    def restore() -> None:
        Contact.objects.filter(pk=contact.pk).update(channel=original)
        mark_dirty([(branch.pk, day)])
        refresh_dirty()

    return change, restore


def inner() -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from baken.core.models import User
    from baken.registrations.models import Question
    from baken.reports import charts, selectors  # noqa: F401  (loaded now: edits during a run do not mix in)
    from baken.reports.models import Rollup, RollupFact, RollupMargin
    from baken.reports.rollups import rebuild_all, vacuum

    sizes = [int(s) for s in os.environ.get("BENCH_REPORTS_SIZES", DEFAULT_SIZES).split(",") if s.strip()]
    call_command("migrate", verbosity=0)
    existing = User.objects.filter(username="bench").values_list("pk", flat=True).first()
    if existing is not None:  # BENCH_REUSE_DB: the tenancy and registrations of an earlier run
        user_id = existing
    else:
        with connection.cursor() as cursor:
            user_id = _setup_tenancy(cursor)
    print(
        f"{BRANCHES} branches, {LIBRARIES} libraries, {GEMEENTEN} gemeenten, {DAYS} days; "
        f"p95 over {RUNS} runs (views in turns)"
    )
    print(
        f"target: every view < {TARGET_MS:.0f} ms p95, >= 10x faster than the raw GROUP BY, flat from 1M to 10M"
    )
    results: dict[int, dict[str, float]] = {}
    have = Question.objects.count()
    for size in sorted(sizes):
        if size < have * 0.9:
            print(f"\n--- {size:,} questions skipped: the reused database holds {have:,}")
            continue
        started = time.perf_counter()
        if size > have * 1.1:
            with connection.cursor() as cursor:
                _generate(cursor, round((size - have) / 1.25), user_id)
            have = Question.objects.count()
        generated = time.perf_counter() - started
        started = time.perf_counter()
        rebuild_all()
        vacuum()  # as `baken refresh_rollups --rebuild` does
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        rolled = time.perf_counter() - started
        print(
            f"\n--- {have:,} questions (generated in {generated:.0f} s; rollups rebuilt in {rolled:.0f} s, "
            f"{Rollup.objects.count():,} combination, {RollupMargin.objects.count():,} margin and "
            f"{RollupFact.objects.count():,} fact rows)"
        )
        raw = _p95(_raw_group_by(), RAW_RUNS)
        timings = _p95_interleaved(_views(), RUNS)
        change, restore = _refresh_one_change()
        timings["refresh after one change"] = _p95(change, RUNS)
        restore()
        results[size] = timings
        print("  load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
        print(f"  {'raw GROUP BY topic over a year (base table)':<45} p95 {raw:8.1f} ms")
        for name, ms in timings.items():
            flag = "ok" if ms < TARGET_MS else "SLOW"
            print(f"  {name:<45} p95 {ms:8.1f} ms  {raw / ms:6.1f}x faster than raw  {flag}")
    if len(results) >= 2:
        big, prev = sorted(results)[-1], sorted(results)[-2]
        print(f"\ngrowth {prev:,} -> {big:,} questions (p95 ratio; 1.0 = flat):")
        for name in results[big]:
            print(f"  {name:<45} {results[big][name] / results[prev][name]:5.2f}")
    return 0


if __name__ == "__main__":
    if "--inner" in sys.argv:
        sys.exit(inner())
    sys.exit(run())
