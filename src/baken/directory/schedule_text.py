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
    # The Dutch names are lowercase in the catalogue; English keeps its capital. An unknown code (imported
    # data) is shown as it is rather than failing a page or an export.
    name = str(DAY_NAMES.get(code, code))
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


def in_words(schedule: Schedule) -> str:
    """The recurrence and times as the public pages say them, in the active language: "every Wednesday,
    13:30 to 16:00", "elke maand op de eerste dinsdag, 10:00 tot 12:00" (the HSDS export's Dutch wording)."""
    values = {
        "days": _join([_day(part) for part in schedule.byday.split(",") if part]),
        "n": schedule.interval,
        "opens": f"{schedule.opens_at:%H:%M}",
        "closes": f"{schedule.closes_at:%H:%M}",
    }
    if schedule.freq == Schedule.Freq.MONTHLY:
        if schedule.interval == 1:
            return _("every month on the %(days)s, %(opens)s to %(closes)s") % values
        return _("every %(n)s months on the %(days)s, %(opens)s to %(closes)s") % values
    if schedule.interval == 1:
        return _("every %(days)s, %(opens)s to %(closes)s") % values
    return _("every %(n)s weeks on %(days)s, %(opens)s to %(closes)s") % values
