"""Writes of referrals: count a referral, queue and send an e-mail referral, the partner's feedback, purge.

The e-mail's personal part exists only encrypted in ``ReferralOutbox``; the row is deleted in the same
transaction that records the send. Nothing is copied elsewhere: no BCC, no sent folder, no log line
with content (ADR 0072).
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from baken.consents.models import ConsentRecord
from baken.consents.selectors import consent_is_valid_written
from baken.core.models import AuditEvent, Branch, User
from baken.core.scope import Scope
from baken.core.services import audit_log
from baken.directory.models import Service
from baken.directory.selectors import visible_services
from baken.privacy.retention import OUTBOX_GIVE_UP_AFTER

from .models import (
    PARTNER_STATUSES,
    PartnerLink,
    Referral,
    ReferralChannel,
    ReferralOutbox,
    ReferralStatus,
    ReferralStatusEvent,
)
from .selectors import TokenState, referral_for_token, token_hash

logger = logging.getLogger(__name__)

TOKEN_LIFETIME = timedelta(days=14)
RETRY_BASE = timedelta(minutes=5)


class ConsentRequired(Exception):
    """Special-category data without a valid written consent record: the e-mail may not be made."""


@dataclass(frozen=True)
class EmailDetails:
    """The only visitor data an e-mail referral carries (seed 001 "Per mail")."""

    salutation: str
    surname: str
    phone: str
    email: str
    description: str


def _event(referral: Referral, status: str, source: str) -> None:
    ReferralStatusEvent.objects.create(referral=referral, status=status, source=source)


def referral_count(
    *, user: User, service: Service, channel: str, topic: str, branch: Branch | None
) -> Referral:
    """Record an anonymous referral by phone, appointment system, consultation hour or walk-in."""
    if channel == ReferralChannel.EMAIL:
        raise ValueError("E-mail referrals go through referral_email_create.")
    library_id = _check_tenant(user=user, service=service, branch=branch)
    with transaction.atomic():
        referral = Referral.objects.create(
            library_id=library_id,
            branch=branch,
            service=service,
            topic=topic,
            channel=channel,
            referred_on=timezone.localdate(),
            status=ReferralStatus.COUNTED,
        )
        _event(referral, ReferralStatus.COUNTED, ReferralStatusEvent.Source.DESK)
        audit_log(
            actor=user,
            action=AuditEvent.Action.CREATE,
            target=f"referral:{referral.pk}",
            detail={"channel": channel},
        )
    return referral


def _check_tenant(*, user: User, service: Service, branch: Branch | None) -> int:
    """The user's library, when the service is visible to it and the branch is its own."""
    scope = Scope.for_user(user)
    library_id = scope.require_library()
    if not visible_services(scope=scope).filter(pk=service.pk).exists():
        raise ValueError("Service not visible to this library.")
    if branch is not None and branch.library_id != library_id:
        raise ValueError("Branch of another library.")
    return library_id


def referral_email_create(
    *,
    user: User,
    service: Service,
    topic: str,
    branch: Branch | None,
    details: EmailDetails,
    special_category: bool,
    consent: ConsentRecord | None,
    written_consent_required: bool = False,
) -> Referral:
    """Queue an e-mail referral: the anonymous row plus the encrypted personal part (sent next)."""
    library_id = _check_tenant(user=user, service=service, branch=branch)
    if consent is not None and consent.library_id != user.library_id:
        raise ValueError("Consent of another library.")
    if (special_category or written_consent_required) and (
        consent is None or not consent_is_valid_written(consent)
    ):
        raise ConsentRequired
    if not service.referral_email:
        raise ValueError("This service takes no e-mail referrals.")
    with transaction.atomic():
        referral = Referral.objects.create(
            library_id=library_id,
            branch=branch,
            service=service,
            topic=topic,
            channel=ReferralChannel.EMAIL,
            referred_on=timezone.localdate(),
            status=ReferralStatus.QUEUED,
            special_category=special_category,
            consent=consent,
        )
        _event(referral, ReferralStatus.QUEUED, ReferralStatusEvent.Source.DESK)
        ReferralOutbox.objects.create(referral=referral, payload=json.dumps(asdict(details)))
        audit_log(
            actor=user,
            action=AuditEvent.Action.CREATE,
            target=f"referral:{referral.pk}",
            detail={"channel": ReferralChannel.EMAIL, "special_category": special_category},
        )
    return referral


def _feedback_url(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("referrals:feedback", kwargs={"token": token})


def _message(referral: Referral, details: EmailDetails, feedback_url: str) -> EmailMessage:
    # The partner reads Dutch; the subject holds no visitor data (it shows in mail lists and logs).
    with translation.override("nl"):
        context = {"referral": referral, "details": details, "feedback_url": feedback_url}
        subject = render_to_string("referrals/email/subject.txt", context).strip()
        body = render_to_string("referrals/email/body.txt", context)
    return EmailMessage(subject=subject, body=body, to=[referral.service.referral_email])


def referral_outbox_send(*, outbox: ReferralOutbox, base_url: str, now: datetime | None = None) -> bool:
    """Try to send one queued e-mail. On success the personal part is deleted in the same transaction."""
    moment = now or timezone.now()
    referral = Referral.objects.select_related("service", "library").get(pk=outbox.referral_id)
    details = EmailDetails(**json.loads(outbox.payload))
    token = secrets.token_urlsafe(32)
    try:
        _message(referral, details, _feedback_url(base_url, token)).send(fail_silently=False)
    except Exception as error:  # any transport failure: retry later; log the class, never the content
        attempts = outbox.attempts + 1
        ReferralOutbox.objects.filter(pk=outbox.pk).update(
            attempts=attempts,
            next_attempt_at=moment + RETRY_BASE * (2 ** min(attempts - 1, 6)),
            last_error=type(error).__name__[:100],
        )
        logger.warning("referral %s: sending failed (%s), will retry", referral.pk, type(error).__name__)
        return False
    with transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.SENT, sent_at=moment)
        _new_link(referral, token, moment)
        _event(referral, ReferralStatus.SENT, ReferralStatusEvent.Source.SYSTEM)
        ReferralOutbox.objects.filter(pk=outbox.pk).delete()
        audit_log(
            actor=None,
            username="baken",
            library_id=referral.library_id,
            action=AuditEvent.Action.SEND,
            target=f"referral:{referral.pk}",
            detail={"attempt": outbox.attempts + 1},
        )
    return True


def _new_link(referral: Referral, token: str, moment: datetime) -> None:
    PartnerLink.objects.create(
        referral=referral, token_hash=token_hash(token), expires_at=moment + TOKEN_LIFETIME
    )


def referral_send_due(
    *,
    base_url: str,
    now: datetime | None = None,
    library_id: int | None = None,
    limit: int | None = None,
) -> tuple[int, int]:
    """Send every queued e-mail whose retry time has come; returns (sent, failed).

    ``library_id`` and ``limit`` keep the piggybacked retry on a desk visit small and within the
    library of the person at the desk.
    """
    moment = now or timezone.now()
    due = ReferralOutbox.objects.filter(created_at__gt=moment - OUTBOX_GIVE_UP_AFTER).exclude(
        next_attempt_at__gt=moment
    )
    if library_id is not None:
        due = due.filter(referral__library_id=library_id)
    sent = failed = 0
    for outbox in due.order_by("created_at")[:limit]:
        if referral_outbox_send(outbox=outbox, base_url=base_url, now=moment):
            sent += 1
        else:
            failed += 1
    return sent, failed


def referral_outbox_purge(*, now: datetime | None = None) -> int:
    """Delete personal parts that could not be sent in time; the anonymous referral stays (not sent)."""
    moment = now or timezone.now()
    removed = 0
    with transaction.atomic():
        stale = list(
            ReferralOutbox.objects.filter(created_at__lte=moment - OUTBOX_GIVE_UP_AFTER).values_list(
                "pk", "referral_id", "referral__library_id"
            )
        )
        for pk, referral_id, library_id in stale:
            ReferralOutbox.objects.filter(pk=pk).delete()
            Referral.objects.filter(pk=referral_id).update(status=ReferralStatus.NOT_SENT)
            ReferralStatusEvent.objects.create(
                referral_id=referral_id,
                status=ReferralStatus.NOT_SENT,
                source=ReferralStatusEvent.Source.SYSTEM,
            )
            audit_log(
                actor=None,
                username="baken purge",
                library_id=library_id,
                action=AuditEvent.Action.PURGE,
                target=f"referral:{referral_id}",
                detail={"part": "outbox"},
            )
            removed += 1
    return removed


@dataclass(frozen=True)
class FeedbackResult:
    state: TokenState
    referral: Referral | None
    next_token: str | None = None


def referral_partner_feedback(*, token: str, status: str, now: datetime | None = None) -> FeedbackResult:
    """The partner's answer via the one-time link; "contact made" hands out a fresh link for the outcome."""
    if status not in PARTNER_STATUSES:
        raise ValueError(status)
    moment = now or timezone.now()
    with transaction.atomic():
        state, link = referral_for_token(token, now=moment)
        referral = link.referral if link is not None else None
        if state != TokenState.VALID or link is None or referral is None:
            return FeedbackResult(state=state, referral=referral)
        # Only one request can win the link: the update matches only while it is still unused.
        if not PartnerLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=moment):
            return FeedbackResult(state=TokenState.USED, referral=referral)
        Referral.objects.filter(pk=referral.pk).update(status=status)
        ReferralStatusEvent.objects.create(
            referral=referral, status=status, source=ReferralStatusEvent.Source.PARTNER
        )
        audit_log(
            actor=None,
            username="partner",
            library_id=referral.library_id,
            action=AuditEvent.Action.UPDATE,
            target=f"referral:{referral.pk}",
            detail={"status": status},
        )
        next_token = None
        if status == ReferralStatus.CONTACTED:
            next_token = secrets.token_urlsafe(32)
            _new_link(referral, next_token, moment)
        referral.refresh_from_db()
    return FeedbackResult(state=TokenState.VALID, referral=referral, next_token=next_token)


def public_base_url() -> str:
    return str(settings.BAKEN_PUBLIC_URL)
