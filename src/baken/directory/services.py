"""Writes to the directory (docs/architecture.md: writes in services, reads in selectors)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from baken.core.models import User

from .models import Service, ServiceTerm
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
