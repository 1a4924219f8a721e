"""Writes of the API app: make and revoke branch device tokens (audit-logged with ids only)."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.core.models import AuditEvent, Branch, User
from baken.core.roles import COORDINATOR_ROLES
from baken.core.services import audit_log

from .models import DeviceToken
from .selectors import KEY_ID_LENGTH, TOKEN_PREFIX, token_hash

# last_used_at is written at most this often per token: not one UPDATE per request.
TOUCH_INTERVAL = timedelta(minutes=1)


def new_raw_token() -> tuple[str, str]:
    """(key id, token): ``bkn_<12 hex>_<43 url-safe characters>``, 256 random bits in the secret."""
    key_id = secrets.token_hex(KEY_ID_LENGTH // 2)
    return key_id, f"{TOKEN_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"


def _require_coordinator(actor: User) -> int:
    if actor.role not in COORDINATOR_ROLES or actor.library_id is None:
        raise PermissionDenied
    return actor.library_id


def device_token_create(
    *, actor: User, branch: Branch, label: str, idempotency_key: uuid.UUID
) -> tuple[DeviceToken, str | None]:
    """Make a token for one of the actor's branches. Returns the row and the token, which is never
    stored and cannot be shown again; a resubmitted form returns the first row and ``None``."""
    library_id = _require_coordinator(actor)
    if branch.library_id != library_id:
        raise ValidationError(_("Choose one of your library's branches."))
    key_id, raw = new_raw_token()
    try:
        with transaction.atomic():
            token = DeviceToken.objects.create(
                library_id=library_id,
                branch=branch,
                label=label,
                key_id=key_id,
                token_hash=token_hash(raw),
                idempotency_key=idempotency_key,
                created_by=actor,
            )
    except IntegrityError:
        existing = DeviceToken.objects.filter(idempotency_key=idempotency_key, library_id=library_id).first()
        if existing is None:
            raise
        return existing, None
    audit_log(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=f"device_token:{token.pk}",
        detail={"branch": branch.pk},
    )
    return token, raw


def device_token_revoke(*, actor: User, token: DeviceToken) -> DeviceToken:
    """Revoke at once; the row stays for the trail. Revoking twice changes nothing."""
    library_id = _require_coordinator(actor)
    if token.library_id != library_id:
        raise PermissionDenied
    with transaction.atomic():
        token = DeviceToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
    audit_log(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        target=f"device_token:{token.pk}",
        detail={"branch": token.branch_id, "revoked": True},
    )
    return token


def device_token_touch(*, token: DeviceToken, now: datetime | None = None) -> None:
    moment = now or timezone.now()
    if token.last_used_at is None or moment - token.last_used_at >= TOUCH_INTERVAL:
        DeviceToken.objects.filter(pk=token.pk).update(last_used_at=moment)
        token.last_used_at = moment
