"""The sociaal-educatieve kaart at the desk (search, service page) and for the coordinator (forms, task list).

Desk pages read through ``visible_*`` selectors (own rows and partners shared with the library); every
write goes through ``editable_*`` selectors, so another library's row is a 404.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baken.core.models import Library
from baken.core.permissions import role_required
from baken.core.roles import COORDINATOR_ROLES, DESK_ROLES
from baken.core.scope import Scope
from baken.core.types import AuthedRequest

from . import selectors, services
from .forms import LocationForm, OrganizationForm, PlaceForm, ScheduleForm, SearchForm, ServiceForm
from .models import Organization, Schedule, Service, ServiceAtLocation, ServiceStatus, prefetch_for_display
from .search import HORIZON_DAYS, periods, search_services

RESULT_LIMIT = 30


def _scope(request: AuthedRequest) -> Scope:
    return Scope.for_user(request.user)


def _library(request: AuthedRequest) -> Library:
    return Library.objects.get(pk=_scope(request).require_library())


def desk_services(scope: Scope) -> QuerySet[Service]:
    """What the desk may find: visible, and not stopped or inactive (temporarily closed ones show, marked)."""
    return selectors.visible_services(scope=scope).exclude(
        status__in=[ServiceStatus.DEFUNCT, ServiceStatus.INACTIVE]
    )


# --- desk ------------------------------------------------------------------------------------------


@require_GET
@never_cache
@role_required(DESK_ROLES)
def search(request: AuthedRequest) -> HttpResponse:
    """One box and a few filters (GET, docs/adr/0091): topic words only, never a visitor's data."""
    scope = _scope(request)
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid() and form.has_query():
        data = form.cleaned_data
        gemeente = data.get("gemeente")
        results = search_services(
            services=desk_services(scope),
            text=data["q"],
            topics=data["onderwerp"],
            gemeente_id=gemeente.pk if gemeente else None,
            target_groups=data["doelgroep"],
            kind=data["soort"] or None,
            open_now=data["nu_open"],
            in_library_today=data["vandaag_bieb"],
            now=timezone.now(),
            limit=RESULT_LIMIT,
        )
    context = {"form": form, "results": results, "now": timezone.localtime()}
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "directory/_results.html" if partial else "directory/search.html"
    return render(request, template, context)


@require_GET
@role_required(DESK_ROLES)
def service_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    service = get_object_or_404(prefetch_for_display(selectors.visible_services(scope=scope)), pk=pk)
    now = timezone.localtime()
    moment = now.replace(tzinfo=None)
    today = moment.date()
    places = []
    for sal in service.service_at_locations.all():
        rows = []
        for schedule in sal.schedules.all():
            upcoming = [
                p for p in periods(schedule, today, today + timedelta(days=HORIZON_DAYS)) if p[1] > moment
            ]
            rows.append({"schedule": schedule, "next": upcoming[0] if upcoming else None})
        places.append({"sal": sal, "schedules": rows})
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "places": places,
            "stale": service.is_stale(today),
            "editable": service.library_id == scope.library_id,
            "now": now,
        },
    )


# --- coordinator -----------------------------------------------------------------------------------


@require_GET
@role_required(COORDINATOR_ROLES)
def manage(request: AuthedRequest) -> HttpResponse:
    scope = _scope(request)
    library_id = scope.require_library()
    today = timezone.localdate()
    organizations = (
        selectors.visible_organizations(scope=scope)
        .select_related("library")
        .prefetch_related("shared_with")
        .order_by("name")
    )
    service_list = (
        selectors.visible_services(scope=scope)
        .select_related("organization", "library", "last_verified_by")
        .order_by("organization__name", "name")
    )
    return render(
        request,
        "directory/manage.html",
        {
            "library_id": library_id,
            "organizations": organizations,
            "services": service_list,
            "locations": selectors.visible_locations(scope=scope)
            .select_related("library", "organization", "branch", "gemeente")
            .order_by("name"),
            "stale": selectors.stale_services(scope=scope, today=today),
            "today": today,
        },
    )


def _organization_form_page(request: AuthedRequest, organization: Organization | None) -> HttpResponse:
    library = _library(request)
    form = OrganizationForm(request.POST or None, instance=organization, library=library)
    if request.method == "POST" and form.is_valid():
        saved = services.save_organization(
            actor=request.user,
            organization=form.save(commit=False),
            shared_with=form.cleaned_data["shared_with"],
        )
        messages.success(request, _("Partner %(name)s saved.") % {"name": saved.name})
        return redirect("directory:manage")
    return render(
        request,
        "directory/form.html",
        {"form": form, "title": _("Partner organisation"), "object": organization},
    )


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR_ROLES)
def organization_create(request: AuthedRequest) -> HttpResponse:
    return _organization_form_page(request, None)


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR_ROLES)
def organization_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(selectors.editable_organizations(scope=_scope(request)), pk=pk)
    return _organization_form_page(request, organization)


def _location_form_page(request: AuthedRequest, location: Any) -> HttpResponse:
    scope = _scope(request)
    form = LocationForm(
        request.POST or None,
        instance=location,
        library=_library(request),
        scope=scope,
    )
    if request.method == "POST" and form.is_valid():
        saved = services.save_location(actor=request.user, location=form.save(commit=False))
        messages.success(request, _("Location %(name)s saved.") % {"name": saved.name})
        return redirect("directory:manage")
    return render(request, "directory/form.html", {"form": form, "title": _("Location"), "object": location})


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR_ROLES)
def location_create(request: AuthedRequest) -> HttpResponse:
    return _location_form_page(request, None)


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR_ROLES)
def location_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    location = get_object_or_404(selectors.editable_locations(scope=_scope(request)), pk=pk)
    return _location_form_page(request, location)


def _service_form_page(request: AuthedRequest, service: Service | None) -> HttpResponse:
    scope = _scope(request)
    form = ServiceForm(
        request.POST or None,
        instance=service,
        library=_library(request),
        scope=scope,
    )
    if request.method == "POST" and form.is_valid():
        saved = services.save_service(
            actor=request.user,
            service=form.save(commit=False),
            gemeenten=form.cleaned_data["gemeenten"],
            terms=form.terms(),
            today=timezone.localdate(),
        )
        messages.success(request, _("Service %(name)s saved and marked as checked.") % {"name": saved.name})
        return redirect("directory:service_edit", pk=saved.pk)
    places = []
    if service is not None:
        places = list(service.service_at_locations.select_related("location").prefetch_related("schedules"))
    return render(
        request,
        "directory/service_form.html",
        {"form": form, "service": service, "places": places, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR_ROLES)
def service_create(request: AuthedRequest) -> HttpResponse:
    return _service_form_page(request, None)


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR_ROLES)
def service_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(selectors.editable_services(scope=_scope(request)), pk=pk)
    return _service_form_page(request, service)


@require_POST
@role_required(COORDINATOR_ROLES)
def service_verify(request: AuthedRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(selectors.editable_services(scope=_scope(request)), pk=pk)
    services.verify_service(actor=request.user, service=service, today=timezone.localdate())
    messages.success(request, _("%(name)s is marked as checked today.") % {"name": service.name})
    return redirect("directory:manage")


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR_ROLES)
def service_place_add(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    service = get_object_or_404(selectors.editable_services(scope=scope), pk=pk)
    form = PlaceForm(
        request.POST or None,
        service=service,
        scope=scope,
    )
    if request.method == "POST" and form.is_valid():
        place = services.add_place(actor=request.user, place=form.save(commit=False))
        messages.success(request, _("Location added. Now add the opening times."))
        return redirect("directory:serviceatlocation_schedule_add", pk=place.pk)
    return render(
        request,
        "directory/form.html",
        {"form": form, "title": _("Where is %(name)s given?") % {"name": service.name}, "object": None},
    )


def _editable_place(request: AuthedRequest, pk: int) -> ServiceAtLocation:
    own = selectors.editable_services(scope=_scope(request))
    return get_object_or_404(
        ServiceAtLocation.objects.select_related("service", "location").filter(service__in=own), pk=pk
    )


@require_POST
@role_required(COORDINATOR_ROLES)
def serviceatlocation_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    place = _editable_place(request, pk)
    service_id = place.service_id
    services.remove_place(actor=request.user, place=place)
    messages.success(request, _("Location removed from the service."))
    return redirect("directory:service_edit", pk=service_id)


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR_ROLES)
def serviceatlocation_schedule_add(request: AuthedRequest, pk: int) -> HttpResponse:
    place = _editable_place(request, pk)
    form = ScheduleForm(request.POST or None, service_at_location=place)
    if request.method == "POST" and form.is_valid():
        services.add_schedule(actor=request.user, schedule=form.save(commit=False))
        messages.success(request, _("Opening time added."))
        return redirect("directory:service_edit", pk=place.service_id)
    return render(request, "directory/schedule_form.html", {"form": form, "place": place})


@require_POST
@role_required(COORDINATOR_ROLES)
def schedule_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    own = selectors.editable_services(scope=_scope(request))
    schedule = get_object_or_404(
        Schedule.objects.select_related("service_at_location__service").filter(
            service_at_location__service__in=own
        ),
        pk=pk,
    )
    sal = schedule.service_at_location
    assert sal is not None
    services.remove_schedule(actor=request.user, schedule=schedule)
    messages.success(request, _("Opening time removed."))
    return redirect("directory:service_edit", pk=sal.service_id)
