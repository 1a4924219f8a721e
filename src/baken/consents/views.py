"""Consent records: create (desk), read (privacy coordinator; the maker for an hour), print, withdraw.

Every read of a record (detail, signature, filled PDF, the list) is written to the audit log.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baken.core import selectors as core_selectors
from baken.core.permissions import role_required
from baken.core.roles import DESK_ROLES, PRIVACY_ROLES
from baken.core.scope import Scope
from baken.core.types import AuthedRequest

from . import selectors, services
from .forms import ConsentForm, WithdrawForm
from .models import ConsentRecord
from .pdf import render_consent_pdf

CONSENT_ROLES = DESK_ROLES | PRIVACY_ROLES
NEXT_PARAM = "terug"


def _record_or_404(request: AuthedRequest, consent_id: int) -> ConsentRecord:
    try:
        return selectors.consent_get(
            scope=Scope.for_user(request.user), user=request.user, consent_id=consent_id
        )
    except ConsentRecord.DoesNotExist as missing:
        raise Http404 from missing


def _no_store(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "no-store"
    return response


def _safe_next(request: AuthedRequest) -> str | None:
    target = request.POST.get(NEXT_PARAM) or request.GET.get(NEXT_PARAM) or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None


@role_required(CONSENT_ROLES)
def consent_list(request: AuthedRequest) -> HttpResponse:
    scope = Scope.for_user(request.user)
    records = list(selectors.consent_list(scope=scope, user=request.user)[:200])
    for record in records:
        services.consent_log_read(user=request.user, record=record, part="list")
    rows = [(record, selectors.consent_is_valid(record)) for record in records]
    counts = selectors.consent_counts(scope=scope) if request.user.role in PRIVACY_ROLES else None
    response = render(request, "consents/list.html", {"rows": rows, "counts": counts})
    _no_store(response)
    return response


@role_required(CONSENT_ROLES)
def consent_create(request: AuthedRequest) -> HttpResponse:
    scope = Scope.for_user(request.user)
    branches = core_selectors.branch_list(scope=scope)
    if request.method == "POST":
        form = ConsentForm(request.POST, request.FILES, branches=branches)
        if form.is_valid():
            record = services.consent_create(
                user=request.user,
                branch=form.cleaned_data["branch"],
                recipient=form.cleaned_data["recipient"],
                purpose=form.cleaned_data["purpose"],
                manner=form.cleaned_data["manner"],
                given_at=form.cleaned_data["given_at"],
                signature=form.signature,
                signature_content_type=form.signature_content_type,
            )
            messages.success(request, _("The consent has been recorded."))
            target = _safe_next(request)
            if target:
                separator = "&" if "?" in target else "?"
                return redirect(f"{target}{separator}toestemming={record.pk}")
            return redirect("consents:detail", consent_id=record.pk)
    else:
        initial = {
            "given_at": timezone.localtime().replace(second=0, microsecond=0),
            "recipient": request.GET.get("ontvanger", "")[:150],
            "manner": "tablet",
        }
        form = ConsentForm(initial=initial, branches=branches)
    return render(request, "consents/form.html", {"form": form, "next": _safe_next(request) or ""})


@role_required(CONSENT_ROLES)
def consent_detail(request: AuthedRequest, consent_id: int) -> HttpResponseBase:
    record = _record_or_404(request, consent_id)
    services.consent_log_read(user=request.user, record=record, part="detail")
    context = {
        "record": record,
        "valid": selectors.consent_is_valid(record),
        "expires_at": selectors.consent_expires_at(record),
        "withdraw_form": WithdrawForm(),
    }
    return _no_store(render(request, "consents/detail.html", context))


@role_required(CONSENT_ROLES)
def consent_signature(request: AuthedRequest, consent_id: int) -> HttpResponseBase:
    record = _record_or_404(request, consent_id)
    if not record.signature:
        raise Http404
    services.consent_log_read(user=request.user, record=record, part="signature")
    response = HttpResponse(record.signature, content_type=record.signature_content_type)
    response["Content-Disposition"] = "inline"
    return _no_store(response)


@role_required(CONSENT_ROLES)
def consent_pdf(request: AuthedRequest, consent_id: int) -> HttpResponseBase:
    record = _record_or_404(request, consent_id)
    services.consent_log_read(user=request.user, record=record, part="pdf")
    data = render_consent_pdf(record, library_name=record.library.name)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="toestemming-{record.pk}.pdf"'
    return _no_store(response)


@role_required(CONSENT_ROLES)
def consent_blank_pdf(request: AuthedRequest) -> HttpResponse:
    library = core_selectors.library_get(scope=Scope.for_user(request.user))
    response = HttpResponse(
        render_consent_pdf(None, library_name=library.name), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="toestemmingsformulier-blanco.pdf"'
    return response


@require_POST
@role_required(CONSENT_ROLES)
def consent_withdraw(request: AuthedRequest, consent_id: int) -> HttpResponseBase:
    record = _record_or_404(request, consent_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        services.consent_log_read(user=request.user, record=record, part="detail")
        context = {
            "record": record,
            "valid": selectors.consent_is_valid(record),
            "expires_at": selectors.consent_expires_at(record),
            "withdraw_form": form,
        }
        return _no_store(render(request, "consents/detail.html", context, status=400))
    if services.consent_withdraw(user=request.user, record=record):
        messages.success(request, _("The withdrawal has been recorded. This consent no longer counts."))
    return redirect("consents:detail", consent_id=record.pk)
