"""Reads of tenancy data, always through the caller's scope."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import AuditEvent, Branch, Gemeente, IdoOpeningHours, Library, User
from .scope import Level, Scope


def branch_list(*, scope: Scope) -> QuerySet[Branch]:
    """Branches the scope may see: its library's, its gemeente's territory, or all above that."""
    branches = Branch.objects.select_related("library", "gemeente").prefetch_related(
        Prefetch("ido_hours", queryset=IdoOpeningHours.objects.order_by("weekday", "opens"))
    )
    if scope.level == Level.LIBRARY:
        return branches.filter(library_id=scope.require_library())
    if scope.level == Level.GEMEENTE:
        return branches.filter(gemeente_id=scope.require_gemeente())
    if scope.level in (Level.NATIONAL, Level.SYSTEM):
        return branches
    return branches.none()


def branch_get(*, scope: Scope, branch_id: int) -> Branch:
    """One branch of the scope's own library; raises Branch.DoesNotExist for anything else."""
    return branch_list(scope=Scope(Level.LIBRARY, library_id=scope.require_library())).get(pk=branch_id)


def library_get(*, scope: Scope) -> Library:
    return Library.objects.get(pk=scope.require_library())


def library_list(*, scope: Scope) -> QuerySet[Library]:
    if scope.level == Level.LIBRARY:
        return Library.objects.filter(pk=scope.require_library())
    if scope.level == Level.GEMEENTE:
        return Library.objects.filter(branches__gemeente_id=scope.require_gemeente()).distinct()
    if scope.level in (Level.NATIONAL, Level.SYSTEM):
        return Library.objects.all()
    return Library.objects.none()


def gemeente_list(*, scope: Scope) -> QuerySet[Gemeente]:
    if scope.level == Level.LIBRARY:
        return Gemeente.objects.filter(branches__library_id=scope.require_library()).distinct()
    if scope.level == Level.GEMEENTE:
        return Gemeente.objects.filter(pk=scope.require_gemeente())
    if scope.level in (Level.NATIONAL, Level.SYSTEM):
        return Gemeente.objects.all()
    return Gemeente.objects.none()


def staff_list(*, scope: Scope) -> QuerySet[User]:
    return User.objects.filter(library_id=scope.require_library(), is_active=True).order_by(
        "role", "username"
    )


def audit_event_list(*, scope: Scope) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(library_id=scope.require_library()).select_related("actor")
