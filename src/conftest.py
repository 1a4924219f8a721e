"""Shared fixtures: demo data, signed-in clients, and the headless browser."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.core.demo import DEMO_PASSWORD, load_all
from baken.core.models import User
from baken.core.roles import TWO_FACTOR_ROLES
from baken.testing.browser import CHROMIUM_ARGS, chromium_path
from baken.testing.otp import allow_fresh_code, current_code

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Load the demo data once per test database; each test runs in a transaction on top of it."""
    with django_db_blocker.unblock():
        load_all()


def demo_loaded() -> bool:
    return User.objects.filter(username="beheerder").exists()


@pytest.fixture
def demo(db: None) -> None:
    # pytest-django runs transactional tests last; they flush the tables, so load again when needed.
    if not demo_loaded():
        load_all()


@pytest.fixture
def user_named(demo: None) -> Callable[[str], User]:
    return lambda username: User.objects.get(username=username)


@pytest.fixture
def client_for(demo: None) -> Callable[[str], Client]:
    def make(username: str) -> Client:
        """A signed-in client; for two-step roles the session is verified too (as after a code)."""
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None and user.role in TWO_FACTOR_ROLES:
            # An account a test made itself: give it an authenticator, as its first sign-in would.
            device = TOTPDevice.objects.create(user=user, name="Test-authenticator", confirmed=True)
        if device is not None:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return make


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: install Debian's chromium package (.ci/run does).")
        pytest.skip("Chromium not installed: apt-get install chromium (CI installs it and never skips).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def browser_login(live_server: Any, transactional_db: None) -> Callable[[Any, str], None]:
    if not demo_loaded():
        load_all()

    def login(page: Any, username: str) -> None:
        page.goto(f"{live_server.url}/aanmelden/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_load_state()
        if "/tweestaps/code/" in page.url:  # the second step for two-step roles (baken.security)
            allow_fresh_code(username)
            page.fill("#id_code", current_code())
            page.click("#otp-form button[type=submit]")
            page.wait_for_load_state()

    return login
