"""Reads of referrals and partners, always through the caller's scope. Nothing here holds visitor data."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from django.db.models import QuerySet
from django.utils import timezone

from baken.core.scope import Scope

from .models import OPEN_STATUSES, ConsultationHour, Partner, PartnerLink, Referral


def partner_list(*, scope: Scope) -> QuerySet[Partner]:
    return Partner.objects.filter(library_id=scope.require_library(), active=True).prefetch_related(
        "consultation_hours__branch"
    )


def partner_get(*, scope: Scope, partner_id: int) -> Partner:
    """One active partner of the scope's library; raises Partner.DoesNotExist otherwise (→ 404)."""
    return partner_list(scope=scope).get(pk=partner_id)


def consultation_hours_now(*, partner: Partner, now: datetime | None = None) -> list[ConsultationHour]:
    """The partner's consultation hours going on right now (who is there and where)."""
    local = timezone.localtime(now)
    return [
        hour
        for hour in partner.consultation_hours.all()
        if hour.weekday == local.weekday() and hour.starts <= local.time() < hour.ends
    ]


def referral_list(*, scope: Scope) -> QuerySet[Referral]:
    return Referral.objects.filter(library_id=scope.require_library()).select_related("partner", "branch")


def referral_get(*, scope: Scope, referral_id: int) -> Referral:
    return referral_list(scope=scope).prefetch_related("events").get(pk=referral_id)


@dataclass(frozen=True)
class OpenReferral:
    referral: Referral
    waiting_days: int


@dataclass(frozen=True)
class PartnerQueue:
    partner: Partner
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
        queue = queues.setdefault(referral.partner_id, PartnerQueue(partner=referral.partner, referrals=[]))
        queue.referrals.append(OpenReferral(referral=referral, waiting_days=(day - started).days))
    return sorted(queues.values(), key=lambda q: (-q.longest_wait, q.partner.name))


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
        PartnerLink.objects.select_related("referral__partner", "referral__library")
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
