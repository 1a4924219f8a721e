"""Schedules in words for people at the desk and citizens: "maandag en woensdag", "elke eerste dinsdag"."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Schedule

DAY_NAMES = {
    "MO": gettext_lazy("Monday"),
    "TU": gettext_lazy("Tuesday"),
    "WE": gettext_lazy("Wednesday"),
    "TH": gettext_lazy("Thursday"),
    "FR": gettext_lazy("Friday"),
    "SA": gettext_lazy("Saturday"),
    "SU": gettext_lazy("Sunday"),
}
ORDINALS = {
    "1": gettext_lazy("first"),
    "2": gettext_lazy("second"),
    "3": gettext_lazy("third"),
    "4": gettext_lazy("fourth"),
    "5": gettext_lazy("fifth"),
    "-1": gettext_lazy("last"),
}


def _join(parts: list[str]) -> str:
    if len(parts) < 2:
        return "".join(parts)
    return format_lazy("{} {} {}", ", ".join(parts[:-1]), _("and"), parts[-1])  # type: ignore[return-value]


def _day(part: str) -> str:
    code, number = part[-2:], part[:-2].lstrip("+")
    name = str(DAY_NAMES[code]).lower()
    return f"{ORDINALS[number]} {name}" if number in ORDINALS else name


def describe_days(schedule: Schedule) -> str:
    """The days of a schedule in plain words."""
    days = _join([_day(part) for part in schedule.byday.split(",") if part])
    if schedule.freq == Schedule.Freq.MONTHLY:
        return _("every %(days)s of the month") % {"days": days}
    if schedule.interval > 1:
        return _("%(days)s, every %(n)s weeks") % {"days": days, "n": schedule.interval}
    return str(days)


def describe(schedule: Schedule) -> str:
    """Days and times: "maandag en woensdag 10:00–12:00"."""
    return f"{describe_days(schedule)} {schedule.opens_at:%H:%M}–{schedule.closes_at:%H:%M}"
