"""Reporting periods: week, month, quarter, year or a custom range, and the period before each."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Custom")


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        if self.kind == PeriodKind.WEEK:
            return Period(self.kind, self.start - timedelta(days=7), self.end - timedelta(days=7))
        if self.kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
            months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[PeriodKind(self.kind)]
            start = add_months(self.start, -months)
            return Period(self.kind, start, self.start - timedelta(days=1))
        return Period(self.kind, self.start - timedelta(days=self.days), self.start - timedelta(days=1))


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period_for(kind: str, anchor: date, start: date | None = None, end: date | None = None) -> Period:
    if kind == PeriodKind.WEEK:
        monday = anchor - timedelta(days=anchor.weekday())
        return Period(kind, monday, monday + timedelta(days=6))
    if kind == PeriodKind.MONTH:
        return Period(kind, anchor.replace(day=1), month_end(anchor))
    if kind == PeriodKind.QUARTER:
        first = date(anchor.year, 3 * ((anchor.month - 1) // 3) + 1, 1)
        return Period(kind, first, month_end(add_months(first, 2)))
    if kind == PeriodKind.YEAR:
        return Period(kind, date(anchor.year, 1, 1), date(anchor.year, 12, 31))
    assert start is not None and end is not None
    return Period(PeriodKind.CUSTOM, start, end)


def split_months(start: date, end: date) -> tuple[list[date], list[tuple[date, date]]]:
    """Whole months inside [start, end] (their first days) and the leftover day ranges."""
    months: list[date] = []
    ranges: list[tuple[date, date]] = []
    cursor = start
    while cursor <= end:
        last = month_end(cursor)
        if cursor.day == 1 and last <= end:
            months.append(cursor)
        else:
            ranges.append((cursor, min(last, end)))
        cursor = last + timedelta(days=1)
    return months, ranges
