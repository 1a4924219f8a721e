"""Roles and the groups of roles that views check against.

A user has exactly one role (docs/domain.md). Views name the groups below, never single roles,
so a new role is added in one place.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEDEWERKER = "medewerker", _("Staff member")
    VRIJWILLIGER = "vrijwilliger", _("Volunteer")
    COORDINATOR = "coordinator", _("Coordinator")
    PRIVACY = "privacycoordinator", _("Privacy coordinator")
    GEMEENTE = "gemeente", _("Municipality")
    LANDELIJK = "landelijk", _("National")
    BEHEERDER = "beheerder", _("System administrator")


LIBRARY_ROLES = frozenset({Role.MEDEWERKER, Role.VRIJWILLIGER, Role.COORDINATOR, Role.PRIVACY})
DESK_ROLES = frozenset({Role.MEDEWERKER, Role.VRIJWILLIGER, Role.COORDINATOR})
COORDINATOR_ROLES = frozenset({Role.COORDINATOR})
PRIVACY_ROLES = frozenset({Role.PRIVACY})
FIGURES_ROLES = frozenset({Role.COORDINATOR, Role.GEMEENTE, Role.LANDELIJK})
ADMIN_ROLES = frozenset({Role.BEHEERDER})
# Pages every signed-in user may open (home redirect, own password, keep-alive).
ALL_ROLES = frozenset(Role)
FUNDING_ROLES = frozenset({Role.GEMEENTE, Role.LANDELIJK})  # the specific uitkering (seed 002)
# Roles that must use two-factor authentication (issue 9; docs/domain.md demo contract).
TWO_FACTOR_ROLES = frozenset({Role.COORDINATOR, Role.PRIVACY, Role.BEHEERDER, Role.GEMEENTE, Role.LANDELIJK})
