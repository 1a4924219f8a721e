"""Reads of consent records: only the library's privacy coordinator, and the maker for one hour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from baken.core.models import User
from baken.core.roles import Role
from baken.core.scope import Scope
from baken.privacy.retention import consent_retention_days

from .models import WRITTEN_MANNERS, ConsentRecord, ConsentTally

# The staff member who made a record may look at it (to print it, to attach it to a referral) for one
# hour; after that only the privacy coordinator can (ADR 0071).
VISIBLE_TO_MAKER = timedelta(hours=1)


def consent_list(*, scope: Scope, user: User, now: datetime | None = None) -> QuerySet[ConsentRecord]:
    """The consent records ``user`` may see; every read of one must be audit-logged by the caller."""
    records = ConsentRecord.objects.filter(library_id=scope.require_library()).select_related(
        "branch", "withdrawal"
    )
    if user.role == Role.PRIVACY:
        return records
    since = (now or timezone.now()) - VISIBLE_TO_MAKER
    return records.filter(created_by=user, created_at__gte=since)


def consent_get(*, scope: Scope, user: User, consent_id: int) -> ConsentRecord:
    """One visible record; raises ConsentRecord.DoesNotExist for anything else (→ 404)."""
    return consent_list(scope=scope, user=user).get(pk=consent_id)


def consent_expires_at(record: ConsentRecord) -> datetime:
    return record.given_at + timedelta(days=consent_retention_days(record.library))


def consent_is_withdrawn(record: ConsentRecord) -> bool:
    return hasattr(record, "withdrawal")


def consent_is_valid(record: ConsentRecord, *, now: datetime | None = None) -> bool:
    """Counts as consent: not withdrawn and within the library's retention period."""
    moment = now or timezone.now()
    return not consent_is_withdrawn(record) and record.given_at <= moment < consent_expires_at(record)


def consent_is_valid_written(record: ConsentRecord, *, now: datetime | None = None) -> bool:
    """Written consent that still counts: what special-category data needs (seed 001)."""
    return record.is_written and consent_is_valid(record, now=now)


def consent_written_choices(*, scope: Scope, user: User) -> list[ConsentRecord]:
    """Valid written records the user may attach to a referral now."""
    records = consent_list(scope=scope, user=user).filter(manner__in=WRITTEN_MANNERS, withdrawal__isnull=True)
    return [record for record in records if consent_is_valid_written(record)]


@dataclass(frozen=True)
class ConsentCounts:
    given: int
    written: int
    withdrawn: int


def consent_counts(*, scope: Scope) -> ConsentCounts:
    """How many consents the library recorded, including those already purged (anonymous tallies)."""
    library_id = scope.require_library()
    live = ConsentRecord.objects.filter(library_id=library_id)
    tallies = ConsentTally.objects.filter(library_id=library_id)

    def tally(**filters: object) -> int:
        return int(tallies.filter(**filters).aggregate(n=Sum("count"))["n"] or 0)

    return ConsentCounts(
        given=live.count() + tally(),
        written=live.filter(manner__in=WRITTEN_MANNERS).count() + tally(manner__in=WRITTEN_MANNERS),
        withdrawn=live.aggregate(n=Count("withdrawal"))["n"] + tally(withdrawn=True),
    )
