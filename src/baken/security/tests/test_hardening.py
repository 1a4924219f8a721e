"""Production settings and response headers: secure cookies, HSTS, CSP without unsafe-inline, no framing."""

import json
import os
import subprocess
import sys

import pytest
from django.test import Client, override_settings

from baken.core.demo import DEMO_PASSWORD

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "baken.settings.production",
    "SECRET_KEY": "k3J9-vQ2pX8rT5wY1zA6bN4mC7dF0gH2jL5nP8sU1xW4yZ7e-Rt6Uq",
    "BAKEN_FIELD_KEYS": "bm90LXRoZS1kZW1vLWtleS1idXQtMzItYnl0ZXMtb2s=",
    "ALLOWED_HOSTS": "baken.example.nl",
}
NAMES = [
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_NAME",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_NAME",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "DEBUG",
    "CONTENT_SECURITY_POLICY",
]


@pytest.fixture(scope="module")
def production():
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}}, default=str))"
    )
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **PRODUCTION_ENV}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_production_cookies_are_secure(production):
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    # The __Host- prefix makes the browser refuse the cookie without Secure, or from a subdomain.
    assert production["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert production["CSRF_COOKIE_NAME"].startswith("__Host-")


def test_production_transport_and_framing(production):
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_REFERRER_POLICY"] == "same-origin"
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"
    csp = json.dumps(production["CONTENT_SECURITY_POLICY"])
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_every_response_carries_the_security_headers(db):
    response = Client().get("/aanmelden/")
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@override_settings(
    SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SESSION_COOKIE_SECURE=True
)
def test_hsts_and_secure_session_cookie_over_https(demo):
    client = Client()
    response = client.get("/aanmelden/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    response = client.post(
        "/aanmelden/", {"username": "medewerker.aanzee", "password": DEMO_PASSWORD}, secure=True
    )
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True and cookie["httponly"] is True and cookie["samesite"] == "Lax"


def test_session_key_changes_at_sign_in(demo):
    client = Client()
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    client.post("/aanmelden/", {"username": "medewerker.aanzee", "password": DEMO_PASSWORD})
    assert client.cookies["sessionid"].value != before
