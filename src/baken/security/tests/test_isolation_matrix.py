"""Generated from the URLconf: every view, every role, another tenant's ids. See matrix.py."""

import pytest
from django.test import Client

from baken.core.demo import ACCOUNTS
from baken.core.models import User
from baken.core.roles import TWO_FACTOR_ROLES
from baken.security.middleware import EXEMPT_VIEW_NAMES
from baken.testing.routes import iter_routes

from .matrix import check_route, plan_visit

ROUTES = list(iter_routes())


def test_the_matrix_sees_the_whole_urlconf():
    names = {route.name for route in ROUTES}
    assert {"core:desk", "core:login", "security:verify", "set_language"} <= names
    assert not any(route.route.startswith("beheer/") and route.name for route in ROUTES)


def test_every_view_declares_its_roles():
    undeclared = [f"{r.route} ({r.name})" for r in ROUTES if r.allowed_roles is None]
    assert not undeclared, f"Views without @role_required(...) or @public: {undeclared}"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name or r.route)
def test_isolation(route, client_for):
    problems = check_route(route, client_for)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name or r.route)
def test_two_step_roles_reach_nothing_before_the_code(route, demo):
    if route.is_public or getattr(route.view, "two_factor_step", False) or route.name in EXEMPT_VIEW_NAMES:
        pytest.skip("public, sign-out/keep-alive, or part of the second step")
    for account in (a for a in ACCOUNTS if a.role in TWO_FACTOR_ROLES):
        client = Client()
        client.force_login(User.objects.get(username=account.username))
        visit = plan_visit(route, User.objects.get(username=account.username))
        for method in ("get", "post"):
            response = getattr(client, method)(visit.url)
            assert response.status_code in (302, 405), (method, visit.url, account.username)
            if response.status_code == 302:
                assert response["Location"].startswith("/tweestaps/"), (method, visit.url, account.username)


@pytest.mark.urls("baken.security.tests.leaky_urls")
def test_the_matrix_catches_a_leaking_view_and_passes_a_scoped_one(client_for):
    routes = {route.name: route for route in iter_routes()}
    assert not check_route(routes["scoped"], client_for)
    problems = check_route(routes["leaky"], client_for)
    assert any("other tenant's id" in p and ": 200" in p for p in problems), problems
    assert routes["undeclared"].allowed_roles is None
