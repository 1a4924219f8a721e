"""The caller's scope: every selector over tenant data takes one and filters by it.

Above library level (gemeente, landelijk) a scope never unlocks records, only aggregates; the
record selectors therefore refuse those scopes outright (``Scope.require_library``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from .roles import LIBRARY_ROLES, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


class Level(StrEnum):
    LIBRARY = "library"
    GEMEENTE = "gemeente"
    NATIONAL = "national"
    SYSTEM = "system"
    NONE = "none"


@dataclass(frozen=True)
class Scope:
    level: Level
    library_id: int | None = None
    gemeente_id: int | None = None

    @classmethod
    def for_user(cls, user: User | AnonymousUser) -> Scope:
        if not user.is_authenticated:
            return cls(Level.NONE)
        role = user.role
        if role in LIBRARY_ROLES and user.library_id:
            return cls(Level.LIBRARY, library_id=user.library_id)
        if role == Role.GEMEENTE and user.gemeente_id:
            return cls(Level.GEMEENTE, gemeente_id=user.gemeente_id)
        if role == Role.LANDELIJK:
            return cls(Level.NATIONAL)
        if role == Role.BEHEERDER:
            return cls(Level.SYSTEM)
        return cls(Level.NONE)

    def require_library(self) -> int:
        """The library id for record-level access; anything else is refused."""
        if self.level != Level.LIBRARY or self.library_id is None:
            raise PermissionDenied
        return self.library_id

    def require_gemeente(self) -> int:
        if self.level != Level.GEMEENTE or self.gemeente_id is None:
            raise PermissionDenied
        return self.gemeente_id
