"""Hypothesis drives every form with hostile input: never a 500, nothing stored from invalid input.

Two ways, both generic: every POST form on every page each role can open is posted back to its real
view; and every form class in a ``baken.<app>.forms`` module is bound and validated directly.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baken.core.demo import ACCOUNTS
from baken.core.models import User
from baken.testing.routes import iter_routes

from .fuzz import all_ids, build_form, form_classes, hostile_payload, post_forms_on, row_counts
from .matrix import plan_visit

FUZZ = settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
ROUTES = list(iter_routes())
FORM_CLASSES = form_classes()


def subject(route) -> str | None:
    """Anonymous for public pages, else the first demo account of a role the view names."""
    if route.is_public:
        return None
    return next((a.username for a in ACCOUNTS if route.allows(a.role)), None)


def client_maker(route, username: str | None, client_for):
    if username is None:
        return Client
    if getattr(route.view, "two_factor_step", False):
        # The second step itself: signed in with the password only, as a real visitor of the page is.
        user = User.objects.get(username=username)
        if route.name == "security:setup":
            TOTPDevice.objects.filter(user=user).delete()

        def password_only() -> Client:
            client = Client()
            client.force_login(user)
            return client

        return password_only
    return lambda: client_for(username)


def post_hostile(url: str, fields: dict[str, list[str]], ids: list[str], make_client) -> None:
    @FUZZ
    @given(payload=hostile_payload(fields, ids))
    def run(payload):
        before = row_counts()
        response = make_client().post(url, payload)  # a fresh session each time
        assert response.status_code < 500
        # Stored on purpose: a redirect after a valid post, or 201 Created (a page that shows a new
        # secret once, e.g. a device token, and therefore cannot redirect).
        if response.status_code not in (201, 301, 302, 303):
            assert row_counts() == before, "invalid input was stored"

    run()


def test_there_are_forms_to_fuzz():
    names = {cls.__name__ for cls in FORM_CLASSES}
    assert {"LoginForm", "CodeForm", "SetupForm", "ImportUploadForm", "PublicSearchForm"} <= names


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name or r.route)
def test_every_form_on_every_page_survives_hostile_input(route, client_for):
    ids = all_ids()
    username = subject(route)
    make_client = client_maker(route, username, client_for)
    user = None if username is None else User.objects.get(username=username)
    url = plan_visit(route, user).url
    page = make_client().get(url)
    found = []
    if page.status_code == 200 and "text/html" in page.get("Content-Type", ""):
        found = post_forms_on(page.content.decode(), f"http://testserver{url}")
    if not found:
        pytest.skip(f"no POST form on {url} for {username or 'anonymous'} ({page.status_code})")
    for fields in found:
        post_hostile(url, fields, ids, make_client)


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_form_class_validates_hostile_input_without_error(form_class, demo):
    ids = all_ids()
    user = User.objects.get(username="coordinator.aanzee")
    fields: dict[str, list[str]] = {name: [] for name in form_class.base_fields}

    @FUZZ
    @given(payload=hostile_payload(fields, ids), as_other=st.booleans())
    def validate(payload, as_other):
        subject = User.objects.get(username="medewerker.rivierenland") if as_other else user
        before = row_counts()
        form = build_form(form_class, payload, subject)
        form.is_valid()
        assert row_counts() == before, "validating a form wrote to the database"

    validate()
