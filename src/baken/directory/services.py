"""Writes to the directory (docs/architecture.md: writes in services, reads in selectors)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from baken.core.models import AuditEvent, Gemeente, Library, User
from baken.core.services import audit_log

from .models import Location, Organization, Schedule, Service, ServiceAtLocation, ServiceTerm
from .search import reindex_services


@transaction.atomic
def set_service_terms(*, service: Service, vocabulary: str, codes: Iterable[str]) -> None:
    """Replace the codes of one vocabulary; unknown codes are refused before anything changes."""
    wanted = set(codes)
    unknown = wanted - ServiceTerm.VALID_CODES[vocabulary]
    if unknown:
        raise ValueError(f"unknown {vocabulary} codes: {sorted(unknown)}")
    service.terms.filter(vocabulary=vocabulary).exclude(code__in=wanted).delete()
    have = set(service.terms.filter(vocabulary=vocabulary).values_list("code", flat=True))
    ServiceTerm.objects.bulk_create(
        ServiceTerm(service=service, vocabulary=vocabulary, code=code) for code in sorted(wanted - have)
    )
    reindex_services([service.pk])  # bulk_create sends no signals


def mark_verified(*, service: Service, user: User | None, on: date) -> None:
    """Record that someone checked the service is still current (freshness, issue 4)."""
    service.last_verified_on = on
    service.last_verified_by = user
    service.save(update_fields=["last_verified_on", "last_verified_by", "updated_at"])


# --- the coordinator's writes (forms bring validated, unsaved instances) ----------------------------------


def _audit(actor: User, action: str, target: str, library_id: int | None, **detail: int) -> None:
    audit_log(actor=actor, action=action, target=target, detail=detail, library_id=library_id)


@transaction.atomic
def save_organization(
    *, actor: User, organization: Organization, shared_with: Iterable[Library]
) -> Organization:
    created = organization.pk is None
    organization.save()
    organization.shared_with.set(list(shared_with))
    action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
    _audit(actor, action, f"directory.organization:{organization.pk}", organization.library_id)
    return organization


@transaction.atomic
def save_location(*, actor: User, location: Location) -> Location:
    created = location.pk is None
    location.save()
    action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
    _audit(actor, action, f"directory.location:{location.pk}", location.library_id)
    return location


@transaction.atomic
def save_service(
    *,
    actor: User,
    service: Service,
    gemeenten: Iterable[Gemeente],
    terms: dict[str, list[str]],
    today: date,
) -> Service:
    """Create or change a service; saving the form counts as checking it (freshness)."""
    created = service.pk is None
    service.last_verified_on = today
    service.last_verified_by = actor
    service.save()
    service.gemeenten.set(list(gemeenten))
    for vocabulary, codes in terms.items():
        set_service_terms(service=service, vocabulary=vocabulary, codes=codes)
    action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
    _audit(actor, action, f"directory.service:{service.pk}", service.library_id)
    return service


def verify_service(*, actor: User, service: Service, today: date) -> None:
    mark_verified(service=service, user=actor, on=today)
    _audit(actor, AuditEvent.Action.UPDATE, f"directory.service:{service.pk}", service.library_id, verified=1)


@transaction.atomic
def add_place(*, actor: User, place: ServiceAtLocation) -> ServiceAtLocation:
    place.save()
    _audit(
        actor,
        AuditEvent.Action.CREATE,
        f"directory.serviceatlocation:{place.pk}",
        place.service.library_id,
        service=place.service_id,
        location=place.location_id,
    )
    return place


@transaction.atomic
def remove_place(*, actor: User, place: ServiceAtLocation) -> None:
    place_id, service = place.pk, place.service
    place.delete()
    _audit(
        actor,
        AuditEvent.Action.DELETE,
        f"directory.serviceatlocation:{place_id}",
        service.library_id,
        service=service.pk,
    )


@transaction.atomic
def add_schedule(*, actor: User, schedule: Schedule) -> Schedule:
    schedule.save()
    sal = schedule.service_at_location
    assert sal is not None
    _audit(
        actor,
        AuditEvent.Action.CREATE,
        f"directory.schedule:{schedule.pk}",
        sal.service.library_id,
        service=sal.service_id,
    )
    return schedule


@transaction.atomic
def remove_schedule(*, actor: User, schedule: Schedule) -> None:
    schedule_id, sal = schedule.pk, schedule.service_at_location
    schedule.delete()
    library_id = sal.service.library_id if sal is not None else None
    _audit(actor, AuditEvent.Action.DELETE, f"directory.schedule:{schedule_id}", library_id)
