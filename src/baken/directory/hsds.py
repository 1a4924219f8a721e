"""Open Referral HSDS 3.0 export of the sociaal-educatieve kaart (docs/adr/0090-directory-hsds-shape.md).

``service_document`` turns a service into an HSDS ``service`` object (with its organization, locations,
addresses, schedules, phones, languages, attributes, cost options and service areas);
``organization_document`` does the same for an ``organization``. Both come in two cuts:

- ``public=True`` for citizens and open-data use: only what a citizen may read. Never the warm-referral
  e-mail address, the phone script, partner contacts, who hosts a spreekuur, or who checked the entry.
- ``public=False`` for the coordinators of the libraries that see the service: also the referral e-mail
  (as a contact) and the phone script (as the referral phone's description). Still no staff names.

Ids are the rows' UUIDs; objects without a row of their own (an address, a language, an attribute) get a
UUID derived from their parent's (uuid5), so an export made twice gives the same ids.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import translation

from baken.core.taxonomy import TargetGroup, Topic

from .models import (
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTerm,
    service_terms,
)
from .schedule_text import in_words

# Fixed namespace for derived ids (uuid5): never change it, ids in earlier exports depend on it.
NAMESPACE = uuid.UUID("5c0a6e55-bd3f-4e8a-9d57-1b6a7e0b9a90")
HSDS_VERSION = "3.0"
BAG_SCHEME = "BAG nummeraanduiding"

# The two taxonomies the attributes point at: the national IDO registration codes (docs/domain.md).
TAXONOMIES: dict[str, dict[str, str]] = {
    ServiceTerm.Vocabulary.TOPIC: {
        "name": "IDO onderwerp",
        "description": "Landelijke onderwerpcodes van de IDO-registratie.",
        "version": "2024",
    },
    ServiceTerm.Vocabulary.TARGET_GROUP: {
        "name": "IDO doelgroep",
        "description": "Landelijke doelgroepcodes van de IDO-registratie.",
        "version": "2024",
    },
}


def derived_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _clean(document: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty optional values: HSDS readers treat a missing field and an empty one alike."""
    return {key: value for key, value in document.items() if value not in ("", None, [])}


def prefetch_for_hsds(queryset: QuerySet[Service]) -> QuerySet[Service]:
    """Everything ``service_document`` reads, in a fixed number of queries."""
    return queryset.select_related("organization").prefetch_related(
        "terms",
        "gemeenten",
        "phones",
        "contacts",
        "organization__phones",
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related(
                "location", "location__gemeente"
            ).prefetch_related("schedules", "location__phones", "location__schedules"),
        ),
    )


# --- small objects -----------------------------------------------------------------------------------


def _taxonomy_term(vocabulary: str, code: str) -> dict[str, Any]:
    labels = dict(Topic.choices) if vocabulary == ServiceTerm.Vocabulary.TOPIC else dict(TargetGroup.choices)
    taxonomy = TAXONOMIES[vocabulary]
    with translation.override("nl"):
        name = str(labels.get(code, code))
    return {
        "id": derived_id("term", vocabulary, code),
        "code": code,
        "name": name,
        "description": name,
        "taxonomy": taxonomy["name"],
        "language": "nl",
        "taxonomy_id": derived_id("taxonomy", vocabulary),
        "taxonomy_detail": {
            "id": derived_id("taxonomy", vocabulary),
            "name": taxonomy["name"],
            "description": taxonomy["description"],
            "version": taxonomy["version"],
        },
    }


def _attributes(service: Service) -> list[dict[str, Any]]:
    attributes = []
    for vocabulary, link_type in (
        (ServiceTerm.Vocabulary.TOPIC, "topic"),
        (ServiceTerm.Vocabulary.TARGET_GROUP, "audience"),
    ):
        for code in service_terms(service, vocabulary):
            term = _taxonomy_term(vocabulary, code)
            attributes.append(
                {
                    "id": derived_id("attribute", service.uuid, vocabulary, code),
                    "link_id": str(service.uuid),
                    "link_type": link_type,
                    "link_entity": "service",
                    "taxonomy_term_id": term["id"],
                    "value": code,
                    "taxonomy_term": term,
                }
            )
    return attributes


def _languages(service: Service) -> list[dict[str, Any]]:
    names = dict(Language.choices)
    with translation.override("nl"):
        return [
            {
                "id": derived_id("language", service.uuid, code),
                "service_id": str(service.uuid),
                "name": str(names.get(code, code)),
                "code": code,
            }
            for code in service_terms(service, ServiceTerm.Vocabulary.LANGUAGE)
        ]


def _phone(phone: Phone, **links: str) -> dict[str, Any]:
    return _clean(
        {
            "id": str(phone.uuid),
            **links,
            "number": phone.number,
            "type": phone.type,
            "description": phone.description,
        }
    )


def schedule_text(schedule: Schedule) -> str:
    """The recurrence in plain Dutch whatever the page's language (the export is Dutch open data):
    "elke maandag en woensdag, 09:00 tot 12:00"."""
    with translation.override("nl"):
        return in_words(schedule)


def _schedule(schedule: Schedule, *, public: bool, **links: str) -> dict[str, Any]:
    notes = [schedule.where] if public else [schedule.where, schedule.host]
    return _clean(
        {
            "id": str(schedule.uuid),
            **links,
            "valid_from": schedule.valid_from.isoformat() if schedule.valid_from else None,
            "valid_to": schedule.valid_to.isoformat() if schedule.valid_to else None,
            "until": f"{schedule.valid_to:%Y-%m-%d}T23:59:59" if schedule.valid_to else None,
            "wkst": "MO",
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": schedule.byday,
            "opens_at": f"{schedule.opens_at:%H:%M}",
            "closes_at": f"{schedule.closes_at:%H:%M}",
            "description": schedule.description or schedule_text(schedule),
            "attending_type": "in_person",
            "notes": " · ".join(n for n in notes if n),
        }
    )


def _location(location: Location, *, public: bool) -> dict[str, Any]:
    location_id = str(location.uuid)
    addresses = []
    if location.address_1 or location.city:
        addresses.append(
            {
                "id": derived_id("address", location.uuid),
                "location_id": location_id,
                "address_1": location.address_1,
                "city": location.city,
                "region": location.gemeente.name if location.gemeente else "",
                "state_province": "",
                "postal_code": location.postal_code,
                "country": "NL",
                "address_type": "physical",
            }
        )
    accessibility = (
        [
            {
                "id": derived_id("accessibility", location.uuid),
                "location_id": location_id,
                "description": location.accessibility,
            }
        ]
        if location.accessibility
        else []
    )
    return _clean(
        {
            "id": location_id,
            "location_type": location.location_type,
            "organization_id": str(location.organization.uuid) if location.organization else None,
            "name": location.name,
            "description": location.description,
            "latitude": float(location.latitude) if location.latitude is not None else None,
            "longitude": float(location.longitude) if location.longitude is not None else None,
            "external_identifier": location.bag_id,
            "external_identifier_type": BAG_SCHEME if location.bag_id else None,
            "addresses": addresses,
            "accessibility": accessibility,
            "phones": [_phone(p, location_id=location_id) for p in location.phones.all()],
            "schedules": [
                _schedule(s, public=public, location_id=location_id) for s in location.schedules.all()
            ],
        }
    )


# --- documents ---------------------------------------------------------------------------------------


def organization_document(organization: Organization, *, public: bool) -> dict[str, Any]:
    del public  # an organization holds nothing desk-only; the parameter keeps both calls alike
    org_id = str(organization.uuid)
    return _clean(
        {
            "id": org_id,
            "name": organization.name,
            "alternate_name": organization.alternate_name,
            "description": organization.description,
            "email": organization.email,
            "website": organization.website,
            "phones": [_phone(p, organization_id=org_id) for p in organization.phones.all()],
        }
    ) | {"description": organization.description}  # required by HSDS, even when empty


def service_document(service: Service, *, public: bool) -> dict[str, Any]:
    service_id = str(service.uuid)
    phones = [_phone(p, service_id=service_id) for p in service.phones.all()]
    if service.referral_phone:
        phones.insert(
            0,
            _clean(
                {
                    "id": derived_id("referral-phone", service.uuid),
                    "service_id": service_id,
                    "number": service.referral_phone,
                    "type": "voice",
                    "description": "Bellen voor een afspraak"
                    if public
                    else (service.referral_phone_script or "Bellen voor een afspraak"),
                }
            ),
        )
    contacts: list[dict[str, Any]] = []
    if not public:
        contacts = [
            _clean(
                {
                    "id": str(c.uuid),
                    "service_id": service_id,
                    "name": c.name,
                    "title": c.title,
                    "email": c.email,
                }
            )
            for c in service.contacts.all()
        ]
        if service.referral_email:
            contacts.insert(
                0,
                {
                    "id": derived_id("referral-email", service.uuid),
                    "service_id": service_id,
                    "name": "Warme doorverwijzing",
                    "department": "Doorverwijzingen vanuit het IDO",
                    "email": service.referral_email,
                },
            )
    cost_options = [
        _clean(
            {
                "id": derived_id("cost", service.uuid),
                "service_id": service_id,
                "option": "Gratis" if service.is_free else "Betaald",
                "currency": "EUR",
                "amount": 0 if service.is_free and not service.fees_description else None,
                "amount_description": service.fees_description or ("Gratis" if service.is_free else ""),
            }
        )
    ]
    service_areas = [
        {
            "id": derived_id("area", service.uuid, gemeente.cbs_code),
            "service_id": service_id,
            "name": gemeente.name,
            "description": f"Inwoners van de gemeente {gemeente.name}",
            "extent_type": "text",
            "extent": gemeente.cbs_code,
        }
        for gemeente in sorted(service.gemeenten.all(), key=lambda g: g.name)
    ]
    service_at_locations = []
    for sal in service.service_at_locations.all():
        sal_id = str(sal.uuid)
        service_at_locations.append(
            _clean(
                {
                    "id": sal_id,
                    "service_id": service_id,
                    "location_id": str(sal.location.uuid),
                    "description": sal.description,
                    "schedules": [
                        _schedule(s, public=public, service_id=service_id, service_at_location_id=sal_id)
                        for s in sal.schedules.all()
                    ],
                    "location": _location(sal.location, public=public),
                }
            )
        )
    document = {
        "id": service_id,
        "organization_id": str(service.organization.uuid),
        "name": service.name,
        "alternate_name": service.alternate_name,
        "description": service.description,
        "url": service.url or service.appointment_url,
        "email": service.email,
        "status": service.status,
        "application_process": _application_process(service),
        "fees_description": service.fees_description or ("Gratis" if service.is_free else ""),
        "eligibility_description": service.eligibility_description,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "assured_date": service.last_verified_on.isoformat(),
        "last_modified": service.updated_at.isoformat(),
        "phones": phones,
        "service_areas": service_areas,
        "service_at_locations": service_at_locations,
        "languages": _languages(service),
        "organization": organization_document(service.organization, public=public),
        "cost_options": cost_options,
        "contacts": contacts,
        "attributes": _attributes(service),
    }
    return _clean(document)


def _application_process(service: Service) -> str:
    ways = []
    if service.walk_in:
        ways.append("U kunt zonder afspraak binnenlopen.")
    if service.referral_phone:
        ways.append(f"Bel {service.referral_phone}.")
    if service.appointment_url:
        ways.append(f"Maak een afspraak via {service.appointment_url}.")
    if service.application_process:
        ways.append(service.application_process)
    return " ".join(ways)


def page(contents: list[dict[str, Any]]) -> dict[str, Any]:
    """The HSDS API's paged envelope (openapi.json ``Page``), one page holding everything."""
    return {
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "contents": contents,
    }


def services_page(services: QuerySet[Service], *, public: bool) -> dict[str, Any]:
    rows = prefetch_for_hsds(services.order_by("organization__name", "name", "pk"))
    return page([service_document(s, public=public) for s in rows])


def organizations_page(organizations: Iterable[Organization], *, public: bool) -> dict[str, Any]:
    return page([organization_document(o, public=public) for o in organizations])


def organizations_of(services: QuerySet[Service]) -> QuerySet[Organization]:
    return (
        Organization.objects.filter(pk__in=services.values("organization_id"))
        .prefetch_related(Prefetch("phones", queryset=Phone.objects.order_by("id")))
        .order_by("name", "pk")
    )
