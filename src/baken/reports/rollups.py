"""Keeping the rollups current (docs/adr/0092, superseding 0063).

Rows kept:

- ``RollupFact``: one narrow row per live question (its codes, its contact's channel, its referral and
  its helps as bits), derived from the registrations;
- ``Rollup`` (combinations of codes) for the country, per day and month;
- ``RollupMargin`` (per dimension and code) for the country per day and month, and per branch and month;
- ``RollupMargin`` totals (dimension "") per branch and day, for the national table per gemeente.

None of the rollups grows with the number of questions. A change to a contact or tally marks its
branch-day dirty (``RollupDirty``, one insert in the same transaction). ``refresh_dirty`` — before every
dashboard read and from ``baken refresh_rollups`` (cron, every minute), never on the desk's request —
replaces the facts of every dirty branch-day and adds the difference (new facts minus old facts, a few
dozen signed rows) to every rollup they count in: work per changed branch-day, whatever the size of the
country's day or month. ``rebuild_all`` recomputes everything from the registrations with a handful of
INSERT … SELECT … GROUP BY statements. Facts, rollups and deltas are all grouped by the same two
functions (``fact_combinations_sql``, ``fact_margins_sql``), so every path counts alike.
"""

# ruff: noqa: S608  (SQL built from model table names, fixed column lists and the code lists of the
# taxonomy; every value from outside is a parameter)
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from baken.core.models import Branch
from baken.registrations.models import Contact, Question, QuestionHelp, TallySheet

from .models import Rollup, RollupDirty, RollupFact, RollupMargin

DIMENSIONS = "topic, organisation, bestuurslaag, channel, referral, help"
COLUMNS = f"grain, period, branch_id, library_id, gemeente_id, {DIMENSIONS}, questions, contacts"
MARGIN_COLUMNS = "grain, period, branch_id, library_id, gemeente_id, dimension, code, questions, contacts"
FACT_COLUMNS = (
    "branch_id, library_id, gemeente_id, date, topic, organisation, bestuurslaag, channel, referral, helps, "
    "first"
)
# The dimensions of a question row (help = ""); help rows give the "help" margin.
QUESTION_DIMENSIONS = ("topic", "organisation", "bestuurslaag", "channel", "referral")
# One bit per help code in ``RollupFact.helps``: append only (a test checks every ``Help`` code is here);
# reordering or removing a code needs ``baken refresh_rollups --rebuild``.
HELP_BITS = (
    "informatie",
    "wegwijzen",
    "meekijken",
    "invoeren",
    "brief_uitgelegd",
    "koud_doorverwezen",
    "warm_doorverwezen",
    "cursus",
    "niet_geholpen",
)
DELTA = "rollup_delta"
PAIRS_PER_STATEMENT = 100


def help_bit(code: str) -> int:
    """The bit of a help code in ``RollupFact.helps`` (0 for a code that has none)."""
    return 1 << HELP_BITS.index(code) if code in HELP_BITS else 0


def tables() -> dict[str, str]:
    return {
        "rollup": Rollup._meta.db_table,
        "margin": RollupMargin._meta.db_table,
        "fact": RollupFact._meta.db_table,
        "question": Question._meta.db_table,
        "help": QuestionHelp._meta.db_table,
        "contact": Contact._meta.db_table,
        "branch": Branch._meta.db_table,
    }


def _month_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _help_codes() -> str:
    """The help codes with their bits, as a small table (bit, help) to join grouped rows with."""
    return " UNION ALL ".join(f"SELECT {help_bit(code)} AS bit, '{code}' AS help" for code in HELP_BITS)


def _help_sums(weight: str) -> str:
    """One column per help code (h0, h1, …): how many of the grouped facts got that help. Counting the
    helps next to the questions reads the facts once; ``_help_rows`` turns the columns into rows."""
    return ", ".join(
        f"SUM(CASE WHEN (f.helps & {help_bit(code)}) <> 0 THEN {weight} ELSE 0 END) AS h{i}"
        for i, code in enumerate(HELP_BITS)
    )


def _help_count(alias: str) -> str:
    """The count of the help code ``hc.help`` among the help columns of a grouped row."""
    whens = " ".join(f"WHEN {help_bit(code)} THEN {alias}.h{i}" for i, code in enumerate(HELP_BITS))
    return f"CASE hc.bit {whens} END"


def _help_rows(alias: str) -> str:
    """Join a grouped row with every help code it has a count for."""
    return f"JOIN ({_help_codes()}) hc ON {_help_count(alias)} <> 0"


def fact_source_sql(where_q: str, where_h: str) -> str:
    """One row per live question in the columns of ``RollupFact`` (``FACT_COLUMNS``), straight from the
    registrations. Parameters: those of ``where_h``, ``False`` (not deleted), those of ``where_q``."""
    t = tables()
    bits = " ".join(f"WHEN '{code}' THEN {help_bit(code)}" for code in HELP_BITS)
    warm, koud = help_bit("warm_doorverwezen"), help_bit("koud_doorverwezen")
    helps = "COALESCE(r.helps, 0)"
    return f"""
        SELECT q.branch_id, q.library_id, b.gemeente_id, q.date, q.topic, q.organisation, q.bestuurslaag,
               c.channel,
               CASE WHEN ({helps} & {warm}) <> 0 THEN 'warm' WHEN ({helps} & {koud}) <> 0 THEN 'koud'
                    ELSE 'geen' END,
               {helps}, CASE WHEN q.position = 1 THEN 1 ELSE 0 END
        FROM {t["question"]} q
        JOIN {t["contact"]} c ON c.id = q.contact_id
        JOIN {t["branch"]} b ON b.id = q.branch_id
        LEFT JOIN (
            SELECT question_id, SUM(CASE help {bits} ELSE 0 END) AS helps
            FROM {t["help"]} h WHERE {where_h} GROUP BY question_id
        ) r ON r.question_id = q.id
        WHERE c.is_deleted = %s AND ({where_q})"""


def _area(national: bool) -> tuple[str, str]:
    """The area columns of a row and what to group them by: none for the country, else the branch."""
    names = ("branch_id", "library_id", "gemeente_id")
    if national:
        # Typed: a bare NULL in a UNION is text on PostgreSQL.
        return ", ".join(f"CAST(NULL AS bigint) AS {name}" for name in names), ""
    return ", ".join(f"f.{name} AS {name}" for name in names), "".join(f", f.{name}" for name in names)


def fact_combinations_sql(
    *, source: str, month: bool, national: bool, where: str = "1 = 1", weight: str = "1"
) -> str:
    """Combination rows (period, branch_id, library_id, gemeente_id, topic, organisation, bestuurslaag,
    channel, referral, help, questions, contacts) from facts (``source``, alias ``f``), per day or month,
    per branch or for the whole country, in one pass over the facts. Question rows have help "", help
    rows count the questions that got that help. ``where`` filters the facts (its parameters are the
    only ones). ``weight``: what a fact counts for (-1 or 1 in a delta)."""
    period = _month_sql("f.date") if month else "f.date"
    area, by_area = _area(national)
    dims = ", ".join(f"f.{name} AS {name}" for name in QUESTION_DIMENSIONS)
    names = ", ".join(("period", "branch_id", "library_id", "gemeente_id", *QUESTION_DIMENSIONS))
    grouped = f"""
        SELECT {period} AS period, {area}, {dims}, SUM({weight}) AS questions,
               SUM({weight} * f.first) AS contacts, {_help_sums(weight)}
        FROM {source} f WHERE {where}
        GROUP BY {period}{by_area}, {", ".join(f"f.{name}" for name in QUESTION_DIMENSIONS)}"""
    return f"""
        WITH g AS ({grouped})
        SELECT {names}, '' AS help, questions, contacts FROM g
        UNION ALL
        SELECT {names}, hc.help, {_help_count("g")}, 0 FROM g {_help_rows("g")}"""


def fact_margins_sql(
    *,
    source: str,
    month: bool,
    national: bool,
    where: str = "1 = 1",
    weight: str = "1",
    totals_only: bool = False,
    codes_per_period: bool = True,
) -> str:
    """Margin rows (``MARGIN_COLUMNS``) from facts (``source``, alias ``f``): the total (dimension ""),
    questions per code of every question dimension (and, in ``contacts``, the contacts whose first
    question has it) and questions per help. ``where`` filters the facts; its parameters are the only
    ones. Without ``codes_per_period`` only the totals and helps come per period and area; the codes
    of the dimensions are counted over all the facts selected, with no period or area (a dashboard's
    tables need no more, and then the rows returned do not multiply by the months)."""
    grain = "'m'" if month else "'d'"
    period = _month_sql("f.date") if month else "f.date"
    area, by_area = _area(national)
    keys = f"{period}{by_area}"
    head = f"SELECT {grain} AS grain, {period} AS period, {area}"
    counts = f"SUM({weight}) AS questions, SUM({weight} * f.first) AS contacts"
    total = f"{head}, '' AS dimension, '' AS code, {counts}"
    facts = f"WITH s AS (SELECT * FROM {source} f WHERE {where})"
    if totals_only:
        return f"{facts} {total} FROM s f GROUP BY {keys}"
    columns = "grain, period, branch_id, library_id, gemeente_id"
    if connection.vendor == "postgresql":
        # One pass over the facts: a grouping set per dimension, the helps counted in the total's set.
        if codes_per_period:
            sets = ", ".join(["()", *(f"(f.{name})" for name in QUESTION_DIMENSIONS)])
            by = f"{keys}, GROUPING SETS ({sets})"
        else:
            # Columns outside a grouping set come back NULL: the dimension rows carry no period or area.
            sets = ", ".join([f"({keys})", *(f"(f.{name})" for name in QUESTION_DIMENSIONS)])
            by = f"GROUPING SETS ({sets})"
        which = " ".join(f"WHEN GROUPING(f.{name}) = 0 THEN '{name}'" for name in QUESTION_DIMENSIONS)
        code = f"COALESCE({', '.join(f'f.{name}' for name in QUESTION_DIMENSIONS)}, '')"
        grouped = (
            f"{head}, CASE {which} ELSE '' END AS dimension, {code} AS code, {counts}, "
            f"{_help_sums(weight)} FROM s f GROUP BY {by}"
        )
        parts = [f"SELECT {columns}, dimension, code, questions, contacts FROM g"]
    else:
        grouped = f"{total}, {_help_sums(weight)} FROM s f GROUP BY {keys}"
        parts = [f"SELECT {columns}, dimension, code, questions, contacts FROM g"]
        if codes_per_period:
            parts += [
                f"{head}, '{name}', f.{name}, {counts} FROM s f GROUP BY {keys}, f.{name}"
                for name in QUESTION_DIMENSIONS
            ]
        else:
            nothing = "CAST(NULL AS date), NULL, NULL, NULL"
            parts += [
                f"SELECT {grain}, {nothing}, '{name}', f.{name}, {counts} FROM s f GROUP BY f.{name}"
                for name in QUESTION_DIMENSIONS
            ]
    parts.append(
        f"SELECT {columns}, 'help', hc.help, {_help_count('g')}, 0 FROM g {_help_rows('g')} "
        "WHERE g.dimension = ''"
    )
    return f"{facts}, g AS ({grouped}) " + " UNION ALL ".join(parts)


def _rollup_rows(source: str, month: bool) -> str:
    """The country's combination rows of ``source`` facts in the columns of ``Rollup``."""
    grain = "m" if month else "d"
    sql = fact_combinations_sql(source=source, month=month, national=True, weight="f.w")
    return f"SELECT '{grain}' AS grain, x.* FROM ({sql}) x"


# --- the refresh: facts of dirty branch-days replaced, their difference added to the rollups ----------

ROLLUP_KEYS = ("grain", "period", "topic", "organisation", "bestuurslaag", "channel", "referral", "help")
MARGIN_KEYS = ("grain", "period", "dimension", "code")


@dataclass(frozen=True)
class Target:
    """The rows of one rollup table a refresh may touch: one grain, these periods, the country or these
    branches. Every statement on them is restricted to that, so it stays on the (grain, period) or
    (branch, grain, period) index whatever the size of the table."""

    table: str
    columns: str
    keys: tuple[str, ...]
    grain: str
    periods: list[date]
    branches: list[int] | None = None  # None: the country's rows

    def rows(self) -> tuple[str, list[Any]]:
        listed = ", ".join(["%s"] * len(self.periods))
        where = f"x.grain = '{self.grain}' AND x.period IN ({listed})"
        if self.branches is None:
            return f"{where} AND x.branch_id IS NULL", list(self.periods)
        branches = ", ".join(["%s"] * len(self.branches))
        return f"{where} AND x.branch_id IN ({branches})", [*self.periods, *self.branches]


def _apply(cursor: Any, target: Target, change: str) -> None:
    """Add the signed counts of ``change`` (rows in ``target.columns``, one per key) to the target's
    rows: update those that exist, insert the others, drop the rows that come to zero (a rollup row
    never counts zero otherwise)."""
    rows, params = target.rows()
    match = " AND ".join(f"x.{key} = d.{key}" for key in target.keys)
    if target.branches is not None:
        match += " AND x.branch_id = d.branch_id"
    changed = f"(SELECT * FROM ({change}) c WHERE c.questions <> 0 OR c.contacts <> 0)"
    cursor.execute(
        f"""UPDATE {target.table} AS x SET questions = x.questions + d.questions,
                   contacts = x.contacts + d.contacts
            FROM {changed} d WHERE {rows} AND {match}""",
        params,
    )
    cursor.execute(
        f"""INSERT INTO {target.table} ({target.columns}) SELECT * FROM {changed} d
            WHERE NOT EXISTS (SELECT 1 FROM {target.table} x WHERE {rows} AND {match})""",
        params,
    )
    cursor.execute(
        f"DELETE FROM {target.table} AS x WHERE {rows} AND x.questions = 0 AND x.contacts = 0", params
    )


def _replace_facts(cursor: Any, pairs: list[tuple[int, date]]) -> None:
    """Move the facts of these branch-days into the delta with weight -1, and their registrations as they
    are now into the delta (weight 1) and the facts. Index ranges on (branch, date) only."""
    t = tables()
    for first in range(0, len(pairs), PAIRS_PER_STATEMENT):
        chunk = pairs[first : first + PAIRS_PER_STATEMENT]
        flat = [value for pair in chunk for value in pair]

        def on(alias: str, chunk: list[tuple[int, date]] = chunk) -> str:
            return " OR ".join(f"({alias}branch_id = %s AND {alias}date = %s)" for _pair in chunk)

        cursor.execute(f"INSERT INTO {DELTA} SELECT -1, {FACT_COLUMNS} FROM {t['fact']} WHERE {on('')}", flat)
        cursor.execute(f"DELETE FROM {t['fact']} WHERE {on('')}", flat)
        cursor.execute(
            f"INSERT INTO {DELTA} SELECT 1, s.* FROM ({fact_source_sql(on('q.'), on('h.'))}) s",
            [*flat, False, *flat],
        )
    cursor.execute(f"INSERT INTO {t['fact']} ({FACT_COLUMNS}) SELECT {FACT_COLUMNS} FROM {DELTA} WHERE w = 1")


def refresh_days(pairs: Iterable[tuple[int, date]]) -> None:
    """Bring the rollups up to date for these branch-days (call inside a transaction): replace their facts
    and add new minus old to the country's day and month combinations and margins, the branches' month
    margins and day totals."""
    pairs = sorted(set(pairs))
    if not pairs:
        return
    t = tables()
    delta = f"(SELECT * FROM {DELTA})"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {DELTA}")
        cursor.execute(
            f"CREATE TEMP TABLE {DELTA} AS SELECT 0 AS w, {FACT_COLUMNS} FROM {t['fact']} WHERE 1 = 0"
        )
        _replace_facts(cursor, pairs)
        days = sorted({day for _branch, day in pairs})
        months = sorted({day.replace(day=1) for day in days})
        branches = sorted({branch for branch, _day in pairs})
        rollup, margin = (t["rollup"], COLUMNS, ROLLUP_KEYS), (t["margin"], MARGIN_COLUMNS, MARGIN_KEYS)
        for month, periods in ((False, days), (True, months)):
            grain = "m" if month else "d"
            _apply(cursor, Target(*rollup, grain, periods), _rollup_rows(delta, month))
            margins = fact_margins_sql(source=delta, month=month, national=True, weight="f.w")
            _apply(cursor, Target(*margin, grain, periods), margins)
        branch_months = fact_margins_sql(source=delta, month=True, national=False, weight="f.w")
        _apply(cursor, Target(*margin, "m", months, branches), branch_months)
        branch_days = fact_margins_sql(
            source=delta, month=False, national=False, weight="f.w", totals_only=True
        )
        _apply(cursor, Target(*margin, "d", days, branches), branch_days)
        cursor.execute(f"DROP TABLE {DELTA}")


REFRESH_LOCK = 60_063  # PostgreSQL advisory lock: one refresh at a time


def refresh_dirty() -> int:
    """Process the dirty branch-days; returns how many were refreshed. Safe to call concurrently."""
    if not RollupDirty.objects.exists():
        return 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Refreshes change shared national rows and the facts: two at once could both subtract the
            # same old facts. SQLite serialises writers by itself.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK])
        dirty = list(RollupDirty.objects.select_for_update().values_list("id", "branch_id", "date"))
        pairs = {(branch_id, day) for _id, branch_id, day in dirty}
        refresh_days(pairs)
        RollupDirty.objects.filter(id__in=[row[0] for row in dirty]).delete()
    return len(pairs)


# --- the full rebuild -------------------------------------------------------------------------------


def _empty(cursor: Any, table: str) -> None:
    # TRUNCATE leaves no dead rows behind, so the rows inserted next lie in the order they are inserted.
    cursor.execute(f"TRUNCATE {table}" if connection.vendor == "postgresql" else f"DELETE FROM {table}")


@contextmanager
def _indexes_built_after(model: type[models.Model]) -> Iterator[None]:
    """On PostgreSQL, drop the model's indexes for a bulk insert and build each once afterwards: far
    cheaper than keeping three indexes up row by row for every question."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.schema_editor() as editor:
        for index in model._meta.indexes:
            editor.remove_index(model, index)
    yield
    with connection.schema_editor() as editor:
        for index in model._meta.indexes:
            editor.add_index(model, index)


def rebuild_all() -> None:
    """Recompute the facts and every rollup from the registrations (first install, bench, or after a
    repair).

    Rows are inserted in the order the dashboards read them (facts by branch and day; the country's rows
    by period; branch totals by period for the table per gemeente; branch margins by library and branch),
    so a read touches few pages."""
    t = tables()
    fact = t["fact"]
    with transaction.atomic(), connection.cursor() as cursor:
        for table in (fact, t["rollup"], t["margin"]):
            _empty(cursor, table)
        RollupDirty.objects.all().delete()
        postgresql = connection.vendor == "postgresql"
        if postgresql:
            cursor.execute("SET LOCAL work_mem = '256MB'")  # hash aggregates instead of sorts
            # Parallel workers would each group all the helps again for their share of the questions.
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        with _indexes_built_after(RollupFact):
            cursor.execute(
                f"""INSERT INTO {fact} ({FACT_COLUMNS}) SELECT * FROM ({fact_source_sql("1 = 1", "1 = 1")}) s
                    ORDER BY s.branch_id, s.date""",
                [False],
            )
        if postgresql:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather TO DEFAULT")
            cursor.execute(f"ANALYZE {fact}")
        days = fact_combinations_sql(source=fact, month=False, national=True)
        cursor.execute(
            f"INSERT INTO {t['rollup']} ({COLUMNS}) SELECT 'd', x.* FROM ({days}) x ORDER BY x.period"
        )
        cursor.execute(
            f"""INSERT INTO {t["rollup"]} ({COLUMNS})
                SELECT 'm', {_month_sql("period")}, NULL, NULL, NULL, {DIMENSIONS}, SUM(questions),
                       SUM(contacts)
                FROM {t["rollup"]} WHERE grain = 'd' AND branch_id IS NULL
                GROUP BY {_month_sql("period")}, {DIMENSIONS} ORDER BY 2"""
        )
        national_days = fact_margins_sql(source=fact, month=False, national=True)
        cursor.execute(
            f"INSERT INTO {t['margin']} ({MARGIN_COLUMNS}) SELECT * FROM ({national_days}) x ORDER BY 2"
        )
        cursor.execute(
            f"""INSERT INTO {t["margin"]} ({MARGIN_COLUMNS})
                SELECT 'm', {_month_sql("period")}, NULL, NULL, NULL, dimension, code, SUM(questions),
                       SUM(contacts)
                FROM {t["margin"]} WHERE grain = 'd' AND branch_id IS NULL
                GROUP BY {_month_sql("period")}, dimension, code ORDER BY 2"""
        )
        for month in (False, True):
            totals = fact_margins_sql(source=fact, month=month, national=False, totals_only=True)
            cursor.execute(
                f"INSERT INTO {t['margin']} ({MARGIN_COLUMNS}) SELECT * FROM ({totals}) x ORDER BY 2"
            )
        # The branch months' margins other than the totals (inserted above), by library and branch.
        months = fact_margins_sql(source=fact, month=True, national=False)
        cursor.execute(
            f"""INSERT INTO {t["margin"]} ({MARGIN_COLUMNS}) SELECT * FROM ({months}) x
                WHERE x.dimension <> '' ORDER BY x.library_id, x.branch_id, x.period"""
        )


def vacuum() -> None:
    """After a rebuild on PostgreSQL: statistics for the planner and a visibility map for index-only
    scans. Outside a transaction only (VACUUM cannot run inside one)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in tables().values():
            if table in (Rollup._meta.db_table, RollupMargin._meta.db_table, RollupFact._meta.db_table):
                cursor.execute(f"VACUUM ANALYZE {table}")


# --- marking dirty: signals from the registrations models (no edits in that app needed) -------------


def mark_dirty(pairs: Iterable[tuple[int, date]]) -> None:
    """Note changed branch-days, in the caller's transaction. One small insert: the desk never waits on
    a refresh. ``refresh_dirty`` runs before every dashboard read and from ``baken refresh_rollups``."""
    rows = [RollupDirty(branch_id=branch_id, date=day) for branch_id, day in set(pairs) if branch_id and day]
    if rows:
        RollupDirty.objects.bulk_create(rows)


def _remember_old_day(sender: Any, instance: Contact | TallySheet, **kwargs: Any) -> None:
    if instance.pk is not None and not kwargs.get("raw"):
        old = type(instance).objects.filter(pk=instance.pk).values_list("branch_id", "date").first()
        instance._rollup_old_day = old  # type: ignore[union-attr]


def _mark_saved(sender: Any, instance: Contact | TallySheet, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    pairs = [(instance.branch_id, instance.date)]
    old = getattr(instance, "_rollup_old_day", None)
    if old is not None:
        pairs.append(old)
    mark_dirty(pairs)


def _mark_deleted(sender: Any, instance: Contact | TallySheet, **kwargs: Any) -> None:
    mark_dirty([(instance.branch_id, instance.date)])


def connect_signals() -> None:
    for model in (Contact, TallySheet):
        pre_save.connect(_remember_old_day, sender=model, dispatch_uid=f"rollup_pre_{model.__name__}")
        post_save.connect(_mark_saved, sender=model, dispatch_uid=f"rollup_post_{model.__name__}")
        post_delete.connect(_mark_deleted, sender=model, dispatch_uid=f"rollup_del_{model.__name__}")
