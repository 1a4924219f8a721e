"""Role checks for views: every view names the roles it serves; a refusal is audit-logged."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from .models import AuditEvent
from .services import audit_log

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


def deny(request: HttpRequest, reason: str = "role") -> PermissionDenied:
    """Log a refusal (path without query string) and return the exception for the caller to raise."""
    audit_log(
        actor=request.user,
        action=AuditEvent.Action.PERMISSION_DENIED,
        target=request.path[:200],
        detail={"reason": reason},
    )
    return PermissionDenied()


def role_required(roles: Iterable[str]) -> Callable[[ViewFunc], ViewFunc]:
    allowed = frozenset(roles)

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.role not in allowed:
                raise deny(request)
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def public(view: ViewFunc) -> ViewFunc:
    """Mark a view as deliberately open to everyone (citizen pages, login)."""
    view.allowed_roles = "public"  # type: ignore[attr-defined]
    return view
