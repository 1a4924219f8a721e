"""The coordinator's page: branch device tokens for the API, made and revoked here."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from baken.core import selectors as core_selectors
from baken.core.permissions import role_required
from baken.core.roles import COORDINATOR_ROLES
from baken.core.scope import Scope
from baken.core.types import AuthedRequest

from .. import selectors, services
from ..forms import DeviceTokenForm


def _page(request: AuthedRequest, form: DeviceTokenForm, *, raw: str = "", status: int = 200) -> HttpResponse:
    scope = Scope.for_user(request.user)
    return render(
        request,
        "api/device_tokens.html",
        {"form": form, "tokens": selectors.device_token_list(scope=scope), "raw_token": raw},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR_ROLES)
def device_tokens(request: AuthedRequest) -> HttpResponseBase:
    scope = Scope.for_user(request.user)
    branches = core_selectors.branch_list(scope=scope)
    if request.method == "GET":
        return _page(request, DeviceTokenForm(branches=branches, initial={"idempotency_key": uuid.uuid4()}))
    form = DeviceTokenForm(request.POST, branches=branches)
    if not form.is_valid():
        return _page(request, form)
    try:
        _token, raw = services.device_token_create(
            actor=request.user,
            branch=form.cleaned_data["branch"],
            label=form.cleaned_data["label"],
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    except ValidationError as error:
        form.add_error(None, error.messages[0])
        return _page(request, form)
    fresh = DeviceTokenForm(branches=branches, initial={"idempotency_key": uuid.uuid4()})
    if raw is None:
        messages.warning(
            request,
            _(
                "This form was already sent; the token was shown then and cannot be shown again. "
                "Revoke it and make a new one if you did not copy it."
            ),
        )
        return redirect("api:device_tokens")
    # 201 with the token in this one response: never stored, never in the session, not cacheable.
    return _page(request, fresh, raw=raw, status=201)


@require_POST
@role_required(COORDINATOR_ROLES)
def device_token_revoke(request: AuthedRequest, device_token_id: int) -> HttpResponseBase:
    scope = Scope.for_user(request.user)
    token = get_object_or_404(selectors.device_token_list(scope=scope), pk=device_token_id)
    services.device_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(label)s” has been revoked.") % {"label": token.label})
    return redirect("api:device_tokens")
