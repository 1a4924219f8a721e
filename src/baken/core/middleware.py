"""Automatic sign-out after inactivity on shared desk PCs.

The server enforces the limit; the page script (static/baken/js/session-timeout.js) only warns
first and lets the user stay (WCAG 2.2.1). Keep-alive pings count as activity; status polls don't.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .models import AuditEvent
from .services import audit_log

SESSION_KEY = "baken_last_activity"


def inactivity_limit_seconds(user: object) -> int:
    library = getattr(user, "library", None)
    minutes = library.inactivity_timeout_minutes if library else settings.BAKEN_DEFAULT_INACTIVITY_MINUTES
    return int(minutes) * 60


class InactivityLogoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(SESSION_KEY)
            if last is not None and now - float(last) > inactivity_limit_seconds(request.user):
                user = request.user
                request._baken_auto_logout = True  # type: ignore[attr-defined]
                logout(request)
                audit_log(
                    actor=None,
                    action=AuditEvent.Action.AUTO_LOGOUT,
                    username=user.get_username(),
                    library_id=getattr(user, "library_id", None),
                )
                return redirect(reverse("core:login") + "?verlopen=1")
            request.session[SESSION_KEY] = now
        return self.get_response(request)
