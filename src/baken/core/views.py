"""Sign-in, the home page per role and the role landing pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors
from .forms import LoginForm
from .models import AuditEvent
from .permissions import public, role_required
from .roles import (
    ADMIN_ROLES,
    ALL_ROLES,
    COORDINATOR_ROLES,
    DESK_ROLES,
    FIGURES_ROLES,
    PRIVACY_ROLES,
    Role,
)
from .scope import Scope
from .services import audit_log
from .signals import desk_opened
from .types import AuthedRequest

HOME_BY_ROLE = {
    Role.MEDEWERKER: "core:desk",
    Role.VRIJWILLIGER: "core:desk",
    Role.COORDINATOR: "core:coordinator",
    Role.PRIVACY: "core:privacy",
    Role.GEMEENTE: "core:figures",
    Role.LANDELIJK: "core:figures",
    Role.BEHEERDER: "core:system",
}


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["session_expired"] = "verlopen" in self.request.GET
        return context


login_view = public(LoginView.as_view())


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = "/"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_log(actor=self.request.user, action=AuditEvent.Action.PASSWORD_CHANGED)
        messages.success(self.request, _("Your password has been changed."))
        return response


password_change_view = role_required(ALL_ROLES)(PasswordChangeView.as_view())


@role_required(ALL_ROLES)
def home(request: AuthedRequest) -> HttpResponse:
    return redirect(HOME_BY_ROLE.get(Role(request.user.role), "core:login"))


@require_POST
@role_required(ALL_ROLES)
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """The "stay signed in" button: the middleware has already counted this request as activity."""
    return HttpResponse(status=204)


@role_required(DESK_ROLES)
def desk(request: AuthedRequest) -> HttpResponse:
    scope = Scope.for_user(request.user)
    desk_opened.send(sender=desk, library_id=request.user.library_id)
    return render(request, "core/desk.html", {"branches": selectors.branch_list(scope=scope)})


@role_required(COORDINATOR_ROLES)
def coordinator(request: AuthedRequest) -> HttpResponse:
    scope = Scope.for_user(request.user)
    return render(
        request,
        "core/coordinator.html",
        {
            "library": selectors.library_get(scope=scope),
            "branches": selectors.branch_list(scope=scope),
            "staff": selectors.staff_list(scope=scope),
        },
    )


@role_required(PRIVACY_ROLES)
def privacy(request: AuthedRequest) -> HttpResponse:
    scope = Scope.for_user(request.user)
    events = selectors.audit_event_list(scope=scope)[:50]
    return render(
        request, "core/privacy.html", {"library": selectors.library_get(scope=scope), "events": events}
    )


@role_required(FIGURES_ROLES)
def figures(request: AuthedRequest) -> HttpResponse:
    """The figures home of coordinators, gemeenten and the national level: the reports dashboard."""
    from baken.reports.views import dashboard

    return dashboard(request)


@role_required(ADMIN_ROLES)
def system(request: AuthedRequest) -> HttpResponse:
    scope = Scope.for_user(request.user)
    return render(
        request,
        "core/system.html",
        {"libraries": selectors.library_list(scope=scope), "gemeenten": selectors.gemeente_list(scope=scope)},
    )


@public
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)
