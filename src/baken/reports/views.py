"""Figures pages: dashboards and their exports, the quarterly report, the impact survey kiosk, funding."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from baken.core import selectors as core_selectors
from baken.core.models import AuditEvent, Branch, Library
from baken.core.permissions import role_required
from baken.core.roles import DESK_ROLES, FIGURES_ROLES, FUNDING_ROLES, Role
from baken.core.scope import Level, Scope
from baken.core.services import audit_log
from baken.core.types import AuthedRequest

from . import exports, selectors, services
from .charts import bar_chart, column_chart
from .forms import (
    DashboardFilterForm,
    FundingInputForm,
    ImpactForm,
    QuarterForm,
    ReserveForm,
    SpendingForm,
    default_period,
)
from .models import FundingInput, SpendingEntry
from .periods import Period, PeriodKind, add_months, month_end


def _filters(request: AuthedRequest, scope: Scope) -> tuple[DashboardFilterForm, selectors.Filters | None]:
    if "period" not in request.GET:
        return DashboardFilterForm(scope=scope), selectors.Filters(period=default_period())
    form = DashboardFilterForm(request.GET, scope=scope)
    if not form.is_valid():
        return form, None
    return form, form.filters()


def _where(request: AuthedRequest) -> str:
    user = request.user
    if user.library is not None:
        return user.library.name
    if user.gemeente is not None:
        return _("Municipality %(name)s") % {"name": user.gemeente.name}
    return _("The Netherlands")


def _charts(board: selectors.Dashboard) -> dict[str, Any]:
    tables = [(t, bar_chart(t, f"chart-{t.key}")) for t in board.tables]
    area = (board.area, bar_chart(board.area, "chart-area")) if board.area else None
    impact = [(t, bar_chart(t, f"chart-{t.key}")) for t in board.impact]
    referrals = [(t, bar_chart(t, f"chart-{t.key}")) for t in board.referrals]
    return {
        "series_chart": column_chart(board.series, "chart-period"),
        "tables": tables,
        "area": area,
        "impact": impact,
        "referrals": referrals,
    }


@role_required(FIGURES_ROLES)
def dashboard(request: AuthedRequest) -> HttpResponse:
    scope = Scope.for_user(request.user)
    form, filters = _filters(request, scope)
    context: dict[str, Any] = {"form": form, "where": _where(request), "query": request.GET.urlencode()}
    if filters is not None:
        board = selectors.dashboard(scope=scope, filters=filters)
        context.update(board=board, **_charts(board))
    return render(request, "reports/dashboard.html", context)


def _export(request: AuthedRequest, kind: str) -> HttpResponseBase:
    scope = Scope.for_user(request.user)
    _form, filters = _filters(request, scope)
    if filters is None:
        return redirect(f"{reverse('reports:dashboard')}?{request.GET.urlencode()}")
    board = selectors.dashboard(scope=scope, filters=filters)
    audit_log(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        target=f"figures:{kind}",
        detail={
            "level": str(scope.level),
            "period": filters.period.kind,
            "start": filters.period.start.isoformat(),
            "end": filters.period.end.isoformat(),
        },
    )
    return exports.csv_response(board) if kind == "csv" else exports.xlsx_response(board)


@role_required(FIGURES_ROLES)
def export_csv(request: AuthedRequest) -> HttpResponseBase:
    return _export(request, "csv")


@role_required(FIGURES_ROLES)
def export_xlsx(request: AuthedRequest) -> HttpResponseBase:
    return _export(request, "xlsx")


# --- quarterly report ------------------------------------------------------------------------------


@role_required(FIGURES_ROLES)
def quarterly(request: AuthedRequest) -> HttpResponseBase:
    scope = Scope.for_user(request.user)
    form = QuarterForm(request.GET or None, scope=scope)
    if form.is_bound and form.is_valid():
        return redirect(
            "reports:quarterly_report",
            library_id=form.cleaned_data["library"],
            year=form.cleaned_data["year"],
            quarter=form.cleaned_data["quarter"],
        )
    return render(request, "reports/quarterly.html", {"form": form})


@role_required(FIGURES_ROLES)
def quarterly_report(request: AuthedRequest, library_id: int, year: int, quarter: int) -> HttpResponse:
    if not (1 <= quarter <= 4 and 2000 <= year <= 2100):
        raise Http404
    scope = Scope.for_user(request.user)
    first = date(year, 3 * (quarter - 1) + 1, 1)
    period = Period(PeriodKind.QUARTER, first, month_end(add_months(first, 2)))
    try:
        report = selectors.quarterly_report(scope=scope, library_id=library_id, period=period)
    except Library.DoesNotExist as exc:
        raise Http404 from exc
    audit_log(
        actor=request.user,
        action=AuditEvent.Action.READ,
        target=f"quarterly_report:{library_id}",
        detail={"year": year, "quarter": quarter},
    )
    return render(
        request,
        "reports/quarterly_report.html",
        {
            "report": report,
            "board": report.dashboard,
            "quarter": quarter,
            "year": year,
            "gemeente": request.user.gemeente,
            **_charts(report.dashboard),
        },
    )


# --- impact survey ---------------------------------------------------------------------------------


@role_required(DESK_ROLES)
def impact_start(request: AuthedRequest) -> HttpResponse:
    scope = Scope.for_user(request.user)
    branches = core_selectors.branch_list(scope=scope).filter(has_ido=True)
    return render(request, "reports/impact_start.html", {"branches": branches})


def _desk_branch(request: AuthedRequest, branch_id: int) -> Branch:
    scope = Scope.for_user(request.user)
    return get_object_or_404(core_selectors.branch_list(scope=scope).filter(has_ido=True), pk=branch_id)


@role_required(DESK_ROLES)
@require_http_methods(["GET", "POST"])
def impact_kiosk(request: AuthedRequest, branch_id: int) -> HttpResponseBase:
    """The tablet page for the visitor: three questions with large buttons, and "Klaar"."""
    branch = _desk_branch(request, branch_id)
    if request.method == "POST":
        form = ImpactForm(request.POST)
        if form.is_valid():
            services.impact_record(
                actor=request.user,
                branch=branch,
                day=timezone.localdate(),
                key=form.cleaned_data["key"],
                helped=form.cleaned_data["helped"],
                self_next_time=form.cleaned_data["self_next_time"],
                knows_where=form.cleaned_data["knows_where"],
            )
            return redirect("reports:impact_thanks", branch_id=branch.pk)
    else:
        form = ImpactForm(initial={"key": uuid.uuid4()})
    return render(request, "reports/impact_kiosk.html", {"form": form, "branch": branch})


@role_required(DESK_ROLES)
def impact_thanks(request: AuthedRequest, branch_id: int) -> HttpResponse:
    branch = _desk_branch(request, branch_id)
    return render(request, "reports/impact_thanks.html", {"branch": branch})


# --- funding ---------------------------------------------------------------------------------------


@role_required(FUNDING_ROLES)
def funding(request: AuthedRequest) -> HttpResponse:
    scope = Scope.for_user(request.user)
    overview = selectors.funding_overview(scope=scope)
    this_year = timezone.localdate().year
    return render(
        request,
        "reports/funding.html",
        {"overview": overview, "years": range(this_year - 2, this_year + 2), "this_year": this_year},
    )


@role_required(FUNDING_ROLES)
@require_http_methods(["GET", "POST"])
def funding_year(request: AuthedRequest, gemeente_id: int, year: int) -> HttpResponseBase:
    if not 2023 <= year <= 2100:
        raise Http404
    scope = Scope.for_user(request.user)
    gemeente = get_object_or_404(selectors.funding_gemeenten(scope=scope), pk=gemeente_id)
    can_edit = request.user.role == Role.GEMEENTE and scope.level == Level.GEMEENTE
    existing = FundingInput.objects.filter(gemeente=gemeente, year=year).first()
    input_form = FundingInputForm(instance=existing, prefix="input")
    spending_form = SpendingForm(prefix="spending")
    reserve_form = ReserveForm(prefix="reserve")
    if request.method == "POST":
        if not can_edit:
            return HttpResponse(status=403)
        action = request.POST.get("action")
        done = False
        if action == "input":
            input_form = FundingInputForm(request.POST, instance=existing, prefix="input")
            if input_form.is_valid():
                services.funding_input_save(
                    actor=request.user, gemeente_id=gemeente.pk, year=year, **input_form.cleaned_data
                )
                done = True
        elif action == "spending":
            spending_form = SpendingForm(request.POST, prefix="spending")
            if spending_form.is_valid():
                services.spending_add(
                    actor=request.user, gemeente_id=gemeente.pk, year=year, **spending_form.cleaned_data
                )
                done = True
        elif action == "reserve":
            reserve_form = ReserveForm(request.POST, prefix="reserve")
            if reserve_form.is_valid():
                try:
                    services.reserve_set(
                        actor=request.user,
                        gemeente_id=gemeente.pk,
                        year=year,
                        amount=reserve_form.cleaned_data["amount"],
                    )
                    done = True
                except ValidationError as error:
                    reserve_form.add_error("amount", error)
        elif action == "delete_spending":
            entry = get_object_or_404(
                SpendingEntry, gemeente=gemeente, year=year, pk=request.POST.get("entry") or 0
            )
            services.spending_delete(actor=request.user, entry=entry)
            done = True
        if done:
            messages.success(request, _("Saved."))
            return redirect("reports:funding_year", gemeente_id=gemeente.pk, year=year)
    figures = selectors.funding_year(scope=scope, gemeente_id=gemeente.pk, year=year)
    return render(
        request,
        "reports/funding_year.html",
        {
            "gemeente": gemeente,
            "year": year,
            "figures": figures,
            "can_edit": can_edit,
            "input_form": input_form,
            "spending_form": spending_form,
            "reserve_form": reserve_form,
            "euro": services.euro,
        },
    )
