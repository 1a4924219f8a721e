"""Reads for the figures: dashboards from the rollups, the impact survey, funding and the quarterly report.

Every function takes the caller's ``Scope``. Library scopes see their own library's figures as they
are; above library level every table is protected against small numbers (``suppression.protect``).
No function here returns a record above library level: only counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import BigIntegerField, Case, Count, DateField, F, Field, Q, QuerySet, Sum, Value, When
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baken.core import selectors as core_selectors
from baken.core.models import Branch, Gemeente, Library, User
from baken.core.roles import LIBRARY_ROLES, Role
from baken.core.scope import Level, Scope
from baken.core.taxonomy import Bestuurslaag, Channel, Help, Organisation, Topic
from baken.referrals.models import Referral as ReferralRecord
from baken.referrals.models import ReferralChannel, ReferralStatus

from . import rollups
from .models import (
    RESERVE_CAP,
    Answer,
    FundingInput,
    ImpactResponse,
    Referral,
    Reserve,
    Rollup,
    RollupMargin,
    SpendingEntry,
)
from .periods import Period, PeriodKind, month_end, split_months
from .rollups import refresh_dirty
from .suppression import COMPLEMENT, PRIMARY, SHOWN, protect_list

QUESTION_DIMENSIONS = ("topic", "organisation", "bestuurslaag", "referral")
DIMENSION_CHOICES: dict[str, Any] = {
    "topic": Topic,
    "organisation": Organisation,
    "bestuurslaag": Bestuurslaag,
    "help": Help,
    "channel": Channel,
    "referral": Referral,
}
DIMENSION_TITLES: dict[str, Promise] = {
    "topic": _("Topic"),
    "organisation": _("Organisation"),
    "bestuurslaag": _("Level of government"),
    "help": _("Help given"),
    "channel": _("Channel"),
    "referral": _("Referral"),
}


@dataclass(frozen=True)
class Filters:
    period: Period
    branch_id: int | None = None
    gemeente_id: int | None = None
    library_id: int | None = None
    topic: str = ""
    organisation: str = ""
    bestuurslaag: str = ""
    help: str = ""
    channel: str = ""
    referral: str = ""

    @property
    def question_level(self) -> bool:
        """Filters on a question's codes: the contacts count then no longer applies."""
        return any(getattr(self, name) for name in (*QUESTION_DIMENSIONS, "help"))

    def with_period(self, period: Period) -> Filters:
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values["period"] = period
        return Filters(**values)


@dataclass(frozen=True)
class Cell:
    value: int | None
    mark: str = SHOWN

    @property
    def display(self) -> str:
        if self.mark == PRIMARY:
            return "<5"
        if self.mark == COMPLEMENT or self.value is None:
            return "×"
        return number_format(self.value, force_grouping=True)

    @property
    def hidden(self) -> bool:
        return self.mark != SHOWN


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    cell: Cell


@dataclass
class FigureTable:
    key: str
    title: str
    rows: list[Row]
    total: Cell
    unit: str = ""
    note: str = ""

    @property
    def has_hidden(self) -> bool:
        return self.total.hidden or any(row.cell.hidden for row in self.rows)


@dataclass
class Dashboard:
    level: str
    protected: bool
    period: Period
    previous: Period
    questions: Cell
    previous_questions: Cell
    trend: str | None
    contacts: Cell | None
    series: FigureTable
    tables: list[FigureTable] = field(default_factory=list)
    area: FigureTable | None = None
    impact: list[FigureTable] = field(default_factory=list)
    referrals: list[FigureTable] = field(default_factory=list)

    def all_tables(self) -> list[FigureTable]:
        """Every table of the view in page order: what exports and the API carry."""
        area = [self.area] if self.area is not None else []
        return [self.series, *self.tables, *area, *self.referrals, *self.impact]


def _label(choices: Any, code: str) -> str:
    if not code:
        return str(_("Not recorded"))
    return str(dict(choices.choices).get(code, code))


def make_table(
    key: str,
    title: Any,
    counts: Sequence[tuple[str, str, int]],
    *,
    protected: bool,
    unit: Any = "",
    note: Any = "",
) -> FigureTable:
    """A one-dimensional table with its total, protected above library level."""
    values = [count for _code, _label, count in counts]
    total = sum(values)
    if protected:
        masks, total_mask = protect_list(values)
    else:
        masks, total_mask = [SHOWN] * len(values), SHOWN
    rows = [
        Row(code, label, Cell(None if mask != SHOWN else count, mask))
        for (code, label, count), mask in zip(counts, masks, strict=True)
    ]
    return FigureTable(
        key=key,
        title=str(title),
        rows=rows,
        total=Cell(None if total_mask != SHOWN else total, total_mask),
        unit=str(unit),
        note=str(note),
    )


# --- rollup queries --------------------------------------------------------------------------------


def _area_q(scope: Scope, filters: Filters) -> Q:
    """Which rollup rows belong to the scope (and to a chosen branch, library or gemeente)."""
    if scope.level == Level.LIBRARY:
        area = Q(library_id=scope.require_library())
    elif scope.level == Level.GEMEENTE:
        area = Q(gemeente_id=scope.require_gemeente())
    elif scope.level == Level.NATIONAL:
        if not (filters.branch_id or filters.gemeente_id or filters.library_id):
            return Q(branch__isnull=True)
        area = Q(branch__isnull=False)
    else:
        return Q(pk__in=[])
    if filters.branch_id:
        area &= Q(branch_id=filters.branch_id)
    if filters.gemeente_id:
        area &= Q(gemeente_id=filters.gemeente_id)
    if filters.library_id:
        area &= Q(library_id=filters.library_id)
    return area


def _national_rows(scope: Scope, filters: Filters) -> bool:
    """The country's own rows (day and month) answer; below that, branches' month rows."""
    return scope.level == Level.NATIONAL and _area_field(scope, filters) is None


def _period_q(start: date, end: date, *, days: bool) -> Q:
    """Month rows for whole months; with ``days`` (the country's rows) day rows for the rest."""
    months, ranges = split_months(start, end)
    query = Q(grain="m", period__in=months) if months else Q(pk__in=[])
    if days:
        for first, last in ranges:
            query |= Q(grain="d", period__range=(first, last))
    return query


def _code_filtered(filters: Filters) -> bool:
    """Filters on codes need the combinations (``Rollup``); without them the margins answer."""
    return filters.question_level or bool(filters.channel)


def _area_field(scope: Scope, filters: Filters) -> str | None:
    """What the area table groups by: branches below national level, gemeenten above."""
    if scope.level != Level.NATIONAL:
        return "branch_id"
    if filters.branch_id or filters.gemeente_id or filters.library_id:
        return "gemeente_id"
    return None


@dataclass
class Counts:
    """Everything one dashboard shows, summed from the rollup rows of one period."""

    questions: int = 0
    contacts: int = 0
    by: dict[str, Counter[str]] = field(default_factory=lambda: {n: Counter() for n in DIMENSION_CHOICES})
    series: Counter[date] = field(default_factory=Counter)
    areas: Counter[int] = field(default_factory=Counter)

    def add_margin(self, row: dict[str, Any], filters: Filters, area_field: str | None) -> None:
        """One margin row: a code's count in its dimension's table, or (dimension "") the total of a
        period and area. With a help filter only that help's row counts in the help table: the others
        count the other helps the same questions got."""
        if row["dimension"]:
            if row["dimension"] != "help" or not filters.help or row["code"] == filters.help:
                self.by[row["dimension"]][row["code"]] += row["q"]
            return
        self.questions += row["q"]
        self.contacts += row["c"]
        self.series[row["period"]] += row["q"]
        if area_field:
            self.areas[row[area_field]] += row["q"]

    def add_combination(self, row: dict[str, Any], filters: Filters, area_field: str | None) -> None:
        """One combination row: a question row (help "") or a help row; with a help filter only the rows
        of that help, which count the questions that got it."""
        if filters.help:
            if row["help"] != filters.help:
                return
        elif row["help"]:
            self.by["help"][row["help"]] += row["q"]
            return
        self.questions += row["q"]
        self.contacts += row["c"]
        for name in (*QUESTION_DIMENSIONS, "channel"):
            self.by[name][row[name]] += row["q"]
        if filters.help:
            self.by["help"][row["help"]] += row["q"]
        self.series[row["period"]] += row["q"]
        if area_field:
            self.areas[row[area_field]] += row["q"]


def _combinations(scope: Scope, filters: Filters, period_q: Q) -> QuerySet[Rollup]:
    """``Rollup`` rows of the scope, period and code filters: questions (help "") and help rows, or only
    the rows of the chosen help."""
    rows = Rollup.objects.filter(_area_q(scope, filters), period_q)
    for name in (*QUESTION_DIMENSIONS, "channel"):
        value = getattr(filters, name)
        if value:
            rows = rows.filter(**{name: value})
    if filters.help:
        rows = rows.filter(help=filters.help)
    return rows


# The columns of ``rollups.fact_margins_sql``.
FACT_MARGIN_COLUMNS = (
    *("grain", "period", "branch_id", "library_id", "gemeente_id"),
    *("dimension", "code", "q", "c"),
)


def _fact_margins(
    scope: Scope, filters: Filters, ranges: list[tuple[date, date]], *, per_day: bool
) -> list[dict[str, Any]]:
    """Margin rows of day ranges below national level, counted from the facts (``RollupFact``) of one
    library, gemeente or branch in those days that match the code filters: totals and helps per day or
    month and branch, the other codes over the whole selection (rows without period or area; the
    tables need no more). An index range of one narrow table, grouped in the database: what comes back
    is bounded by the codes and periods, not by the questions."""
    where: list[str] = []
    params: list[Any] = []
    if scope.level == Level.LIBRARY:
        where.append("f.library_id = %s")
        params.append(scope.require_library())
    elif scope.level == Level.GEMEENTE:
        where.append("f.gemeente_id = %s")
        params.append(scope.require_gemeente())
    elif scope.level != Level.NATIONAL:
        return []
    for name, value in (
        ("branch_id", filters.branch_id),
        ("gemeente_id", filters.gemeente_id),
        ("library_id", filters.library_id),
        *((name, getattr(filters, name)) for name in (*QUESTION_DIMENSIONS, "channel")),
    ):
        if value:
            where.append(f"f.{name} = %s")
            params.append(value)
    if filters.help:
        where.append("(f.helps & %s) <> 0")  # only the questions that got this help
        params.append(rollups.help_bit(filters.help))
    where.append("(" + " OR ".join("f.date BETWEEN %s AND %s" for _range in ranges) + ")")
    params += [day for pair in ranges for day in pair]
    sql = rollups.fact_margins_sql(
        source=rollups.tables()["fact"],
        month=not per_day,
        national=False,
        where=" AND ".join(where),
        codes_per_period=False,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    rows = []
    for values in fetched:
        row = dict(zip(FACT_MARGIN_COLUMNS, values, strict=True))
        if isinstance(row["period"], str):  # SQLite
            row["period"] = date.fromisoformat(row["period"])
        rows.append(row)
    return rows


def _only_for_totals(field_name: str, output_field: Field[Any, Any]) -> Case:
    """A margin row's period or area, kept for the totals (dimension "") only: the series and the area
    table need them, the tables per code do not, so their rows are summed over the whole period in the
    database instead of coming back once per day, month or branch."""
    return Case(When(dimension="", then=F(field_name)), default=Value(None), output_field=output_field)


def _stored_margins(
    scope: Scope, filters: Filters, period_q: Q, area_field: str | None
) -> Iterable[dict[str, Any]]:
    """The stored margins of the scope and period, in the rows ``Counts.add_margin`` reads."""
    keys: dict[str, Any] = {"p": _only_for_totals("period", DateField())}
    if area_field:
        keys["a"] = _only_for_totals(area_field, BigIntegerField())
    rows = (
        RollupMargin.objects.filter(_area_q(scope, filters), period_q)
        .annotate(**keys)
        .values(*keys, "dimension", "code")
        .annotate(q=Sum("questions"), c=Sum("contacts"))
        .order_by()
    )
    for row in rows:
        row["period"] = row.pop("p")
        if area_field:
            row[area_field] = row.pop("a")
        yield row


def _counts(scope: Scope, filters: Filters, *, per_day: bool = False) -> Counts:
    """What a dashboard shows for one period, in one or two queries. Without code filters: margins of
    whole months (a bounded number of rows at any size), and for the rest of the period the country's day
    margins or, below national level, the margins of the area's facts of those days. With code filters:
    the country's combinations, or below national level the margins of the area's matching facts.
    ``per_day``: by day throughout (for the daily series)."""
    area_field = _area_field(scope, filters)
    extra = [area_field] if area_field else []
    start, end = filters.period.start, filters.period.end
    national = _national_rows(scope, filters)
    if not national and _code_filtered(filters):
        # Combinations are kept for the country only: below it a filtered view counts the area's
        # facts of the period (an index range of one library, gemeente or branch).
        period_q, raw_ranges = Q(pk__in=[]), [(start, end)]
    elif per_day:
        period_q = Q(grain="d", period__range=(start, end)) if national else Q(pk__in=[])
        raw_ranges = [] if national else [(start, end)]
    else:
        period_q = _period_q(start, end, days=national)
        raw_ranges = [] if national else split_months(start, end)[1]
    counts = Counts()
    if not _code_filtered(filters):
        for row in _stored_margins(scope, filters, period_q, area_field):
            counts.add_margin(row, filters, area_field)
    else:
        combinations = (
            _combinations(scope, filters, period_q)
            .values("period", *QUESTION_DIMENSIONS, "channel", "help", *extra)
            .annotate(q=Sum("questions"), c=Sum("contacts"))
            .order_by()
        )
        for row in combinations:
            counts.add_combination(row, filters, area_field)
    if raw_ranges:
        for row in _fact_margins(scope, filters, raw_ranges, per_day=per_day):
            counts.add_margin(row, filters, area_field)
    return counts


def _totals(scope: Scope, filters: Filters) -> tuple[int, int]:
    counts = _counts(scope, filters)
    return counts.questions, counts.contacts


def _single_code(filters: Filters) -> tuple[str, str] | None:
    """The view's one code filter as (dimension, code); None without code filters or with several."""
    chosen = [(name, getattr(filters, name)) for name in DIMENSION_CHOICES if getattr(filters, name)]
    return chosen[0] if len(chosen) == 1 else None


def _questions(scope: Scope, filters: Filters) -> int:
    """How many questions a view counts, for the trend against the previous period. Without code filters
    the stored totals answer, with one code filter the stored margin of that code (for whole months a
    row per month and branch, whatever the volume); only days outside whole months below national level
    count facts. Several code filters need the combinations or facts, as the view itself does."""
    single = _single_code(filters)
    if single is None and _code_filtered(filters):
        return _counts(scope, filters).questions
    dimension, code = single or ("", "")
    start, end = filters.period.start, filters.period.end
    national = _national_rows(scope, filters)
    stored = RollupMargin.objects.filter(
        _area_q(scope, filters), _period_q(start, end, days=national), dimension=dimension, code=code
    ).aggregate(n=Sum("questions"))["n"]
    ranges = [] if national else split_months(start, end)[1]
    counted = _fact_margins(scope, filters, ranges, per_day=False) if ranges else []
    return (stored or 0) + sum(row["q"] for row in counted if not row["dimension"])


def _table(counts: Counts, dimension: str) -> list[tuple[str, str, int]]:
    labels = {code: str(label) for code, label in DIMENSION_CHOICES[dimension].choices}
    not_recorded = str(_("Not recorded"))
    rows = [
        (code, labels.get(code, code) if code else not_recorded, n)
        for code, n in counts.by[dimension].items()
        if n
    ]
    return sorted(rows, key=lambda item: (-item[2], item[1]))


def _by(scope: Scope, filters: Filters, dimension: str) -> list[tuple[str, str, int]]:
    return _table(_counts(scope, filters), dimension)


def _series(filters: Filters, counts: Counts, *, per_day: bool) -> list[tuple[str, str, int]]:
    """Questions per day (periods up to two months, counted from day rows) or per month."""
    period = filters.period
    if per_day:
        keys = [date.fromordinal(o) for o in range(period.start.toordinal(), period.end.toordinal() + 1)]
        return [(day.isoformat(), f"{day:%d-%m}", counts.series.get(day, 0)) for day in keys]
    buckets: Counter[date] = Counter()
    for day, n in counts.series.items():
        buckets[day.replace(day=1)] += n
    months, ranges = split_months(period.start, period.end)
    firsts = sorted({*months, *(first.replace(day=1) for first, _last in ranges)})
    return [(first.isoformat(), f"{first:%m-%Y}", buckets.get(first, 0)) for first in firsts]


def _area_counts(scope: Scope, filters: Filters, counts: Counts) -> tuple[str, list[tuple[str, str, int]]]:
    """Questions per branch (library and gemeente level) or per gemeente (national level)."""
    if scope.level == Level.NATIONAL:
        areas = counts.areas
        if _area_field(scope, filters) is None:
            # National rows carry no gemeente: read every branch's totals (only without code filters,
            # which would need every branch's combinations of the whole country).
            if _code_filtered(filters):
                return str(_("Municipality")), []
            totals = (
                RollupMargin.objects.filter(
                    _period_q(filters.period.start, filters.period.end, days=True),
                    dimension="",
                    branch__isnull=False,
                )
                .values("gemeente_id")
                .annotate(n=Sum("questions"))
                .order_by()
            )
            areas = Counter({row["gemeente_id"]: row["n"] for row in totals})
        names = dict(Gemeente.objects.values_list("pk", "name"))
        title = str(_("Municipality"))
    else:
        areas = counts.areas
        names = dict(Branch.objects.filter(pk__in=list(areas)).values_list("pk", "name"))
        title = str(_("Branch"))
    rows = [(str(key), names.get(key, "?"), n) for key, n in areas.items() if n]
    return title, sorted(rows, key=lambda item: item[1])


def _trend(current: Cell, previous: Cell) -> str | None:
    if current.value is None or previous.value is None or current.hidden or previous.hidden:
        return None
    if previous.value == 0:
        return None
    change = (current.value - previous.value) * 100 / previous.value
    return f"{change:+.0f} %"


def dashboard(*, scope: Scope, filters: Filters) -> Dashboard:
    """All figures of one dashboard view."""
    refresh_dirty()
    protected = scope.level != Level.LIBRARY
    per_day = filters.period.days <= 62
    counts = _counts(scope, filters, per_day=per_day)
    previous_period = filters.period.previous()
    previous_questions = _questions(scope, filters.with_period(previous_period))
    total_cell = _single(counts.questions, protected)
    previous_cell = _single(previous_questions, protected)
    board = Dashboard(
        level=str(scope.level),
        protected=protected,
        period=filters.period,
        previous=previous_period,
        questions=total_cell,
        previous_questions=previous_cell,
        trend=_trend(total_cell, previous_cell),
        contacts=None if filters.question_level else _single(counts.contacts, protected),
        series=make_table(
            "period",
            _("Questions over time"),
            _series(filters, counts, per_day=per_day),
            protected=protected,
            unit=_("questions"),
        ),
    )
    for dimension in ("topic", "organisation", "bestuurslaag", "help", "channel", "referral"):
        note = _("A question can get several kinds of help.") if dimension == "help" else ""
        board.tables.append(
            make_table(
                dimension,
                DIMENSION_TITLES[dimension],
                _table(counts, dimension),
                protected=protected,
                unit=_("questions"),
                note=note,
            )
        )
    area_title, area_counts = _area_counts(scope, filters, counts)
    area_note: Any = ""
    if scope.level == Level.NATIONAL and not area_counts and _code_filtered(filters):
        area_note = _("The table per municipality is only available without filters on codes.")
    board.area = make_table(
        "area", area_title, area_counts, protected=protected, unit=_("questions"), note=area_note
    )
    board.impact = impact_tables(scope=scope, filters=filters)
    board.referrals = referral_tables(scope=scope, filters=filters)
    return board


def _single(value: int, protected: bool) -> Cell:
    if protected and 1 <= value <= 4:
        return Cell(None, PRIMARY)
    return Cell(value)


# --- impact survey ---------------------------------------------------------------------------------

IMPACT_QUESTIONS: list[tuple[str, Promise]] = [
    ("helped", _("Were you helped?")),
    ("self_next_time", _("Can you do this yourself next time?")),
    ("knows_where", _("Do you know where to go now?")),
]


def _in_area(records: QuerySet[Any], scope: Scope, filters: Filters) -> QuerySet[Any]:
    """Records with a library and a branch (survey answers, referrals) of the scope and of the branch,
    gemeente or library the filters choose. A gemeente sees what happened in its branches."""
    if scope.level == Level.LIBRARY:
        records = records.filter(library_id=scope.require_library())
    elif scope.level == Level.GEMEENTE:
        records = records.filter(branch__gemeente_id=scope.require_gemeente())
    elif scope.level != Level.NATIONAL:
        return records.none()
    if filters.branch_id:
        records = records.filter(branch_id=filters.branch_id)
    if filters.gemeente_id:
        records = records.filter(branch__gemeente_id=filters.gemeente_id)
    if filters.library_id:
        records = records.filter(library_id=filters.library_id)
    return records


def impact_responses(*, scope: Scope, filters: Filters) -> QuerySet[ImpactResponse]:
    period = (filters.period.start, filters.period.end)
    return _in_area(ImpactResponse.objects.filter(date__range=period), scope, filters)


def impact_tables(*, scope: Scope, filters: Filters) -> list[FigureTable]:
    protected = scope.level != Level.LIBRARY
    names = [name for name, _title in IMPACT_QUESTIONS]
    # One query grouped in the database: a row per combination of answers, not per response.
    combinations = (
        impact_responses(scope=scope, filters=filters).values_list(*names).annotate(n=Count("pk")).order_by()
    )
    answered: dict[str, Counter[str]] = {name: Counter() for name in names}
    for *answers, n in combinations:
        for name, answer in zip(names, answers, strict=True):
            if answer:  # a question the visitor skipped is not counted
                answered[name][answer] += n
    tables = []
    for name, title in IMPACT_QUESTIONS:
        counts = [(code, str(label), answered[name][code]) for code, label in Answer.choices]
        tables.append(make_table(f"impact_{name}", title, counts, protected=protected, unit=_("visitors")))
    return tables


# --- referral outcomes (the closed loop) ---------------------------------------------------------


def referral_records(*, scope: Scope, filters: Filters) -> QuerySet[ReferralRecord]:
    """The referrals made through Baken's referral page in the scope, period, area and topic. The other
    code filters (organisation, help, the contact's channel, referral level) belong to questions, which
    a referral record is deliberately not linked to."""
    period = (filters.period.start, filters.period.end)
    records = _in_area(ReferralRecord.objects.filter(referred_on__range=period), scope, filters)
    return records.filter(topic=filters.topic) if filters.topic else records


def referral_tables(*, scope: Scope, filters: Filters) -> list[FigureTable]:
    """What became of the referrals (the partner's answer on its one-time page, or the state the
    referral is still in) and how the desk referred: one query, counts only."""
    protected = scope.level != Level.LIBRARY
    grouped = list(
        referral_records(scope=scope, filters=filters)
        .values_list("status", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tables = []
    for key, title, choices, position in (
        ("referral_outcome", _("Outcome of referrals"), ReferralStatus, 0),
        ("referral_channel", _("How the desk referred"), ReferralChannel, 1),
    ):
        totals: Counter[str] = Counter()
        for row in grouped:
            totals[row[position]] += row[2]
        counts = [(code, str(label), totals.get(code, 0)) for code, label in choices.choices]
        tables.append(make_table(key, title, counts, protected=protected, unit=_("referrals")))
    return tables


# --- quarterly report ------------------------------------------------------------------------------


@dataclass
class QuarterlyReport:
    library: Library
    period: Period
    dashboard: Dashboard
    branches: list[Branch]
    staffing: list[tuple[str, int]]


def report_libraries(*, scope: Scope) -> QuerySet[Library]:
    return core_selectors.library_list(scope=scope)


def quarterly_report(*, scope: Scope, library_id: int, period: Period) -> QuarterlyReport:
    """Figures, IDO opening hours and staffing (numbers per role, no names) of one library.

    A gemeente sees the library's branches in its own territory only; raises Library.DoesNotExist for
    a library the scope may not see.
    """
    library = report_libraries(scope=scope).get(pk=library_id)
    branches = [b for b in core_selectors.branch_list(scope=scope).filter(library=library) if b.has_ido]
    board = dashboard(scope=scope, filters=Filters(period=period, library_id=library.pk))
    roles = Counter(
        User.objects.filter(library=library, is_active=True, role__in=LIBRARY_ROLES).values_list(
            "role", flat=True
        )
    )
    staffing = [(str(label), roles.get(code, 0)) for code, label in Role.choices if code in LIBRARY_ROLES]
    return QuarterlyReport(
        library=library, period=period, dashboard=board, branches=branches, staffing=staffing
    )


def quarter_of(day: date) -> Period:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return Period(PeriodKind.QUARTER, first, month_end(date(first.year, first.month + 2, 1)))


# --- funding ---------------------------------------------------------------------------------------


@dataclass
class FundingYear:
    gemeente: Gemeente
    year: int
    input: FundingInput | None
    grant: Decimal
    carried_in: Decimal
    spent: Decimal
    reserve: Decimal
    spending: list[SpendingEntry]

    @property
    def available(self) -> Decimal:
        return self.grant + self.carried_in

    @property
    def unspent(self) -> Decimal:
        return self.available - self.spent

    @property
    def reserve_cap(self) -> Decimal:
        return (self.grant * RESERVE_CAP).quantize(Decimal("0.01"))

    @property
    def not_reserved(self) -> Decimal:
        return max(self.unspent - self.reserve, Decimal("0"))


def funding_gemeenten(*, scope: Scope) -> QuerySet[Gemeente]:
    if scope.level == Level.GEMEENTE:
        return Gemeente.objects.filter(pk=scope.require_gemeente())
    if scope.level in (Level.NATIONAL, Level.SYSTEM):
        return Gemeente.objects.all()
    return Gemeente.objects.none()


def funding_years(*, scope: Scope, gemeente_id: int) -> list[FundingYear]:
    """Every year with inputs, spending or a reserve for one gemeente, oldest first."""
    gemeente = funding_gemeenten(scope=scope).get(pk=gemeente_id)
    inputs = {i.year: i for i in FundingInput.objects.filter(gemeente=gemeente)}
    reserves = dict(Reserve.objects.filter(gemeente=gemeente).values_list("year", "amount"))
    spending: dict[int, list[SpendingEntry]] = {}
    for entry in SpendingEntry.objects.filter(gemeente=gemeente):
        spending.setdefault(entry.year, []).append(entry)
    years = sorted({*inputs, *reserves, *spending})
    result = []
    for year in years:
        funding_input = inputs.get(year)
        entries = spending.get(year, [])
        result.append(
            FundingYear(
                gemeente=gemeente,
                year=year,
                input=funding_input,
                grant=funding_input.grant if funding_input else Decimal("0.00"),
                carried_in=reserves.get(year - 1, Decimal("0.00")),
                spent=sum((e.amount for e in entries), Decimal("0.00")),
                reserve=reserves.get(year, Decimal("0.00")),
                spending=entries,
            )
        )
    return result


def funding_year(*, scope: Scope, gemeente_id: int, year: int) -> FundingYear:
    for item in funding_years(scope=scope, gemeente_id=gemeente_id):
        if item.year == year:
            return item
    gemeente = funding_gemeenten(scope=scope).get(pk=gemeente_id)
    zero = Decimal("0.00")
    return FundingYear(gemeente, year, None, zero, zero, zero, zero, [])


def funding_overview(*, scope: Scope) -> list[tuple[Gemeente, list[FundingYear]]]:
    return [(g, funding_years(scope=scope, gemeente_id=g.pk)) for g in funding_gemeenten(scope=scope)]


def branches_for_filter(*, scope: Scope) -> Iterable[Branch]:
    if scope.level in (Level.LIBRARY, Level.GEMEENTE):
        return core_selectors.branch_list(scope=scope).filter(has_ido=True)
    return []
