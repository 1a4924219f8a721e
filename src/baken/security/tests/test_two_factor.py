"""Two-step verification for coördinator, privacycoördinator, gemeente, landelijk and beheerder."""

import base64
import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.core.demo import ACCOUNTS, DEMO_PASSWORD
from baken.core.models import AuditEvent, User
from baken.core.roles import TWO_FACTOR_ROLES
from baken.security.services import recovery_codes_create
from baken.testing.otp import current_code

VERIFY = "/tweestaps/code/"
SETUP = "/tweestaps/instellen/"
TWO_FACTOR_ACCOUNTS = [a.username for a in ACCOUNTS if a.role in TWO_FACTOR_ROLES]
OTHER_ACCOUNTS = [a.username for a in ACCOUNTS if a.role not in TWO_FACTOR_ROLES]


def password_only(username: str) -> Client:
    """Signed in with the password, second step not yet done."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_two_factor_roles_are_the_ones_the_issue_names():
    assert set(TWO_FACTOR_ROLES) == {
        "coordinator",
        "privacycoordinator",
        "beheerder",
        "gemeente",
        "landelijk",
    }


@pytest.mark.parametrize("username", TWO_FACTOR_ACCOUNTS)
def test_every_role_page_waits_for_the_code(demo, username):
    client = password_only(username)
    for path in (
        "/",
        "/coordinatie/",
        "/privacy/",
        "/cijfers/",
        "/systeembeheer/",
        "/wachtwoord/",
        "/beheer/",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{VERIFY}?next={path.replace('/', '%2F')}", path


@pytest.mark.parametrize("username", OTHER_ACCOUNTS)
def test_desk_roles_need_no_second_step(demo, username):
    assert password_only(username).get("/balie/").status_code == 200


def test_public_pages_and_sign_out_stay_reachable_before_the_code(demo):
    client = password_only("coordinator.aanzee")
    assert client.get(VERIFY).status_code == 200
    assert client.post("/taal/", {"language": "nl", "next": VERIFY}).status_code == 302
    assert client.post(reverse("core:session_keepalive")).status_code == 204
    assert client.post(reverse("core:logout")).status_code == 302
    assert client.get(VERIFY).status_code == 302  # signed out now: to the sign-in page
    assert client.get(VERIFY)["Location"].startswith("/aanmelden/")


def test_full_sign_in_with_code_rotates_the_session_and_is_audited(demo):
    client = Client()
    session = client.session
    session["probe"] = 1
    session.save()
    anonymous_key = session.session_key
    assert anonymous_key is not None
    response = client.post("/aanmelden/", {"username": "coordinator.aanzee", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    password_key = client.cookies["sessionid"].value
    assert password_key != anonymous_key
    assert not SessionStore().exists(anonymous_key)
    response = client.post(VERIFY, {"code": current_code(), "next": "/coordinatie/"})
    assert response.status_code == 302
    assert response["Location"] == "/coordinatie/"
    verified_key = client.cookies["sessionid"].value
    assert verified_key != password_key
    assert not SessionStore().exists(password_key)
    assert client.get("/coordinatie/").status_code == 200
    event = AuditEvent.objects.get(action="otp_verified")
    assert event.actor_username == "coordinator.aanzee"
    assert event.detail == {"method": "totp"}


def test_a_code_works_only_once(demo):
    code = current_code()
    assert password_only("landelijk").post(VERIFY, {"code": code}).status_code == 302
    response = password_only("landelijk").post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()


def test_wrong_code_is_a_dutch_form_error_and_audited(demo):
    response = password_only("gemeente.zeestad").post(VERIFY, {"code": "000000"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Er is een probleem" in body and "Deze code klopt niet" in body
    assert AuditEvent.objects.filter(action="otp_failed", actor_username="gemeente.zeestad").exists()


def test_five_wrong_codes_sign_out_with_a_dutch_message(demo):
    client = password_only("privacy.aanzee")
    for _ in range(4):
        assert client.post(VERIFY, {"code": "123456"}).status_code == 200
    response = client.post(VERIFY, {"code": "123456"})
    assert response.status_code == 429
    assert "Te vaak een verkeerde code" in response.content.decode()
    assert client.get("/privacy/")["Location"].startswith("/aanmelden/")
    assert AuditEvent.objects.filter(action="otp_locked_out", actor_username="privacy.aanzee").exists()
    # django-otp slows the device down as well, across sessions.
    device = TOTPDevice.objects.get(user__username="privacy.aanzee")
    assert device.throttling_failure_count >= 1
    assert device.verify_is_allowed()[0] is False


def test_garbage_input_counts_as_a_failure_too(demo):
    client = password_only("beheerder")
    for value in ["", "x" * 5000, "\x00", "ééééé"]:
        assert client.post(VERIFY, {"code": value}).status_code == 200
    assert client.post(VERIFY, {"code": "12"}).status_code == 429


def test_recovery_code_works_once_and_says_how_many_are_left(demo):
    user = User.objects.get(username="coordinator.rivierenland")
    codes = recovery_codes_create(user=user)
    assert len(codes) == 10 and len(set(codes)) == 10
    response = password_only(user.username).post(VERIFY, {"code": codes[0].upper()}, follow=True)
    assert response.redirect_chain[-1][0] == "/coordinatie/"
    assert "Herstelcodes over: 9" in response.content.decode()
    assert AuditEvent.objects.filter(action="otp_verified", detail={"method": "recovery_code"}).exists()
    response = password_only(user.username).post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200


def test_a_recovery_code_does_not_slow_down_the_app(demo):
    user = User.objects.get(username="landelijk")
    codes = recovery_codes_create(user=user)
    password_only("landelijk").post(VERIFY, {"code": codes[1]})
    assert TOTPDevice.objects.get(user=user).throttling_failure_count == 0


def test_next_cannot_leave_the_site(demo):
    response = password_only("landelijk").post(
        VERIFY, {"code": current_code(), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_user_without_an_app_sets_one_up_and_gets_recovery_codes_once(demo):
    TOTPDevice.objects.filter(user__username="coordinator.aanzee").delete()
    client = password_only("coordinator.aanzee")
    assert client.get("/coordinatie/")["Location"].startswith(SETUP)
    assert client.get(VERIFY)["Location"] == SETUP
    page = client.get(SETUP)
    body = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user__username="coordinator.aanzee", confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    match = re.search(r'id="secret-key">([A-Z2-7 ]+)<', body)
    assert match is not None
    shown = match.group(1).replace(" ", "")
    assert shown == secret
    assert 'src="data:image/svg+xml' in body
    assert "style=" not in body
    wrong = client.post(SETUP, {"code": "000000"})
    assert wrong.status_code == 200 and "Deze code klopt niet" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    code = f"{TOTP(device.bin_key).token():06d}"
    response = client.post(SETUP, {"code": code})
    assert response["Location"] == "/tweestaps/herstelcodes/"
    codes_page = client.get("/tweestaps/herstelcodes/").content.decode()
    codes = StaticDevice.objects.get(user__username="coordinator.aanzee").token_set.values_list(
        "token", flat=True
    )
    assert len(codes) == 10
    assert all(code in codes_page for code in codes)
    again = client.get("/tweestaps/herstelcodes/").content.decode()
    assert not any(code in again for code in codes)
    assert "10 ongebruikte herstelcodes" in again
    assert client.get("/coordinatie/").status_code == 200
    assert AuditEvent.objects.filter(action="otp_device_added").exists()
    assert AuditEvent.objects.filter(action="recovery_codes_created").exists()


def test_new_recovery_codes_void_the_old(client_for):
    client = client_for("privacy.aanzee")
    client.post("/tweestaps/herstelcodes/")
    first = set(
        StaticDevice.objects.get(user__username="privacy.aanzee").token_set.values_list("token", flat=True)
    )
    client.get("/tweestaps/herstelcodes/")
    client.post("/tweestaps/herstelcodes/")
    second = set(
        StaticDevice.objects.get(user__username="privacy.aanzee").token_set.values_list("token", flat=True)
    )
    assert len(second) == 10 and not first & second


def test_desk_roles_cannot_open_the_two_step_pages(client_for):
    client = client_for("medewerker.aanzee")
    for path in (VERIFY, SETUP, "/tweestaps/herstelcodes/"):
        assert client.get(path).status_code == 403
