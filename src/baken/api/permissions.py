"""The API's role check: the same rule as ``@role_required``, in DRF's shape.

A view names ``allowed_roles`` (groups from ``core.roles``) and whether branch devices may call it
(``accepts_devices``). Anonymous → 401/403 (JSON, no sign-in redirect), a role or device the view
does not name → 403 and a ``permission_denied`` audit event, as for pages.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from baken.core.models import AuditEvent
from baken.core.services import audit_log

from .authentication import Device


class RolePermission(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if user is None or not user.is_authenticated:
            return False  # DRF answers 401 (token views) or 403 (session views)
        if isinstance(user, Device):
            allowed = bool(getattr(view, "accepts_devices", False))
        else:
            allowed = user.role in getattr(view, "allowed_roles", frozenset())
        if not allowed:
            _log_refusal(request, user)
        return allowed


def _log_refusal(request: Request, user: Any) -> None:
    target = request.path[:200]
    if isinstance(user, Device):
        audit_log(
            actor=None,
            action=AuditEvent.Action.PERMISSION_DENIED,
            target=target,
            detail={"reason": "device", "device_token": user.token.pk},
            username=user.get_username(),
            library_id=user.library_id,
        )
    else:
        audit_log(
            actor=user, action=AuditEvent.Action.PERMISSION_DENIED, target=target, detail={"reason": "role"}
        )
