"""CSV export of the kaart for coordinators, in the import's columns so it can be edited and imported again.

One row per service. The location and times columns hold the first place and its first time; any further
places and times are spelled out in ``meer_plaatsen_en_tijden`` (and are kept by a re-import, which only
adds or updates the place in the row). Every cell that a spreadsheet would run as a formula gets a leading
apostrophe (CSV injection). No staff names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone

from .hsds import prefetch_for_hsds, schedule_text
from .imports import COLUMN_KEYS, EXPORT_ONLY_COLUMNS, STATUS_EXPORT
from .models import Service, ServiceStatus, ServiceTerm, service_terms

EXTRA_COLUMNS = EXPORT_ONLY_COLUMNS
DAY_CODES_NL = {"MO": "ma", "TU": "di", "WE": "wo", "TH": "do", "FR": "vr", "SA": "za", "SU": "zo"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formula injection: a text cell starting with = + - @ gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _days_nl(byday: str) -> str:
    parts = []
    for part in byday.split(","):
        code = part.lstrip("+-0123456789")
        parts.append(part[: len(part) - len(code)] + DAY_CODES_NL.get(code, code))
    return ",".join(parts)


def service_row(service: Service) -> dict[str, Any]:
    sals = list(service.service_at_locations.all())
    first = sals[0] if sals else None
    location = first.location if first else None
    schedules = list(first.schedules.all()) if first else []
    schedule = schedules[0] if schedules else None
    more = []
    for index, sal in enumerate(sals):
        for position, extra in enumerate(sal.schedules.all()):
            if index == 0 and position == 0:
                continue
            more.append(f"{sal.location.name}: {schedule_text(extra)}")
        if index > 0 and not sal.schedules.all():
            more.append(sal.location.name)
    return {
        "organisatie": service.organization.name,
        "organisatie_omschrijving": service.organization.description,
        "organisatie_website": service.organization.website,
        "dienst": service.name,
        "soort": service.kind,
        "status": STATUS_EXPORT.get(ServiceStatus(service.status), service.status),
        "omschrijving": service.description,
        "onderwerpen": ";".join(service_terms(service, ServiceTerm.Vocabulary.TOPIC)),
        "doelgroepen": ";".join(service_terms(service, ServiceTerm.Vocabulary.TARGET_GROUP)),
        "talen": ";".join(service_terms(service, ServiceTerm.Vocabulary.LANGUAGE)),
        "gemeenten": ";".join(sorted(g.slug for g in service.gemeenten.all())),
        "telefoon": service.referral_phone,
        "belscript": service.referral_phone_script,
        "email_doorverwijzing": service.referral_email,
        "afspraak_url": service.appointment_url,
        "website": service.url,
        "binnenlopen": "ja" if service.walk_in else "nee",
        "vestiging": location.branch.slug if location and location.branch else "",
        "locatienaam": location.name if location else "",
        "adres": location.address_1 if location else "",
        "postcode": location.postal_code if location else "",
        "plaats": location.city if location else "",
        "dagen": _days_nl(schedule.byday) if schedule else "",
        "van": f"{schedule.opens_at:%H:%M}" if schedule else "",
        "tot": f"{schedule.closes_at:%H:%M}" if schedule else "",
        "kosten": service.fees_description or ("gratis" if service.is_free else ""),
        "wie": service.eligibility_description,
        "aanmelden": service.application_process,
        "meer_plaatsen_en_tijden": " | ".join(more),
        "laatst_gecontroleerd": service.last_verified_on.isoformat(),
        "bijgehouden_door": service.library.name,
        "id": str(service.uuid),
    }


def rows(services: QuerySet[Service]) -> Iterator[list[Any]]:
    header = [*COLUMN_KEYS, *EXTRA_COLUMNS]
    yield header
    queryset = prefetch_for_hsds(
        services.select_related("library").order_by("organization__name", "name", "pk")
    )
    for service in queryset.prefetch_related("service_at_locations__location__branch"):
        row = service_row(service)
        yield [row[key] for key in header]


def csv_response(services: QuerySet[Service]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    writer = csv.writer(buffer, delimiter=";")
    for row in rows(services):
        writer.writerow([safe_cell(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="baken-kaart-{timezone.localdate():%Y%m%d}.csv"'
    return response
