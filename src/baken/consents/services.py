"""Writes of consent records: create, withdraw (appended), log reads, purge past retention."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from baken.core.models import AuditEvent, Branch, Library, User
from baken.core.services import audit_log
from baken.privacy.retention import consent_retention_days

from .models import ConsentRecord, ConsentTally, ConsentWithdrawal


def consent_create(
    *,
    user: User,
    branch: Branch,
    recipient: str,
    purpose: str,
    manner: str,
    given_at: datetime,
    signature: bytes | None = None,
    signature_content_type: str = "",
) -> ConsentRecord:
    if branch.library_id != user.library_id:
        raise ValueError("Branch of another library.")
    with transaction.atomic():
        record = ConsentRecord.objects.create(
            library_id=branch.library_id,
            branch=branch,
            recipient=recipient.strip(),
            purpose=purpose.strip(),
            manner=manner,
            given_at=given_at,
            staff_name=user.get_full_name() or user.get_username(),
            signature=signature or None,
            signature_content_type=signature_content_type if signature else "",
            created_by=user,
        )
        audit_log(
            actor=user,
            action=AuditEvent.Action.CREATE,
            target=f"consent:{record.pk}",
            detail={"manner": manner},
        )
    return record


def consent_log_read(*, user: User, record: ConsentRecord, part: str) -> None:
    """Every read of a consent record is in the audit log (which part: detail, signature, pdf, list)."""
    audit_log(actor=user, action=AuditEvent.Action.READ, target=f"consent:{record.pk}", detail={"part": part})


def consent_withdraw(*, user: User, record: ConsentRecord, withdrawn_at: datetime | None = None) -> bool:
    """Append the withdrawal; False if it was already withdrawn (nothing changes then)."""
    with transaction.atomic():
        _, created = ConsentWithdrawal.objects.get_or_create(
            consent=record,
            defaults={"withdrawn_at": withdrawn_at or timezone.now(), "recorded_by": user},
        )
        if created:
            audit_log(
                actor=user,
                action=AuditEvent.Action.UPDATE,
                target=f"consent:{record.pk}",
                detail={"event": "withdrawn"},
            )
    return created


def consent_purge_expired(*, now: datetime | None = None) -> int:
    """Delete records past their library's retention period, keeping an anonymous count of each."""
    moment = now or timezone.now()
    removed = 0
    # Per library, because each library sets its own retention period.
    library_ids = set(ConsentRecord.objects.values_list("library_id", flat=True))
    for library in Library.objects.filter(pk__in=library_ids).order_by("pk"):
        library_id = library.pk
        cutoff = moment - timedelta(days=consent_retention_days(library))
        expired = ConsentRecord.objects.filter(library_id=library_id, given_at__lt=cutoff)
        with transaction.atomic():
            rows = list(expired.values("pk", "branch_id", "given_at", "manner", "withdrawal__pk"))
            for row in rows:
                _tally(library_id=library_id, row=row)
            count, _ = ConsentRecord.objects.filter(pk__in=[row["pk"] for row in rows]).delete()
            if rows:
                removed += len(rows)
                audit_log(
                    actor=None,
                    username="baken purge",
                    library_id=library_id,
                    action=AuditEvent.Action.PURGE,
                    target="consents",
                    detail={"records": len(rows), "deleted_rows": count},
                )
    return removed


def _tally(*, library_id: int, row: Mapping[str, Any]) -> None:
    given_at: datetime = row["given_at"]
    month = timezone.localtime(given_at).date().replace(day=1)
    tally, _ = ConsentTally.objects.get_or_create(
        library_id=library_id,
        branch_id=row["branch_id"],
        month=month,
        manner=row["manner"],
        withdrawn=row["withdrawal__pk"] is not None,
    )
    ConsentTally.objects.filter(pk=tally.pk).update(count=F("count") + 1)
