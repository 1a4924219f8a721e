"""The main navigation per role. Apps add their entries here, so the menu shows only what a role may open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baken.consents.nav import NAV_LABEL as CONSENTS_NAV
from baken.directory import nav as directory_nav
from baken.guidance import nav as guidance_nav
from baken.referrals.nav import NAV_LABEL as REFERRALS_NAV
from baken.registrations import navigation as registrations_nav
from baken.reports import navigation as reports_nav
from baken.staff import navigation as staff_nav

from .roles import (
    ADMIN_ROLES,
    COORDINATOR_ROLES,
    DESK_ROLES,
    FIGURES_ROLES,
    FUNDING_ROLES,
    LIBRARY_ROLES,
    PRIVACY_ROLES,
    TWO_FACTOR_ROLES,
)

if TYPE_CHECKING:
    from .models import User


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    roles: frozenset[str]


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str | Promise
    current: bool


NAVIGATION: list[NavEntry] = [
    NavEntry("core:desk", _("Desk"), DESK_ROLES),
    NavEntry("guidance:ask", guidance_nav.ASK_LABEL, DESK_ROLES),
    NavEntry("guidance:card_list", guidance_nav.CARDS_LABEL, DESK_ROLES),
    NavEntry("directory:search", directory_nav.SEARCH_LABEL, DESK_ROLES),
    NavEntry("directory:manage", directory_nav.MANAGE_LABEL, COORDINATOR_ROLES),
    NavEntry("core:coordinator", _("Overview"), COORDINATOR_ROLES),
    NavEntry("registrations:contact_list", registrations_nav.CONTACTS, COORDINATOR_ROLES),
    NavEntry("registrations:tally", registrations_nav.TALLY, DESK_ROLES),
    NavEntry("core:privacy", _("Privacy"), PRIVACY_ROLES),
    NavEntry("referrals:start", REFERRALS_NAV, DESK_ROLES),
    NavEntry("consents:list", CONSENTS_NAV, PRIVACY_ROLES),
    NavEntry("core:figures", _("Figures"), FIGURES_ROLES),
    NavEntry("reports:quarterly", reports_nav.QUARTERLY, FIGURES_ROLES),
    NavEntry("reports:funding", reports_nav.FUNDING, FUNDING_ROLES),
    NavEntry("reports:impact_start", reports_nav.SURVEY, DESK_ROLES),
    NavEntry("core:system", _("Management"), ADMIN_ROLES),
    NavEntry("security:recovery_codes", _("Two-step verification"), TWO_FACTOR_ROLES),
    NavEntry("staff:register", staff_nav.TEAM, COORDINATOR_ROLES),
    NavEntry("staff:policy", staff_nav.POLICY, LIBRARY_ROLES),
    NavEntry("staff:breach_list", staff_nav.BREACHES, COORDINATOR_ROLES | PRIVACY_ROLES),
    NavEntry("staff:audit_log", staff_nav.AUDIT_LOG, PRIVACY_ROLES),
]


def navigation_for(user: User, path: str) -> list[NavItem]:
    items = []
    for entry in NAVIGATION:
        if user.role not in entry.roles:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append(NavItem(url=url, label=entry.label, current=path.startswith(url)))
    return items
