"""Reads of referrals and the services they go to, always through the caller's scope.

Nothing here holds visitor data.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from django.db.models import QuerySet
from django.utils import timezone

from baken.core.models import Branch
from baken.core.scope import Scope
from baken.directory.models import Schedule, Service, ServiceStatus, ServiceTerm
from baken.directory.schedule_text import describe
from baken.directory.selectors import visible_services

from .models import OPEN_STATUSES, PartnerLink, Referral


def service_list(*, scope: Scope) -> QuerySet[Service]:
    """The active services of the sociaal-educatieve kaart a desk of this library may refer to."""
    return (
        visible_services(scope=scope)
        .filter(status=ServiceStatus.ACTIVE)
        .select_related("organization")
        .order_by("organization__name", "name")
    )


def services_for_topic(*, scope: Scope, topic: str, limit: int = 8) -> list[Service]:
    """Local services that help with a topic, for the "refer" panels on cards and after a registration."""
    return list(
        service_list(scope=scope)
        .filter(terms__vocabulary=ServiceTerm.Vocabulary.TOPIC, terms__code=topic)
        .distinct()[:limit]
    )


def service_get(*, scope: Scope, service_id: int) -> Service:
    """One active service the scope's library may refer to; raises Service.DoesNotExist otherwise (→ 404)."""
    return service_list(scope=scope).get(pk=service_id)


@dataclass(frozen=True)
class ConsultationHour:
    """A spreekuur of the service in one of the library's own branches."""

    schedule: Schedule
    branch: Branch
    now: bool

    @property
    def text(self) -> str:
        return describe(self.schedule)


def consultation_hours(
    *, scope: Scope, service: Service, now: datetime | None = None
) -> list[ConsultationHour]:
    """The service's spreekuren in this library's branches, each marked when it is going on right now."""
    library_id = scope.require_library()
    moment = timezone.localtime(now).replace(tzinfo=None)
    schedules = Schedule.objects.filter(
        is_spreekuur=True,
        service_at_location__service=service,
        service_at_location__location__branch__library_id=library_id,
    ).select_related("service_at_location__location__branch")
    hours = []
    for schedule in schedules:
        branch = schedule.service_at_location.location.branch  # type: ignore[union-attr]
        assert branch is not None
        hours.append(ConsultationHour(schedule=schedule, branch=branch, now=schedule.is_open_at(moment)))
    return sorted(hours, key=lambda hour: (not hour.now, hour.schedule.byday, hour.schedule.opens_at))


def referral_list(*, scope: Scope) -> QuerySet[Referral]:
    return Referral.objects.filter(library_id=scope.require_library()).select_related(
        "service__organization", "branch"
    )


def referral_get(*, scope: Scope, referral_id: int) -> Referral:
    return referral_list(scope=scope).prefetch_related("events").get(pk=referral_id)


@dataclass(frozen=True)
class OpenReferral:
    referral: Referral
    waiting_days: int


@dataclass(frozen=True)
class PartnerQueue:
    service: Service
    referrals: list[OpenReferral]

    @property
    def longest_wait(self) -> int:
        return max((item.waiting_days for item in self.referrals), default=0)


def open_referrals_by_partner(*, scope: Scope, today: date | None = None) -> list[PartnerQueue]:
    """Referrals the partner has not closed yet, per partner, with how long each has waited (days)."""
    day = today or timezone.localdate()
    queues: dict[int, PartnerQueue] = {}
    for referral in referral_list(scope=scope).filter(status__in=OPEN_STATUSES).order_by("sent_at", "pk"):
        started = timezone.localdate(referral.sent_at) if referral.sent_at else referral.referred_on
        queue = queues.setdefault(referral.service_id, PartnerQueue(service=referral.service, referrals=[]))
        queue.referrals.append(OpenReferral(referral=referral, waiting_days=(day - started).days))
    return sorted(queues.values(), key=lambda q: (-q.longest_wait, q.service.name))


@dataclass(frozen=True)
class ReferralCounts:
    total: int
    by_channel: dict[str, int]
    by_status: dict[str, int]


def referral_counts(*, scope: Scope, since: date | None = None, until: date | None = None) -> ReferralCounts:
    """Anonymous counts for the figures (every referral counts, also after its data was purged)."""
    referrals = referral_list(scope=scope)
    if since:
        referrals = referrals.filter(referred_on__gte=since)
    if until:
        referrals = referrals.filter(referred_on__lte=until)
    rows = list(referrals.values_list("channel", "status"))
    return ReferralCounts(
        total=len(rows),
        by_channel=dict(Counter(channel for channel, _ in rows)),
        by_status=dict(Counter(status for _, status in rows)),
    )


class TokenState(StrEnum):
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def referral_for_token(token: str, *, now: datetime | None = None) -> tuple[TokenState, PartnerLink | None]:
    """Which referral a partner's one-time link points to, and whether the link can still be used."""
    link = (
        PartnerLink.objects.select_related("referral__service", "referral__library")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is None:
        return TokenState.UNKNOWN, None
    if link.used_at is not None:
        return TokenState.USED, link
    if link.expires_at <= (now or timezone.now()):
        return TokenState.EXPIRED, link
    if link.referral.status not in OPEN_STATUSES:
        return TokenState.USED, link
    return TokenState.VALID, link
