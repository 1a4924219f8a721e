"""Public pages per gemeente (no login, issue 4): the IDO desks with their hours, and help nearby.

Plain Dutch (B1), printable, and only what a citizen may read: never the warm-referral e-mail address, the
phone script, who checked an entry or who hosts a spreekuur (docs/architecture.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from baken.core.models import Gemeente
from baken.core.permissions import public
from baken.core.taxonomy import TargetGroup, Topic

from . import hsds, selectors_public
from .forms_io import PublicSearchForm
from .models import Language, Location, Phone, Service, ServiceAtLocation, ServiceTerm, service_terms
from .schedule_text import in_words
from .search import search_services

RESULT_LIMIT = 50


@dataclass
class Place:
    name: str
    address: str
    postal_code: str
    city: str
    accessibility: str
    in_library: bool
    times: list[str] = field(default_factory=list)


@dataclass
class PublicService:
    """What a citizen reads about a service; built from the model so templates cannot reach the rest."""

    uuid: str
    name: str
    organization: str
    organization_website: str
    kind: str
    description: str
    eligibility: str
    application_process: str
    fees: str
    is_free: bool
    phones: list[str]
    walk_in: bool
    website: str
    appointment_url: str
    places: list[Place]
    topics: list[str]
    target_groups: list[str]
    languages: list[str]
    next_opening: tuple[datetime, datetime] | None


def _public_queryset(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organization").prefetch_related(
        "terms",
        Prefetch("phones", queryset=Phone.objects.order_by("id")),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related("schedules"),
        ),
    )


def _place(location: Location, sal: ServiceAtLocation) -> Place:
    return Place(
        name=location.name,
        address=location.address_1,
        postal_code=location.postal_code,
        city=location.city,
        accessibility=location.accessibility,
        in_library=location.branch_id is not None,
        times=[(f"{in_words(s)} ({s.where})" if s.where else in_words(s)) for s in sal.schedules.all()],
    )


def to_public(service: Service, now: datetime) -> PublicService:
    topics = dict(Topic.choices)
    groups = dict(TargetGroup.choices)
    languages = dict(Language.choices)
    places = []
    openings: list[tuple[datetime, datetime]] = []
    for sal in service.service_at_locations.all():
        places.append(_place(sal.location, sal))
        for schedule in sal.schedules.all():
            found = schedule.next_opening(now.replace(tzinfo=None))
            if found is not None:
                openings.append(found)
    phones = [service.referral_phone] if service.referral_phone else []
    phones += [p.number for p in service.phones.all() if p.number not in phones]
    return PublicService(
        uuid=str(service.uuid),
        name=service.name,
        organization=service.organization.name,
        organization_website=service.organization.website,
        kind=service.kind,
        description=service.description,
        eligibility=service.eligibility_description,
        application_process=service.application_process,
        fees=service.fees_description,
        is_free=service.is_free,
        phones=phones,
        walk_in=service.walk_in,
        website=service.url,
        appointment_url=service.appointment_url,
        places=places,
        topics=[str(topics.get(c, c)) for c in service_terms(service, ServiceTerm.Vocabulary.TOPIC)],
        target_groups=[
            str(groups.get(c, c)) for c in service_terms(service, ServiceTerm.Vocabulary.TARGET_GROUP)
        ],
        languages=[str(languages.get(c, c)) for c in service_terms(service, ServiceTerm.Vocabulary.LANGUAGE)],
        next_opening=min(openings) if openings else None,
    )


def _desks(gemeente: Gemeente, now: datetime) -> list[dict[str, Any]]:
    desks = []
    for branch in selectors_public.ido_desks(gemeente=gemeente):
        hours = list(branch.ido_hours.all())
        desks.append(
            {
                "branch": branch,
                "hours": hours,
                "status": selectors_public.desk_status(hours, now.replace(tzinfo=None)),
            }
        )
    return desks


def _gemeente(slug: str) -> Gemeente:
    gemeente: Gemeente = get_object_or_404(selectors_public.public_gemeenten(), slug=slug)
    return gemeente


@public
@require_GET
def public_index(request: HttpRequest) -> HttpResponseBase:
    return render(request, "directory/public_index.html", {"gemeenten": selectors_public.public_gemeenten()})


@public
@require_GET
def public_gemeente(request: HttpRequest, gemeente_slug: str) -> HttpResponseBase:
    gemeente = _gemeente(gemeente_slug)
    now = timezone.localtime()
    form = PublicSearchForm(request.GET or None)
    searched = bool(request.GET) and form.is_valid()
    services = selectors_public.services_for_gemeente(gemeente=gemeente)
    text = form.cleaned_data.get("q", "") if searched else ""
    topic = form.cleaned_data.get("onderwerp", "") if searched else ""
    if text or topic:
        # The desk's search engine (search.py), over the public services of this gemeente only. It ranks
        # plain rows; the page then loads the full services it shows in a fixed number of queries.
        ranked = [
            result.service.id
            for result in search_services(
                services=services, text=text, topics=[topic] if topic else (), now=now, limit=RESULT_LIMIT + 1
            )
        ]
        loaded = _public_queryset(services).in_bulk(ranked)
        found = [loaded[pk] for pk in ranked if pk in loaded]
    else:
        found = list(_public_queryset(services.order_by("name", "pk"))[: RESULT_LIMIT + 1])
    return render(
        request,
        "directory/public_gemeente.html",
        {
            "gemeente": gemeente,
            "desks": _desks(gemeente, now),
            "form": form,
            "searched": searched,
            "results": [to_public(s, now) for s in found[:RESULT_LIMIT]],
            "more": len(found) > RESULT_LIMIT,
            "now": now,
        },
    )


@public
@require_GET
def public_service(request: HttpRequest, gemeente_slug: str, uuid: str) -> HttpResponseBase:
    gemeente = _gemeente(gemeente_slug)
    services = _public_queryset(selectors_public.services_for_gemeente(gemeente=gemeente))
    service = services.filter(uuid=uuid).first()
    if service is None:
        raise Http404
    now = timezone.localtime()
    return render(
        request,
        "directory/public_service.html",
        {"gemeente": gemeente, "service": to_public(service, now), "now": now},
    )


def _json(document: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: anyone may read it, no cookies involved
    return response


@public
@require_GET
def public_hsds(request: HttpRequest, gemeente_slug: str) -> HttpResponseBase:
    gemeente = _gemeente(gemeente_slug)
    services = selectors_public.services_for_gemeente(gemeente=gemeente)
    return _json(hsds.services_page(services, public=True), f"hsds-{gemeente.slug}.json")


@public
@require_GET
def public_hsds_organizations(request: HttpRequest, gemeente_slug: str) -> HttpResponseBase:
    gemeente = _gemeente(gemeente_slug)
    services = selectors_public.services_for_gemeente(gemeente=gemeente)
    organizations = hsds.organizations_of(services)
    return _json(
        hsds.organizations_page(organizations, public=True), f"hsds-organisaties-{gemeente.slug}.json"
    )
