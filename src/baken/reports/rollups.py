"""Keeping the rollups current (docs/adr/0063, superseding 0060).

Rows kept, none of which grow with the number of questions:

- ``Rollup`` (combinations of codes) for the country, per day and month;
- ``RollupMargin`` (per dimension and code) for the country per day and month, and per branch and month;
- ``RollupMargin`` totals (dimension "") per branch and day, for the national table per gemeente.

A change to a contact or tally marks its branch-day dirty (``RollupDirty``, one insert in the same
transaction). ``refresh_dirty`` — before every dashboard read and from ``baken refresh_rollups`` (cron,
every minute), never on the desk's request — rebuilds per dirty branch-day that branch's day total and
month margins from the registrations of that branch-month (an index range), the country's day rows from
the registrations of that day (one index range per branch) and its month rows from its day rows.
``rebuild_all`` recomputes everything with a handful of INSERT … SELECT … GROUP BY statements.
"""

# ruff: noqa: S608  (SQL built from model table names and fixed column lists; every value is a parameter)
from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from baken.core.models import Branch
from baken.registrations.models import Contact, Question, QuestionHelp, TallySheet

from .models import Rollup, RollupDirty, RollupMargin

DIMENSIONS = "topic, organisation, bestuurslaag, channel, referral, help"
COLUMNS = f"grain, period, branch_id, library_id, gemeente_id, {DIMENSIONS}, questions, contacts"
MARGIN_COLUMNS = "grain, period, branch_id, library_id, gemeente_id, dimension, code, questions, contacts"
# The dimensions of a question row (help = ""); help rows give the "help" margin.
QUESTION_DIMENSIONS = ("topic", "organisation", "bestuurslaag", "channel", "referral")


def tables() -> dict[str, str]:
    return {
        "rollup": Rollup._meta.db_table,
        "margin": RollupMargin._meta.db_table,
        "question": Question._meta.db_table,
        "help": QuestionHelp._meta.db_table,
        "contact": Contact._meta.db_table,
        "branch": Branch._meta.db_table,
    }


def _question_source(where_q: str, where_h: str) -> str:
    """One row per live question with its contact's channel and its referral level."""
    t = tables()
    return f"""
        SELECT q.id AS question_id, q.date AS date, q.branch_id AS branch_id, q.library_id AS library_id,
               b.gemeente_id AS gemeente_id, q.topic AS topic, q.organisation AS organisation,
               q.bestuurslaag AS bestuurslaag, c.channel AS channel, q.position AS position,
               CASE COALESCE(r.level, 0) WHEN 2 THEN 'warm' WHEN 1 THEN 'koud' ELSE 'geen' END AS referral
        FROM {t["question"]} q
        JOIN {t["contact"]} c ON c.id = q.contact_id
        JOIN {t["branch"]} b ON b.id = q.branch_id
        LEFT JOIN (
            SELECT question_id, MAX(CASE help WHEN 'warm_doorverwezen' THEN 2
                                              WHEN 'koud_doorverwezen' THEN 1 ELSE 0 END) AS level
            FROM {t["help"]} h WHERE {where_h} GROUP BY question_id
        ) r ON r.question_id = q.id
        WHERE c.is_deleted = %s AND {where_q}
    """


TEMP_SOURCE, TEMP_HELP_SOURCE = "rollup_source", "rollup_help_source"


def combinations_sql(
    *, where_q: str, where_h: str, month: bool, national: bool, where: str = "1 = 1", temp: bool = False
) -> str:
    """Combination rows straight from the registrations: (period, branch_id, library_id, gemeente_id,
    topic, organisation, bestuurslaag, channel, referral, help, questions, contacts), per day or month,
    per branch or for the whole country. Question rows have help "", help rows count the questions that
    got that help. ``where`` filters the question rows (alias ``s``). Parameters: see
    ``combinations_params``. ``temp``: read the temporary copies ``rebuild_all`` makes (no parameters)."""
    t = tables()
    period = _month_sql("s.date") if month else "s.date"
    nothing = "CAST(NULL AS bigint)"  # typed: a bare NULL in a UNION is text on PostgreSQL
    area = f"{nothing}, {nothing}, {nothing}" if national else "s.branch_id, s.library_id, s.gemeente_id"
    group = period if national else f"{period}, s.branch_id, s.library_id, s.gemeente_id"
    dims = "s.topic, s.organisation, s.bestuurslaag, s.channel, s.referral"
    names = "period, branch_id, library_id, gemeente_id, topic, organisation, bestuurslaag, channel, referral"
    first = ", ".join(
        f"{expr} AS {name}"
        for expr, name in zip([period, *area.split(", "), *dims.split(", ")], names.split(", "), strict=True)
    )
    if temp:
        questions, helps, help_code = f"{TEMP_SOURCE} s", f"{TEMP_HELP_SOURCE} s", "s.help"
    else:
        source = _question_source(where_q, where_h)
        questions = f"({source}) s"
        # The helps joined again are restricted like the referral's (an index range, not the table).
        helps = f"({source}) s JOIN {t['help']} h ON h.question_id = s.question_id AND {where_h}"
        help_code = "h.help"
    return f"""
        SELECT {first}, '' AS help, COUNT(*) AS questions,
               SUM(CASE WHEN s.position = 1 THEN 1 ELSE 0 END) AS contacts
        FROM {questions} WHERE {where} GROUP BY {group}, {dims}
        UNION ALL
        SELECT {period}, {area}, {dims}, {help_code}, COUNT(*), 0
        FROM {helps} WHERE {where} GROUP BY {group}, {dims}, {help_code}"""


def combinations_params(
    params_h: list[Any], params_q: list[Any], params: list[Any] | None = None
) -> list[Any]:
    """The parameters of ``combinations_sql``: those of where_h, where_q and where for the question
    rows, and again (with where_h once more for the join) for the help rows."""
    extra = params or []
    return [*params_h, False, *params_q, *extra, *params_h, False, *params_q, *params_h, *extra]


def _insert_margins(cursor: Any, source: str, params: list[Any]) -> None:
    """Margin rows (per dimension and code) from combination rows: ``source`` is a subquery with the
    columns of ``Rollup`` (grain, period, branch_id, library_id, gemeente_id, the codes, help,
    questions, contacts). Question dimensions (and the total) count the question rows (help ""), the
    help dimension the help rows."""
    t = tables()
    keys = "grain, period, branch_id, library_id, gemeente_id"
    if connection.vendor == "postgresql":
        # One pass over the rows: a grouping set per dimension.
        sets = ", ".join(["()", *(f"({name})" for name in (*QUESTION_DIMENSIONS, "help"))])
        which = " ".join(
            f"WHEN GROUPING({name}) = 0 THEN '{name}'" for name in (*QUESTION_DIMENSIONS, "help")
        )
        code = f"COALESCE({', '.join((*QUESTION_DIMENSIONS, 'help'))}, '')"
        cursor.execute(
            f"""INSERT INTO {t["margin"]} ({MARGIN_COLUMNS})
                SELECT {keys}, CASE {which} ELSE '' END, {code},
                       CASE WHEN GROUPING(help) = 0 THEN SUM(questions)
                            ELSE SUM(CASE WHEN help = '' THEN questions ELSE 0 END) END,
                       CASE WHEN GROUPING(help) = 0 THEN 0
                            ELSE SUM(CASE WHEN help = '' THEN contacts ELSE 0 END) END
                FROM {source} m
                GROUP BY {keys}, GROUPING SETS ({sets})
                HAVING GROUPING(help) = 1 OR help <> ''""",
            params,
        )
        return
    rows = f"FROM {source} m"
    parts = [f"SELECT {keys}, '', '', SUM(questions), SUM(contacts) {rows} WHERE help = '' GROUP BY {keys}"]
    parts += [
        f"SELECT {keys}, '{name}', {name}, SUM(questions), SUM(contacts) FROM {source} m "
        f"WHERE help = '' GROUP BY {keys}, {name}"
        for name in QUESTION_DIMENSIONS
    ]
    parts.append(
        f"SELECT {keys}, 'help', help, SUM(questions), 0 {rows} WHERE help <> '' GROUP BY {keys}, help"
    )
    cursor.execute(
        f"INSERT INTO {t['margin']} ({MARGIN_COLUMNS}) " + " UNION ALL ".join(parts), params * len(parts)
    )


def _rollup_rows(where: str) -> str:
    return f"(SELECT * FROM {tables()['rollup']} WHERE {where})"


def _raw_rows(grain: str, national: bool, **where: Any) -> str:
    """Combination rows from the registrations as a subquery with the columns of ``Rollup``."""
    sql = combinations_sql(month=grain == "m", national=national, **where)
    return f"(SELECT '{grain}' AS grain, x.* FROM ({sql}) x)"


def _insert_branch_day_totals(cursor: Any, where_q: str, params: list[Any]) -> None:
    """Per branch and day only the totals (margin rows with dimension ""): the national table per
    gemeente reads them for days outside whole months. At most branches × days rows, at any size."""
    t = tables()
    cursor.execute(
        f"""INSERT INTO {t["margin"]} ({MARGIN_COLUMNS})
            SELECT 'd', q.date, q.branch_id, q.library_id, b.gemeente_id, '', '', COUNT(*),
                   SUM(CASE WHEN q.position = 1 THEN 1 ELSE 0 END)
            FROM {t["question"]} q
            JOIN {t["contact"]} c ON c.id = q.contact_id
            JOIN {t["branch"]} b ON b.id = q.branch_id
            WHERE c.is_deleted = %s AND {where_q}
            GROUP BY q.date, q.branch_id, q.library_id, b.gemeente_id""",
        [False, *params],
    )


def _delete(cursor: Any, where: str, params: list[Any]) -> None:
    t = tables()
    cursor.execute(f"DELETE FROM {t['rollup']} WHERE {where}", params)
    cursor.execute(f"DELETE FROM {t['margin']} WHERE {where}", params)


def _month_bounds(day: date) -> tuple[date, date]:
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _refresh_branch_month(cursor: Any, branch_id: int, first: date, last: date) -> None:
    """A branch's month margins, from that branch-month of the registrations (an index range)."""
    t = tables()
    cursor.execute(
        f"DELETE FROM {t['margin']} WHERE grain = 'm' AND branch_id = %s AND period = %s", [branch_id, first]
    )
    where = {
        "where_q": "q.branch_id = %s AND q.date BETWEEN %s AND %s",
        "where_h": "h.branch_id = %s AND h.date BETWEEN %s AND %s",
    }
    _insert_margins(
        cursor,
        _raw_rows("m", False, **where),
        combinations_params([branch_id, first, last], [branch_id, first, last]),
    )


def _refresh_national_day(cursor: Any, day: date) -> None:
    """The country's day rows, from that day of the registrations (one index range per branch)."""
    t = tables()
    where, params = "grain = 'd' AND branch_id IS NULL AND period = %s", [day]
    _delete(cursor, where, params)
    # Every branch's index range of that day: an explicit list keeps the planner on the (branch, date)
    # indexes instead of scanning the table for one day.
    branches = list(Branch.objects.values_list("pk", flat=True)) or [0]
    listed = ", ".join(["%s"] * len(branches))
    raw = _raw_rows(
        "d",
        True,
        where_q=f"q.branch_id IN ({listed}) AND q.date = %s",
        where_h=f"h.branch_id IN ({listed}) AND h.date = %s",
    )
    cursor.execute(
        f"INSERT INTO {t['rollup']} ({COLUMNS}) SELECT * FROM {raw} r",
        combinations_params([*branches, day], [*branches, day]),
    )
    _insert_margins(cursor, _rollup_rows(where), params)


def _refresh_national_month(cursor: Any, first: date, last: date) -> None:
    t = tables()
    where, params = "grain = 'm' AND branch_id IS NULL AND period = %s", [first]
    _delete(cursor, where, params)
    cursor.execute(
        f"""INSERT INTO {t["rollup"]} ({COLUMNS})
            SELECT 'm', %s, NULL, NULL, NULL, {DIMENSIONS}, SUM(questions), SUM(contacts)
            FROM {t["rollup"]} WHERE grain = 'd' AND branch_id IS NULL AND period BETWEEN %s AND %s
            GROUP BY {DIMENSIONS}""",
        [first, first, last],
    )
    _insert_margins(cursor, _rollup_rows(where), params)


def refresh_days(pairs: Iterable[tuple[int, date]]) -> None:
    """Rebuild the rollups touched by these branch-days (call inside a transaction): each branch-day's
    totals, the month rows of each branch-month, the country's day rows of each day and its month rows
    of each month."""
    pairs = sorted(set(pairs))
    t = tables()
    with connection.cursor() as cursor:
        for branch_id, day in pairs:
            cursor.execute(
                f"DELETE FROM {t['margin']} WHERE grain = 'd' AND branch_id = %s AND period = %s",
                [branch_id, day],
            )
            _insert_branch_day_totals(cursor, "q.branch_id = %s AND q.date = %s", [branch_id, day])
        for branch_id, first in sorted({(b, d.replace(day=1)) for b, d in pairs}):
            _refresh_branch_month(cursor, branch_id, *_month_bounds(first))
        for day in sorted({d for _b, d in pairs}):
            _refresh_national_day(cursor, day)
        for first in sorted({d.replace(day=1) for _b, d in pairs}):
            _refresh_national_month(cursor, *_month_bounds(first))


REFRESH_LOCK = 60_063  # PostgreSQL advisory lock: one refresh at a time


def refresh_dirty() -> int:
    """Process the dirty branch-days; returns how many were refreshed. Safe to call concurrently."""
    if not RollupDirty.objects.exists():
        return 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Refreshes rebuild shared national rows: two at once could both insert them. SQLite
            # serialises writers by itself.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK])
        dirty = list(RollupDirty.objects.select_for_update().values_list("id", "branch_id", "date"))
        pairs = {(branch_id, day) for _id, branch_id, day in dirty}
        refresh_days(pairs)
        RollupDirty.objects.filter(id__in=[row[0] for row in dirty]).delete()
    return len(pairs)


def _month_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _insert_branch_month_margins_from_temp(cursor: Any, month: str) -> None:
    """Branch month margins grouped straight from the temporary copies (``rebuild_all``): the same
    counts as ``_insert_margins`` over the branch-month combinations, without grouping those first."""
    t = tables()
    keys = f"{month}, branch_id, library_id, gemeente_id"
    first = "SUM(CASE WHEN position = 1 THEN 1 ELSE 0 END)"
    helps = f"SELECT 'm', {keys}, 'help', help, COUNT(*), 0 FROM {TEMP_HELP_SOURCE} GROUP BY {keys}, help"
    if connection.vendor == "postgresql":
        sets = ", ".join(["()", *(f"({name})" for name in QUESTION_DIMENSIONS)])
        which = " ".join(f"WHEN GROUPING({name}) = 0 THEN '{name}'" for name in QUESTION_DIMENSIONS)
        code = f"COALESCE({', '.join(QUESTION_DIMENSIONS)}, '')"
        parts = [
            f"SELECT 'm', {keys}, CASE {which} ELSE '' END, {code}, COUNT(*), {first} FROM {TEMP_SOURCE} "
            f"GROUP BY {keys}, GROUPING SETS ({sets})"
        ]
    else:
        rows = f"COUNT(*), {first} FROM {TEMP_SOURCE}"
        parts = [f"SELECT 'm', {keys}, '', '', {rows} GROUP BY {keys}"]
        parts += [
            f"SELECT 'm', {keys}, '{name}', {name}, {rows} GROUP BY {keys}, {name}"
            for name in QUESTION_DIMENSIONS
        ]
    cursor.execute(f"INSERT INTO {t['margin']} ({MARGIN_COLUMNS}) " + " UNION ALL ".join([*parts, helps]))


def rebuild_all() -> None:
    """Recompute every rollup from the registrations (first install, bench, or after a repair).

    The registrations are joined once into a temporary table (questions with their contact's channel
    and referral, and one row per help); every rollup is grouped from those copies."""
    t = tables()
    month = _month_sql("period")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {t['rollup']}")
        cursor.execute(f"DELETE FROM {t['margin']}")
        RollupDirty.objects.all().delete()
        cursor.execute(f"DROP TABLE IF EXISTS {TEMP_SOURCE}")
        cursor.execute(f"DROP TABLE IF EXISTS {TEMP_HELP_SOURCE}")
        cursor.execute(f"CREATE TEMP TABLE {TEMP_SOURCE} AS {_question_source('1 = 1', '1 = 1')}", [False])
        cursor.execute(
            f"""CREATE TEMP TABLE {TEMP_HELP_SOURCE} AS SELECT s.*, h.help AS help
                FROM {TEMP_SOURCE} s JOIN {t["help"]} h ON h.question_id = s.question_id"""
        )
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL work_mem = '256MB'")  # hash aggregates instead of sorts
            cursor.execute(f"ANALYZE {TEMP_SOURCE}")
            cursor.execute(f"ANALYZE {TEMP_HELP_SOURCE}")
        national_days = combinations_sql(where_q="", where_h="", month=False, national=True, temp=True)
        cursor.execute(f"INSERT INTO {t['rollup']} ({COLUMNS}) SELECT 'd', x.* FROM ({national_days}) x")
        cursor.execute(
            f"""INSERT INTO {t["rollup"]} ({COLUMNS})
                SELECT 'm', {month}, NULL, NULL, NULL, {DIMENSIONS}, SUM(questions), SUM(contacts)
                FROM {t["rollup"]} WHERE grain = 'd' AND branch_id IS NULL
                GROUP BY {month}, {DIMENSIONS}"""
        )
        _insert_margins(cursor, _rollup_rows("1 = 1"), [])
        _insert_branch_month_margins_from_temp(cursor, _month_sql("date"))
        cursor.execute(
            f"""INSERT INTO {t["margin"]} ({MARGIN_COLUMNS})
                SELECT 'd', date, branch_id, library_id, gemeente_id, '', '', COUNT(*),
                       SUM(CASE WHEN position = 1 THEN 1 ELSE 0 END)
                FROM {TEMP_SOURCE} GROUP BY date, branch_id, library_id, gemeente_id"""
        )
        cursor.execute(f"DROP TABLE {TEMP_SOURCE}")
        cursor.execute(f"DROP TABLE {TEMP_HELP_SOURCE}")


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
