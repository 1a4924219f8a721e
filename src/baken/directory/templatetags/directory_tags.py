"""Dutch-first labels for opening times on the kaart: "vandaag 13:30–16:00", "morgen", a weekday."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..forms import WEEK_OF_MONTH, WEEKDAYS
from ..models import Schedule

register = template.Library()


def _day_label(day: date, today: date) -> str:
    if day == today:
        return _("today")
    if day == today + timedelta(days=1):
        return _("tomorrow")
    if day < today + timedelta(days=7):
        return formats.date_format(day, "l")
    return formats.date_format(day, "l j F")


@register.simple_tag
def opening_label(period: tuple[datetime, datetime] | None, now: datetime) -> str:
    """When a period is, from the desk's point of view."""
    if not period:
        return _("no opening in the next two months")
    opens, closes = period
    local_now = timezone.localtime(now) if timezone.is_aware(now) else now
    if timezone.is_aware(opens):
        opens, closes = timezone.localtime(opens), timezone.localtime(closes)
    return f"{_day_label(opens.date(), local_now.date())} {opens:%H:%M}–{closes:%H:%M}"


@register.filter
def schedule_label(schedule: Schedule) -> str:
    """ "every Monday and Thursday 09:00–12:00", "first Tuesday of the month 10:00–12:00"."""
    names = dict(WEEKDAYS)
    weeks = dict(WEEK_OF_MONTH)
    parts = []
    for code in schedule.byday.split(","):
        day = code[-2:]
        nth = code[:-2].lstrip("+")
        parts.append(f"{weeks[nth]} {names[day]}" if nth in weeks else str(names.get(day, day)))
    days = ", ".join(parts).lower()
    times = f"{schedule.opens_at:%H:%M}–{schedule.closes_at:%H:%M}"
    if schedule.freq == Schedule.Freq.MONTHLY:
        text = _("%(days)s of the month, %(times)s") % {"days": days, "times": times}
    elif schedule.interval > 1:
        text = _("every %(n)s weeks on %(days)s, %(times)s") % {
            "n": schedule.interval,
            "days": days,
            "times": times,
        }
    else:
        text = _("every %(days)s, %(times)s") % {"days": days, "times": times}
    return text


@register.filter
def method_label(code: str) -> str:
    from ..models import ReferralMethod

    try:
        return str(ReferralMethod(code).label)
    except ValueError:
        return code


@register.filter
def term_label(term: object) -> str:
    """The label of a ServiceTerm code in its vocabulary."""
    from baken.core.taxonomy import TargetGroup, Topic

    from ..models import Language, ServiceTerm

    choices: dict[str, Any] = {
        ServiceTerm.Vocabulary.TOPIC: Topic,
        ServiceTerm.Vocabulary.TARGET_GROUP: TargetGroup,
        ServiceTerm.Vocabulary.LANGUAGE: Language,
    }
    vocabulary, code = getattr(term, "vocabulary", ""), getattr(term, "code", "")
    try:
        return str(choices[vocabulary](code).label)
    except (KeyError, ValueError):
        return str(code)
