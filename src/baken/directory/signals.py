"""Keep the search index current (docs/adr/0091): every save or delete of a service or of what hangs off it
reindexes the services concerned. Writes past ``save()`` call ``search.reindex_services`` themselves."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import Location, Organization, Schedule, Service, ServiceAtLocation, ServiceTerm
from .search import reindex_services


def _service_ids(instance: Any) -> list[int]:
    if isinstance(instance, Service):
        return [instance.pk]
    if isinstance(instance, ServiceTerm | ServiceAtLocation):
        return [instance.service_id]
    if isinstance(instance, Schedule):
        if instance.service_at_location_id is None:
            return []
        return list(
            ServiceAtLocation.objects.filter(pk=instance.service_at_location_id).values_list(
                "service_id", flat=True
            )
        )
    if isinstance(instance, Location):
        return list(
            ServiceAtLocation.objects.filter(location_id=instance.pk).values_list("service_id", flat=True)
        )
    if isinstance(instance, Organization):
        return list(Service.objects.filter(organization_id=instance.pk).values_list("id", flat=True))
    return []


def _changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # fixtures: the index is rebuilt afterwards
        return
    ids = _service_ids(instance)
    if ids:
        reindex_services(ids)


def _gemeenten_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Service):
        reindex_services([instance.pk])


def connect_signals() -> None:
    for model in (Service, ServiceTerm, ServiceAtLocation, Schedule, Location, Organization):
        post_save.connect(_changed, sender=model, dispatch_uid=f"directory-index-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"directory-index-delete-{model.__name__}")
    m2m_changed.connect(
        _gemeenten_changed, sender=Service.gemeenten.through, dispatch_uid="directory-index-gemeenten"
    )
