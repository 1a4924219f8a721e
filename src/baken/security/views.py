"""The second sign-in step: a code from an authenticator app or a recovery code, and setting one up."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any, TypeVar

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.core.models import AuditEvent
from baken.core.permissions import role_required
from baken.core.roles import TWO_FACTOR_ROLES
from baken.core.services import audit_log
from baken.core.types import AuthedRequest

from . import selectors, services
from .forms import CodeForm, SetupForm

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])

FAILURES_KEY = "baken_otp_failures"
SHOW_ONCE_KEY = "baken_recovery_codes_once"


def two_factor_step(view: ViewFunc) -> ViewFunc:
    """A page of the second step itself: for two-step roles, reachable before verification."""
    wrapped = role_required(TWO_FACTOR_ROLES)(never_cache(view))
    wrapped.two_factor_step = True  # type: ignore[attr-defined]
    return wrapped


def safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def complete_verification(request: HttpRequest, device: Device) -> None:
    # A new session key for the more trusted session (as Django does at sign-in).
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session.pop(FAILURES_KEY, None)


def count_failure(request: HttpRequest) -> bool:
    """Count a wrong code in this session; True when the limit is reached."""
    failures = int(request.session.get(FAILURES_KEY, 0)) + 1
    request.session[FAILURES_KEY] = failures
    return failures >= settings.BAKEN_OTP_FAILURE_LIMIT


def sign_out_after_failures(request: AuthedRequest) -> HttpResponse:
    audit_log(
        actor=request.user,
        action=AuditEvent.Action.OTP_LOCKED_OUT,
        detail={"failures": settings.BAKEN_OTP_FAILURE_LIMIT},
    )
    request._baken_auto_logout = True  # type: ignore[attr-defined]  # the event above says it all
    logout(request)
    return render(request, "security/too_many_codes.html", status=429)


@two_factor_step
def verify(request: AuthedRequest) -> HttpResponse:
    user = request.user
    next_url = safe_next(request)
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(next_url)
    if not selectors.has_confirmed_device(user=user):
        return redirect("security:setup")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            check = services.code_check(user=user, code=form.cleaned_data["code"])
            if check.outcome == services.Outcome.OK and check.device is not None:
                complete_verification(request, check.device)
                if check.method == "recovery_code":
                    messages.warning(
                        request, recovery_code_used_message(selectors.recovery_codes_left(user=user))
                    )
                return redirect(next_url)
            if check.outcome == services.Outcome.THROTTLED:
                form.add_error(
                    "code", _("Too many wrong codes in a short time. Wait a minute and try again.")
                )
            else:
                form.add_error("code", _("This code is not right. Enter the code your app shows now."))
        if count_failure(request):
            return sign_out_after_failures(request)
    return render(request, "security/verify.html", {"form": form, "next": next_url})


def recovery_code_used_message(left: int) -> str:
    return _(
        "You signed in with a recovery code; it cannot be used again. Codes left: %(left)d. "
        "Make new codes when you run low."
    ) % {"left": left}


def qr_data_uri(device: TOTPDevice) -> str:
    # An <img> with a data: URI: CSP allows it, and the SVG carries no inline styles into the page.
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4))


def grouped_secret(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@two_factor_step
def setup(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if selectors.has_confirmed_device(user=user):
        return redirect("security:verify")
    device = services.totp_device_start(user=user)
    form = SetupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            if services.totp_device_confirm(user=user, device=device, code=form.cleaned_data["code"]):
                device.refresh_from_db()
                complete_verification(request, device)
                request.session[SHOW_ONCE_KEY] = services.recovery_codes_create(user=user)
                return redirect("security:recovery_codes")
            form.add_error("code", _("This code is not right. Check the time on your phone and try again."))
        if count_failure(request):
            return sign_out_after_failures(request)
    context: dict[str, Any] = {
        "form": form,
        "qr_code": qr_data_uri(device),
        "secret": grouped_secret(device),
    }
    return render(request, "security/setup.html", context)


@role_required(TWO_FACTOR_ROLES)
@never_cache
def recovery_codes(request: AuthedRequest) -> HttpResponse:
    """Recovery codes are shown once, right after they are made; making new ones voids the old."""
    if request.method == "POST":
        request.session[SHOW_ONCE_KEY] = services.recovery_codes_create(user=request.user)
        return redirect("security:recovery_codes")
    codes = request.session.pop(SHOW_ONCE_KEY, None)
    return render(
        request,
        "security/recovery_codes.html",
        {"codes": codes, "codes_left": selectors.recovery_codes_left(user=request.user)},
    )
