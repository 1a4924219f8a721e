"""The isolation matrix: each URL pattern × each demo account (and anonymous), GET and POST.

Expected: anonymous → the sign-in page (or 401/403); a role the view does not name → 403; a role it
names, with ids of another tenant's objects in the URL → 404; nothing ever 500. A 405 is always fine
(the method is refused before anything is read).

A branch device token of one library (baken.api) is a subject too: it is anonymous to every page and
to every API view that does not accept devices (sign-in page or 401/403), and on the views that do,
another tenant's id gives 404.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.shortcuts import resolve_url
from django.test import Client

from baken.api import services as api_services
from baken.core.demo import ACCOUNTS
from baken.core.models import Branch, User
from baken.testing.routes import Route, foreign_object, model_for_param, own_object, value_for

ANONYMOUS = "(anoniem)"
DEVICE = "(apparaatsleutel aanzee)"
DEVICE_ISSUER = "coordinator.aanzee"


@dataclass(frozen=True)
class Visit:
    url: str
    foreign: bool  # the URL carries an id of another tenant's object


def plan_visit(route: Route, user: User | None) -> Visit:
    values: dict[str, str] = {}
    foreign = False
    for param in route.params:
        model: type[models.Model] | None = model_for_param(route, param)
        obj = None
        if model is not None and user is not None:
            obj = foreign_object(user, model)
            if obj is not None:
                foreign = True
            else:
                obj = own_object(user, model)
        values[param] = value_for(route, param, obj)
    return Visit(route.url(values), foreign)


def expected(route: Route, role: str | None, visit: Visit, status: int, location: str) -> bool:
    if status >= 500:
        return False
    if status == 405:
        return True
    if route.is_public:
        return True
    if role is None:
        login = resolve_url(settings.LOGIN_URL)
        return (status == 302 and location.startswith(login)) or status in (401, 403)
    if not route.allows(role):
        return status == 403
    if visit.foreign:
        return status == 404
    return True


def expected_for_device(route: Route, visit: Visit, status: int, location: str) -> bool:
    if not route.accepts_devices:
        return expected(route, None, visit, status, location)
    if status >= 500:
        return False
    return status == 404 if visit.foreign and status != 405 else True


def device_client() -> tuple[Client, User]:
    """A client that sends a fresh device token of the issuer's library (revoked tokens are tested in api)."""
    issuer = User.objects.get(username=DEVICE_ISSUER)
    branch = Branch.objects.filter(library=issuer.library).order_by("pk").first()
    assert branch is not None
    _token, raw = api_services.device_token_create(
        actor=issuer, branch=branch, label="matrix", idempotency_key=uuid.uuid4()
    )
    return Client(headers={"Authorization": f"Token {raw}"}), issuer


def check_route(route: Route, client_for: Callable[[str], Client]) -> list[str]:
    problems = []
    subjects: list[tuple[str, str | None]] = [(ANONYMOUS, None)] + [(a.username, a.role) for a in ACCOUNTS]
    for username, role in subjects:
        client = Client() if role is None else client_for(username)
        client.raise_request_exception = False
        user = None if role is None else User.objects.get(username=username)
        visit = plan_visit(route, user)
        for method in ("get", "post"):
            response = getattr(client, method)(visit.url)
            location = response.get("Location", "")
            if not expected(route, role, visit, response.status_code, location):
                why = (
                    "other tenant's id"
                    if visit.foreign
                    else ("allowed" if role and route.allows(role) else "not allowed")
                )
                status = f"{response.status_code} {location}".rstrip()
                problems.append(f"{method.upper()} {visit.url} as {username} ({why}): {status}")
    client, issuer = device_client()
    client.raise_request_exception = False
    visit = plan_visit(route, issuer)
    for method in ("get", "post"):
        response = getattr(client, method)(visit.url)
        location = response.get("Location", "")
        if not expected_for_device(route, visit, response.status_code, location):
            why = "other tenant's id" if visit.foreign else "device token"
            status = f"{response.status_code} {location}".rstrip()
            problems.append(f"{method.upper()} {visit.url} as {DEVICE} ({why}): {status}")
    return problems
