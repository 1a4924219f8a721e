"""Staff register, library policy, data-breach register, audit log viewer and casus van de week."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baken.core import selectors as core_selectors
from baken.core.models import AuditEvent, User
from baken.core.permissions import role_required
from baken.core.scope import Scope
from baken.core.services import audit_log
from baken.core.types import AuthedRequest

from . import selectors, services
from .actions import action_label, in_catalogue_order
from .forms import (
    AuditFilterForm,
    BreachActionForm,
    BreachDecisionForm,
    BreachReportForm,
    PolicyForm,
    StaffProfileForm,
    TrainingForm,
    WeeklyCaseForm,
)
from .models import BreachIncident, StaffProfile, Training
from .roles import ALL_STAFF_ROLES, MANAGE_ROLES, OVERSIGHT_ROLES, PRIVACY_OFFICER_ROLES

AUDIT_PAGE_SIZE = 50


@dataclass(frozen=True)
class StaffRow:
    user: User
    profile: StaffProfile | None
    covered: bool
    trainings: list[Training]


def _scope(request: AuthedRequest) -> Scope:
    return Scope.for_user(request.user)


# --------------------------------------------------------------------------------------------------
# Staff register


@require_GET
@role_required(MANAGE_ROLES)
def staff_register(request: AuthedRequest) -> HttpResponse:
    scope = _scope(request)
    rows = [
        StaffRow(
            user=member,
            profile=selectors.profile_for(user=member),
            covered=selectors.staff_has_confidentiality(user=member),
            trainings=list(member.trainings.all()),
        )
        for member in selectors.staff_member_list(scope=scope)
    ]
    return render(
        request,
        "staff/register.html",
        {
            "rows": rows,
            "uncovered": sum(1 for row in rows if not row.covered),
            "renewals": sum(1 for row in rows if row.profile is not None and row.profile.renewal_due()),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(MANAGE_ROLES)
def staff_member(request: AuthedRequest, user_id: int) -> HttpResponse:
    scope = _scope(request)
    member = get_object_or_404(selectors.staff_member_list(scope=scope), pk=user_id)
    profile = selectors.profile_for(user=member)
    if request.method == "POST":
        form = StaffProfileForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            services.staff_profile_save(
                actor=request.user,
                user=member,
                kind=data["kind"],
                declaration_signed_on=data["declaration_signed_on"],
                declaration_renew_on=data["declaration_renew_on"],
                declaration_scan=data["declaration_scan"],
                remove_scan=data["remove_scan"],
            )
            messages.success(request, _("The staff details have been saved."))
            return redirect("staff:member", user_id=member.pk)
    else:
        form = StaffProfileForm(
            initial={
                "kind": profile.kind if profile else services.default_kind_for(member),
                "declaration_signed_on": profile.declaration_signed_on if profile else None,
                "declaration_renew_on": profile.declaration_renew_on if profile else None,
            }
        )
    return render(
        request,
        "staff/member.html",
        {
            "member": member,
            "profile": profile,
            "covered": selectors.staff_has_confidentiality(user=member),
            "form": form,
            "training_form": TrainingForm(),
            "trainings": member.trainings.all(),
        },
    )


@require_POST
@role_required(MANAGE_ROLES)
def training_add(request: AuthedRequest, user_id: int) -> HttpResponse:
    scope = _scope(request)
    member = get_object_or_404(selectors.staff_member_list(scope=scope), pk=user_id)
    form = TrainingForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "staff/member.html",
            {
                "member": member,
                "profile": selectors.profile_for(user=member),
                "covered": selectors.staff_has_confidentiality(user=member),
                "form": StaffProfileForm(initial={"kind": services.default_kind_for(member)}),
                "training_form": form,
                "trainings": member.trainings.all(),
            },
            status=400,
        )
    services.training_create(actor=request.user, user=member, **form.cleaned_data)
    messages.success(request, _("The training has been added."))
    return redirect("staff:member", user_id=member.pk)


@require_POST
@role_required(MANAGE_ROLES)
def training_remove(request: AuthedRequest, user_id: int, training_id: int) -> HttpResponse:
    scope = _scope(request)
    member = get_object_or_404(selectors.staff_member_list(scope=scope), pk=user_id)
    training: Training = get_object_or_404(member.trainings.all(), pk=training_id)
    services.training_delete(actor=request.user, training=training)
    messages.success(request, _("The training has been removed."))
    return redirect("staff:member", user_id=member.pk)


@require_GET
@role_required(MANAGE_ROLES)
def declaration_scan(request: AuthedRequest, user_id: int) -> FileResponse:
    """The scan is the staff member's own personal data: only the coordinator of the same library."""
    scope = _scope(request)
    member = get_object_or_404(selectors.staff_member_list(scope=scope), pk=user_id)
    profile = selectors.profile_for(user=member)
    if profile is None or not profile.declaration_scan:
        raise Http404
    audit_log(actor=request.user, action=AuditEvent.Action.READ, target=f"staff.declaration_scan:{member.pk}")
    suffix = PurePosixPath(profile.declaration_scan.name or "").suffix
    response = FileResponse(
        profile.declaration_scan.open("rb"),
        as_attachment=True,
        filename=f"geheimhoudingsverklaring-{member.pk}{suffix}",
    )
    response["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------------------------------
# Library policy


def _policy_context(request: AuthedRequest) -> dict[str, Any]:
    scope = _scope(request)
    policy = selectors.current_policy(library_id=scope.require_library())
    return {
        "policy": policy,
        "forbidden": [action_label(code) for code in in_catalogue_order(policy.forbidden_actions)],
        "written_consent": [
            action_label(code) for code in in_catalogue_order(policy.written_consent_actions)
        ],
        "library": core_selectors.library_get(scope=scope),
    }


@require_GET
@role_required(ALL_STAFF_ROLES)
def policy(request: AuthedRequest) -> HttpResponse:
    context = _policy_context(request)
    context["you_covered"] = request.user.has_confidentiality
    context["is_volunteer_kind"] = _is_volunteer(request)
    context["can_manage"] = request.user.role in MANAGE_ROLES
    context["can_read_history"] = request.user.role in OVERSIGHT_ROLES
    return render(request, "staff/policy.html", context)


def _is_volunteer(request: AuthedRequest) -> bool:
    profile = selectors.profile_for(user=request.user)
    if profile is not None:
        return profile.kind == StaffProfile.Kind.VOLUNTEER
    return services.default_kind_for(request.user) == StaffProfile.Kind.VOLUNTEER


@require_http_methods(["GET", "POST"])
@role_required(MANAGE_ROLES)
def policy_edit(request: AuthedRequest) -> HttpResponse:
    scope = _scope(request)
    library = core_selectors.library_get(scope=scope)
    current = selectors.current_policy(library_id=library.pk)
    if request.method == "POST":
        form = PolicyForm(request.POST)
        if form.is_valid():
            services.policy_version_create(actor=request.user, library=library, **form.cleaned_data)
            messages.success(request, _("The policy has been changed. It applies from now on."))
            return redirect("staff:policy")
    else:
        form = PolicyForm(initial=PolicyForm.initial_from(current))
    return render(request, "staff/policy_edit.html", {"form": form, "policy": current})


@require_GET
@role_required(OVERSIGHT_ROLES)
def policy_history(request: AuthedRequest) -> HttpResponse:
    versions = list(selectors.policy_version_list(scope=_scope(request)))
    return render(
        request, "staff/policy_history.html", {"entries": selectors.policy_history_entries(versions)}
    )


# --------------------------------------------------------------------------------------------------
# Data-breach register


@require_http_methods(["GET", "POST"])
@role_required(ALL_STAFF_ROLES)
def breach_report(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        form = BreachReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            url = request.build_absolute_uri(reverse("staff:breach_detail", args=[0])).replace(
                "/0/", "/{id}/"
            )
            services.breach_incident_report(
                actor=request.user,
                summary=data["summary"],
                discovered_at=data["discovered_at"],
                severity=data["severity"],
                incident_url=url,
            )
            messages.success(
                request,
                _(
                    "Thank you for reporting. The privacy coordinator has been informed "
                    "and will take it from here."
                ),
            )
            return redirect("core:home")
    else:
        now = timezone.localtime()
        form = BreachReportForm(
            initial={"discovered_on": now.date(), "discovered_time": now.strftime("%H:%M")}
        )
    return render(request, "staff/breach_report.html", {"form": form})


@require_GET
@role_required(OVERSIGHT_ROLES)
def breach_list(request: AuthedRequest) -> HttpResponse:
    scope = _scope(request)
    now = timezone.now()
    incidents = list(selectors.breach_incident_list(scope=scope))
    return render(
        request,
        "staff/breach_list.html",
        {
            "incidents": [{"incident": i, "overdue": i.is_overdue(now=now)} for i in incidents],
            "overdue_count": sum(1 for i in incidents if i.is_overdue(now=now)),
            "can_decide": request.user.role in PRIVACY_OFFICER_ROLES,
        },
    )


def _breach_detail_response(
    request: AuthedRequest,
    incident: BreachIncident,
    *,
    decision_form: BreachDecisionForm | None = None,
    action_form: BreachActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "staff/breach_detail.html",
        {
            "incident": incident,
            "overdue": incident.is_overdue(),
            "can_decide": request.user.role in PRIVACY_OFFICER_ROLES,
            "decision_form": decision_form or BreachDecisionForm(),
            "action_form": action_form or BreachActionForm(),
        },
        status=status,
    )


@require_GET
@role_required(OVERSIGHT_ROLES)
def breach_detail(request: AuthedRequest, incident_id: int) -> HttpResponse:
    incident = _incident_or_404(request, incident_id)
    return _breach_detail_response(request, incident)


def _incident_or_404(request: AuthedRequest, incident_id: int) -> BreachIncident:
    try:
        return selectors.breach_incident_get(scope=_scope(request), incident_id=incident_id)
    except BreachIncident.DoesNotExist as missing:
        raise Http404 from missing


@require_POST
@role_required(PRIVACY_OFFICER_ROLES)
def breach_decide(request: AuthedRequest, incident_id: int) -> HttpResponse:
    incident = _incident_or_404(request, incident_id)
    form = BreachDecisionForm(request.POST)
    if not form.is_valid():
        return _breach_detail_response(request, incident, decision_form=form, status=400)
    try:
        services.breach_decide(
            actor=request.user,
            incident=incident,
            notify_authority=form.cleaned_data["notify_authority"],
            reason=form.cleaned_data["reason"],
        )
    except services.AlreadyDecided:
        messages.error(request, _("A decision had already been recorded. Add later steps as an action."))
    else:
        messages.success(request, _("The decision has been recorded."))
    return redirect("staff:breach_detail", incident_id=incident.pk)


@require_POST
@role_required(PRIVACY_OFFICER_ROLES)
def breach_action(request: AuthedRequest, incident_id: int) -> HttpResponse:
    incident = _incident_or_404(request, incident_id)
    form = BreachActionForm(request.POST)
    if not form.is_valid():
        return _breach_detail_response(request, incident, action_form=form, status=400)
    services.breach_action_add(actor=request.user, incident=incident, text=form.cleaned_data["text"])
    messages.success(request, _("The action has been added."))
    return redirect("staff:breach_detail", incident_id=incident.pk)


# --------------------------------------------------------------------------------------------------
# Audit log viewer


def _audit_filter(request: AuthedRequest) -> tuple[AuditFilterForm, dict[str, Any]]:
    scope = _scope(request)
    form = AuditFilterForm(request.GET or None, actor_names=selectors.audit_actor_names(scope=scope))
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor_username": data["actor"],
            "action": data["action"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    return form, filters


@require_GET
@role_required(PRIVACY_OFFICER_ROLES)
def audit_log_view(request: AuthedRequest) -> HttpResponse:
    form, filters = _audit_filter(request)
    events = selectors.audit_event_search(scope=_scope(request), **filters)
    if form.is_bound and not form.is_valid():
        events = events.none()
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "staff/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_cell(value: Any) -> str:
    """Neutralise spreadsheet formulas: a cell that starts with = + - @ is read as text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
@role_required(PRIVACY_OFFICER_ROLES)
def audit_log_export(request: AuthedRequest) -> HttpResponseBase:
    form, filters = _audit_filter(request)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('staff:audit_log')}?{request.GET.urlencode()}")
    events = selectors.audit_event_search(scope=_scope(request), **filters)
    audit_log(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        target="core.auditevent",
        detail={
            "action_filter": filters.get("action", ""),
            "actor_filter": bool(filters.get("actor_username")),
            "date_from": str(filters.get("date_from") or ""),
            "date_to": str(filters.get("date_to") or ""),
        },
    )
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(["tijdstip", "wie", "actie", "op", "details"])
        for event in events.iterator(chunk_size=500):
            yield writer.writerow(
                [
                    _csv_cell(timezone.localtime(event.at).isoformat(timespec="seconds")),
                    _csv_cell(event.actor_username),
                    _csv_cell(event.action),
                    _csv_cell(event.target),
                    _csv_cell(event.detail),
                ]
            )

    stamp = timezone.localdate().isoformat()
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="auditlog-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------------------------------
# Casus van de week


@require_http_methods(["GET", "POST"])
@role_required(MANAGE_ROLES)
def weekly_cases(request: AuthedRequest) -> HttpResponse:
    scope = _scope(request)
    if request.method == "POST":
        form = WeeklyCaseForm(request.POST)
        if form.is_valid():
            services.weekly_case_post(actor=request.user, **form.cleaned_data)
            messages.success(
                request, _("The case of the week has been posted. Staff see it on the desk screen.")
            )
            return redirect("staff:cases")
    else:
        form = WeeklyCaseForm()
    return render(
        request,
        "staff/cases.html",
        {"form": form, "cases": selectors.weekly_case_list(scope=scope)[:20]},
        status=400 if form.errors else 200,
    )
