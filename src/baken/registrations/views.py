"""Desk registration, tally, corrections, and the coordinator's list, exports and summary."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from baken.core.models import AuditEvent
from baken.core.permissions import role_required
from baken.core.roles import COORDINATOR_ROLES, DESK_ROLES
from baken.core.scope import Scope
from baken.core.services import audit_log
from baken.core.types import AuthedRequest

from . import exports, selectors, services
from .desk import (
    DeskForms,
    bound_forms,
    chosen_branch,
    desk_branches,
    fresh_forms,
    question_count_from,
    remember,
)
from .forms import (
    MAX_QUESTIONS,
    ContactFilterForm,
    LocalTopicForm,
    Period,
    TallyForm,
    TallyLineForm,
    contact_data,
    new_key,
    tally_data,
)
from .models import Contact, LocalTopic, Question

TALLY_LINES = 8
PAGE_SIZE = 50


def _render_desk_form(
    request: AuthedRequest, forms: DeskForms, *, contact: Contact | None = None, status: int = 200
) -> HttpResponse:
    template = "registrations/contact_edit.html" if contact else "registrations/register.html"
    return render(
        request,
        template,
        {"desk": forms, "contact": contact, "max_questions": MAX_QUESTIONS},
        status=status,
    )


def _desk_action(request: AuthedRequest) -> str:
    action = request.POST.get("action", "save")
    return action if action in ("save", "add_question", "remove_question") else "save"


def _resized(request: AuthedRequest, scope: Scope, action: str) -> DeskForms:
    """Add or remove a question: the same data back, one block more or less, nothing stored."""
    count = question_count_from(request.POST) + (1 if action == "add_question" else -1)
    count = max(1, min(MAX_QUESTIONS, count))
    return bound_forms(scope=scope, data=request.POST, session=request.session, count=count)


@require_POST
@role_required(DESK_ROLES)
def register(request: AuthedRequest) -> HttpResponseBase:
    """Store a desk contact (exactly once per form key); on success back to the desk, ready for the next."""
    scope = Scope.for_user(request.user)
    action = _desk_action(request)
    if action != "save":
        return _render_desk_form(request, _resized(request, scope, action))
    forms = bound_forms(scope=scope, data=request.POST, session=request.session)
    if not forms.is_valid():
        forms.collect_errors()
        return _render_desk_form(request, forms, status=200)
    try:
        contact, _created = services.contact_register(
            actor=request.user,
            data=contact_data(forms.contact, forms.questions),
            idempotency_key=forms.contact.cleaned_data["idempotency_key"],
        )
    except (ValidationError, services.IdempotencyConflict) as error:
        message = (
            error.messages[0] if isinstance(error, ValidationError) else _("This form was already used.")
        )
        forms.contact.add_error(None, message)
        forms.collect_errors()
        return _render_desk_form(request, forms)
    remember(request.session, contact)
    return redirect("core:desk")


def _contact_or_404(scope: Scope, contact_id: int) -> Contact:
    queryset = selectors.contact_list(scope=scope).prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position").prefetch_related("helps"))
    )
    return get_object_or_404(queryset, pk=contact_id)


@role_required(DESK_ROLES)
def contact_detail(request: AuthedRequest, contact_id: int) -> HttpResponse:
    scope = Scope.for_user(request.user)
    contact = _contact_or_404(scope, contact_id)
    return render(
        request,
        "registrations/contact_detail.html",
        {
            "contact": contact,
            "history": selectors.contact_history(scope=scope, contact_id=contact.pk),
            "can_correct": services.can_correct(user=request.user, contact=contact),
        },
    )


def _correctable(request: AuthedRequest, contact_id: int) -> tuple[Scope, Contact]:
    scope = Scope.for_user(request.user)
    contact = _contact_or_404(scope, contact_id)
    if not services.can_correct(user=request.user, contact=contact):
        audit_log(
            actor=request.user,
            action=AuditEvent.Action.PERMISSION_DENIED,
            target=f"contact:{contact.pk}",
            detail={"reason": "correction_window"},
        )
        raise PermissionDenied
    return scope, contact


@require_http_methods(["GET", "POST"])
@role_required(DESK_ROLES)
def contact_edit(request: AuthedRequest, contact_id: int) -> HttpResponseBase:
    scope, contact = _correctable(request, contact_id)
    if request.method == "GET":
        forms = fresh_forms(scope=scope, session=request.session, like=contact, edit=True)
        return _render_desk_form(request, forms, contact=contact)
    action = _desk_action(request)
    if action != "save":
        return _render_desk_form(request, _resized(request, scope, action), contact=contact)
    forms = bound_forms(scope=scope, data=request.POST, session=request.session)
    if not forms.is_valid():
        forms.collect_errors()
        return _render_desk_form(request, forms, contact=contact)
    try:
        services.contact_update(
            actor=request.user, contact=contact, data=contact_data(forms.contact, forms.questions)
        )
    except ValidationError as error:
        forms.contact.add_error(None, error.messages[0])
        forms.collect_errors()
        return _render_desk_form(request, forms, contact=contact)
    messages.success(request, _("The contact has been changed."))
    return redirect("registrations:contact_detail", contact_id=contact.pk)


@require_http_methods(["GET", "POST"])
@role_required(DESK_ROLES)
def contact_delete(request: AuthedRequest, contact_id: int) -> HttpResponseBase:
    _scope, contact = _correctable(request, contact_id)
    if request.method == "POST":
        services.contact_delete(actor=request.user, contact=contact)
        messages.success(request, _("The contact has been deleted. It no longer counts in any figure."))
        return redirect(
            "registrations:contact_list" if request.user.role in COORDINATOR_ROLES else "core:desk"
        )
    return render(request, "registrations/contact_delete.html", {"contact": contact})


def _tally_forms(request: AuthedRequest, scope: Scope) -> tuple[TallyForm, list[TallyLineForm]]:
    branches = desk_branches(scope)
    if request.method == "POST":
        form = TallyForm(request.POST, branches=branches)
        lines = [TallyLineForm(request.POST, prefix=f"r{n}") for n in range(1, TALLY_LINES + 1)]
        return form, lines
    initial = {
        "idempotency_key": new_key(),
        "branch": getattr(chosen_branch(branches, request.session), "pk", None),
        "date": timezone.localdate(),
        "channel": "balie",
    }
    return TallyForm(initial=initial, branches=branches), [
        TallyLineForm(prefix=f"r{n}") for n in range(1, TALLY_LINES + 1)
    ]


@require_http_methods(["GET", "POST"])
@role_required(DESK_ROLES)
def tally(request: AuthedRequest) -> HttpResponseBase:
    """Turven: counts per topic and help for a busy day or a consultation hour."""
    scope = Scope.for_user(request.user)
    form, lines = _tally_forms(request, scope)
    if request.method == "POST":
        valid = form.is_valid()
        valid = all([line.is_valid() for line in lines]) and valid
        if valid:
            try:
                sheet, _created = services.tally_register(
                    actor=request.user,
                    data=tally_data(form, lines),
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            except services.IdempotencyConflict:
                form.add_error(None, _("This form was already used."))
            else:
                total = sum(line.count for line in sheet.lines.all())
                messages.success(request, _("Tally saved. Questions counted: %(n)d.") % {"n": total})
                return redirect("registrations:tally")
    recent = selectors.tally_sheet_list(scope=scope).filter(
        date__gte=timezone.localdate() - timedelta(days=7)
    )
    return render(
        request,
        "registrations/tally.html",
        {
            "form": form,
            "lines": lines,
            "line_errors": [line for line in lines if line.errors],
            "recent": [
                (sheet, services.can_correct_tally(user=request.user, sheet=sheet)) for sheet in recent
            ],
        },
    )


@require_POST
@role_required(DESK_ROLES)
def tally_delete(request: AuthedRequest, sheet_id: int) -> HttpResponseBase:
    scope = Scope.for_user(request.user)
    sheet = get_object_or_404(selectors.tally_sheet_list(scope=scope), pk=sheet_id)
    if not services.can_correct_tally(user=request.user, sheet=sheet):
        raise PermissionDenied
    services.tally_delete(actor=request.user, sheet=sheet)
    messages.success(request, _("The tally has been deleted."))
    return redirect("registrations:tally")


def _filtered_contacts(request: AuthedRequest, scope: Scope) -> tuple[ContactFilterForm, QuerySet[Contact]]:
    form = ContactFilterForm(request.GET or None, branches=desk_branches(scope))
    contacts = selectors.contact_list(scope=scope)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["branch"]:
            contacts = contacts.filter(branch=data["branch"])
        if data["date_from"]:
            contacts = contacts.filter(date__gte=data["date_from"])
        if data["date_to"]:
            contacts = contacts.filter(date__lte=data["date_to"])
        if data["topic"]:
            contacts = contacts.filter(questions__topic=data["topic"]).distinct()
    elif form.is_bound:
        contacts = contacts.none()
    return form, contacts


@role_required(COORDINATOR_ROLES)
def contact_list(request: AuthedRequest) -> HttpResponse:
    scope = Scope.for_user(request.user)
    form, contacts = _filtered_contacts(request, scope)
    page = Paginator(
        contacts.prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position").prefetch_related("helps"))
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "registrations/contact_list.html",
        {"filter_form": form, "page": page, "query": query.urlencode(), "total": contacts.count()},
    )


def _export(request: AuthedRequest, kind: str) -> HttpResponse:
    scope = Scope.for_user(request.user)
    form, contacts = _filtered_contacts(request, scope)
    rows = exports.export_rows(contacts)
    audit_log(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        target=f"registrations:{kind}",
        detail={
            k: str(v)
            for k, v in (form.cleaned_data.items() if form.is_bound and form.is_valid() else [])
            if v
        },
    )
    return exports.csv_response(rows) if kind == "csv" else exports.xlsx_response(rows)


@role_required(COORDINATOR_ROLES)
def export_csv(request: AuthedRequest) -> HttpResponse:
    return _export(request, "csv")


@role_required(COORDINATOR_ROLES)
def export_xlsx(request: AuthedRequest) -> HttpResponse:
    return _export(request, "xlsx")


@role_required(COORDINATOR_ROLES)
def summary(request: AuthedRequest) -> HttpResponse:
    """Day or week figures of one branch, in the order of the Bibliotheekmonitor IDO form."""
    scope = Scope.for_user(request.user)
    branches = desk_branches(scope)
    data: Any = request.GET if "branch" in request.GET else None
    form = Period(
        data,
        branches=branches,
        initial={
            "period": "week",
            "date": timezone.localdate(),
            "branch": getattr(branches.first(), "pk", None),
        },
    )
    result = None
    bounds = None
    if form.is_bound and form.is_valid():
        bounds = form.bounds()
        result = selectors.branch_summary(
            scope=scope, branch_id=form.cleaned_data["branch"].pk, start=bounds[0], end=bounds[1]
        )
    return render(
        request,
        "registrations/summary.html",
        {"form": form, "summary": result, "bounds": bounds, "sections": exports.summary_sections(result)},
    )


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR_ROLES)
def local_topics(request: AuthedRequest, topic_id: int | None = None) -> HttpResponseBase:
    scope = Scope.for_user(request.user)
    topics = selectors.local_topic_list(scope=scope)
    instance = get_object_or_404(topics, pk=topic_id) if topic_id is not None else LocalTopic()
    library_id = scope.require_library()
    form = LocalTopicForm(request.POST or None, instance=instance, library_id=library_id)
    if request.method == "POST" and form.is_valid():
        services.local_topic_save(actor=request.user, topic=form.save(commit=False))
        messages.success(request, _("The sub-topic has been saved."))
        return redirect("registrations:local_topics")
    return render(
        request,
        "registrations/local_topics.html",
        {"form": form, "topics": topics, "editing": instance if topic_id is not None else None},
    )
