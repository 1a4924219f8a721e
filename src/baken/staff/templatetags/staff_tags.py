"""Small pieces of the staff app shown on core pages (desk screen, privacy home) via one include each."""

from __future__ import annotations

from typing import Any

from django import template

from baken.core.roles import LIBRARY_ROLES
from baken.core.scope import Scope

from .. import selectors
from ..models import WeeklyCase

register = template.Library()


def _library_scope(context: template.Context) -> Scope | None:
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated or user.role not in LIBRARY_ROLES:
        return None
    scope = Scope.for_user(user)
    return scope if scope.library_id is not None else None


@register.simple_tag(takes_context=True)
def latest_weekly_case(context: template.Context) -> WeeklyCase | None:
    scope = _library_scope(context)
    return selectors.weekly_case_latest(scope=scope) if scope else None


@register.simple_tag(takes_context=True)
def breach_overview(context: template.Context) -> dict[str, Any]:
    scope = _library_scope(context)
    if scope is None:
        return {"open": 0, "overdue": []}
    return {
        "open": selectors.breach_incident_list(scope=scope).filter(decided_at__isnull=True).count(),
        "overdue": list(selectors.breach_overdue_list(scope=scope)),
    }
