"""Reads of the directory, always through the caller's scope (docs/architecture.md).

A library sees its own rows and the organisations shared with it (with all their services); it edits its
own rows only. Gemeente, national and system scopes see no directory records here: the public pages and the
HSDS export read the public part through ``public_services``.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from baken.core.scope import Scope

from .models import FRESHNESS_DAYS, Location, Organization, Service, ServiceStatus


def visible_organizations(*, scope: Scope) -> QuerySet[Organization]:
    library_id = scope.require_library()
    return Organization.objects.filter(Q(library_id=library_id) | Q(shared_with__id=library_id)).distinct()


def visible_services(*, scope: Scope) -> QuerySet[Service]:
    library_id = scope.require_library()
    shared_orgs = Organization.objects.filter(shared_with__id=library_id).values("id")
    return Service.objects.filter(
        Q(library_id=library_id) | Q(organization__library_id=library_id) | Q(organization_id__in=shared_orgs)
    )


def visible_locations(*, scope: Scope) -> QuerySet[Location]:
    library_id = scope.require_library()
    shared_orgs = Organization.objects.filter(shared_with__id=library_id).values("id")
    return Location.objects.filter(Q(library_id=library_id) | Q(organization_id__in=shared_orgs))


def editable_organizations(*, scope: Scope) -> QuerySet[Organization]:
    return Organization.objects.editable_by(scope.require_library())


def editable_services(*, scope: Scope) -> QuerySet[Service]:
    return Service.objects.editable_by(scope.require_library())


def editable_locations(*, scope: Scope) -> QuerySet[Location]:
    return Location.objects.editable_by(scope.require_library())


def stale_services(*, scope: Scope, today: date) -> QuerySet[Service]:
    """The coordinator's task list: own active services not checked for six months."""
    cutoff = date.fromordinal(today.toordinal() - FRESHNESS_DAYS)
    return (
        editable_services(scope=scope)
        .filter(last_verified_on__lt=cutoff)
        .exclude(status=ServiceStatus.DEFUNCT)
        .select_related("organization")
        .order_by("last_verified_on", "name")
    )


def public_services() -> QuerySet[Service]:
    """What citizens and the HSDS export may see: active services; the directory holds no visitor data."""
    return Service.objects.filter(status=ServiceStatus.ACTIVE)
