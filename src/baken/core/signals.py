"""Audit receivers for sign-in, sign-out and failed sign-ins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal, receiver
from django.http import HttpRequest

from .models import AuditEvent
from .services import audit_log

# Sent when someone opens the desk home, with ``library_id``: other apps piggyback small, due work
# on it (the referrals app retries waiting e-mails) without core knowing about them.
desk_opened = Signal()


@receiver(user_logged_in)
def audit_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_log(actor=user, action=AuditEvent.Action.LOGIN)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None and not getattr(request, "_baken_auto_logout", False):
        audit_log(actor=user, action=AuditEvent.Action.LOGOUT)


@receiver(user_login_failed)
def audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    # Only a name that belongs to an account is kept: whatever else was typed (a password in the
    # wrong field, a visitor's name) must not land in the audit trail.
    typed = str(credentials.get("username", ""))[:150]
    user = get_user_model().objects.filter(username=typed).first()
    audit_log(
        actor=None,
        action=AuditEvent.Action.LOGIN_FAILED,
        username=typed if user else "",
        library_id=getattr(user, "library_id", None),
        detail={"known_account": user is not None},
    )
