"""Two-step verification is enforced here, in one place, for every view.

A signed-in user of a role in ``TWO_FACTOR_ROLES`` whose session is not yet verified with a code
(django-otp's ``OTPMiddleware`` runs first and sets ``user.is_verified()``) reaches only public pages
and the two-step pages themselves; everything else, the Django admin included, redirects to the
code step (or to setting up an app when the user has none yet). Secure by default: a new view is
covered without anyone remembering.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from baken.core.roles import TWO_FACTOR_ROLES

from . import selectors

# Pages an unverified user may still use besides public ones: signing out and staying signed in.
EXEMPT_VIEW_NAMES = frozenset({"core:logout", "core:session_keepalive"})


def needs_second_step(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(
        user.is_authenticated
        and user.role in TWO_FACTOR_ROLES
        and not user.is_verified()  # from OTPMiddleware
    )


def is_exempt(request: HttpRequest, view_func: Callable[..., Any]) -> bool:
    if getattr(view_func, "allowed_roles", None) == "public":
        return True
    if getattr(view_func, "two_factor_step", False):
        return True
    match = request.resolver_match
    return match is not None and match.view_name in EXEMPT_VIEW_NAMES


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if not needs_second_step(request) or is_exempt(request, view_func):
            return None
        step = "security:verify" if selectors.has_confirmed_device(user=request.user) else "security:setup"  # type: ignore[arg-type]
        query = urlencode({"next": request.path}) if request.method == "GET" else ""
        return redirect(reverse(step) + (f"?{query}" if query else ""))
