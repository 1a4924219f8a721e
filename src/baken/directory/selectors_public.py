"""Reads for the public pages per gemeente (no login): the IDO desks and the active services for residents.

Only what a citizen may read leaves here; the templates never touch desk-only fields (warm-referral e-mail,
phone script, who checked an entry, who hosts a spreekuur).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet

from baken.core.models import Branch, Gemeente, IdoOpeningHours

from .models import Service, ServiceAtLocation
from .selectors import public_services


def public_gemeenten() -> QuerySet[Gemeente]:
    """Gemeenten with an IDO desk or with services for their residents."""
    desks = Branch.objects.filter(gemeente=OuterRef("pk"), has_ido=True)
    serving = Service.gemeenten.through.objects.filter(
        gemeente_id=OuterRef("pk"), service__in=public_services()
    )
    located = ServiceAtLocation.objects.filter(
        location__gemeente_id=OuterRef("pk"), service__in=public_services()
    )
    return Gemeente.objects.filter(Exists(desks) | Exists(serving) | Exists(located)).order_by("name")


def services_for_gemeente(*, gemeente: Gemeente) -> QuerySet[Service]:
    """Active services for residents of ``gemeente``: meant for them, or held there and open to everyone."""
    through = Service.gemeenten.through.objects
    serving = through.filter(gemeente_id=gemeente.pk).values("service_id")
    restricted = through.values("service_id")
    located = ServiceAtLocation.objects.filter(location__gemeente_id=gemeente.pk).values("service_id")
    return public_services().filter(Q(pk__in=serving) | (Q(pk__in=located) & ~Q(pk__in=restricted)))


# --- the IDO desks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeskStatus:
    open_now: bool
    closes_at: time | None
    next_opens: datetime | None


def desk_status(hours: list[IdoOpeningHours], now: datetime) -> DeskStatus:
    """Open now (until when), or the next opening within a week, from the desk's weekly hours."""
    today = now.weekday()
    clock = now.time()
    for period in hours:
        if period.weekday == today and period.opens <= clock < period.closes:
            return DeskStatus(True, period.closes, None)
    for offset in range(0, 8):
        day = now.date() + timedelta(days=offset)
        for period in sorted(hours, key=lambda h: h.opens):
            if period.weekday == day.weekday() and (offset > 0 or period.opens > clock):
                return DeskStatus(False, None, datetime.combine(day, period.opens))
    return DeskStatus(False, None, None)


def ido_desks(*, gemeente: Gemeente) -> QuerySet[Branch]:
    return (
        Branch.objects.filter(gemeente=gemeente, has_ido=True)
        .select_related("library")
        .prefetch_related("ido_hours")
        .order_by("name")
    )
