"""Writes of the core domain: the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


def audit_log(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    target: str = "",
    detail: dict[str, Any] | None = None,
    library_id: int | None = None,
    username: str = "",
) -> AuditEvent:
    """Append one audit event. ``detail`` must hold codes and ids only, never visitor data."""
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor=user,
        actor_username=user.get_username() if user is not None else username,
        library_id=library_id if library_id is not None else getattr(user, "library_id", None),
        action=action,
        target=target[:200],
        detail=detail or {},
    )
