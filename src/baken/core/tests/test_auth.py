import pytest
from django.test import Client
from django.urls import reverse

from baken.core.demo import ACCOUNTS, DEMO_PASSWORD
from baken.core.models import AuditEvent
from baken.core.roles import TWO_FACTOR_ROLES
from baken.testing.otp import current_code

HOMES = {
    "medewerker": "/balie/",
    "vrijwilliger": "/balie/",
    "coordinator": "/coordinatie/",
    "privacycoordinator": "/privacy/",
    "gemeente": "/cijfers/",
    "landelijk": "/cijfers/",
    "beheerder": "/systeembeheer/",
}


def sign_in(client: Client, username: str, password: str = DEMO_PASSWORD):
    return client.post(reverse("core:login"), {"username": username, "password": password}, follow=True)


def test_login_page_is_dutch(client):
    response = client.get(reverse("core:login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="nl">' in body
    assert "Aanmelden" in body


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a.username)
def test_every_demo_account_signs_in_and_lands_on_its_home(demo, account):
    client = Client()
    response = sign_in(client, account.username)
    assert response.status_code == 200
    if account.role in TWO_FACTOR_ROLES:
        assert response.redirect_chain[-1][0].startswith(reverse("security:verify"))
        response = client.post(reverse("security:verify"), {"code": current_code(), "next": "/"}, follow=True)
    assert response.redirect_chain[-1][0] == HOMES[account.role]
    assert "Afmelden" in response.content.decode()
    assert AuditEvent.objects.filter(actor_username=account.username, action="login").exists()


def test_wrong_password_gives_dutch_error_and_is_audited(demo):
    client = Client()
    response = sign_in(client, "medewerker.aanzee", "fout-wachtwoord")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in body
    assert "<title>Fout:" in body
    event = AuditEvent.objects.get(action="login_failed")
    assert event.actor_username == "medewerker.aanzee"
    assert event.detail == {"known_account": True}


def test_failed_login_with_unknown_name_stores_nothing_typed(demo):
    # Someone types a password (or a visitor's name) into the username field: it must not be kept.
    sign_in(Client(), "Geheim-Wachtwoord-123", "x")
    event = AuditEvent.objects.get(action="login_failed")
    assert event.actor_username == ""
    assert "Geheim" not in str(event.detail)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"username": "", "password": ""},
        {"username": "x" * 5000, "password": "y"},
        {"username": "\x00\x01"},
    ],
)
def test_bad_login_input_never_500(demo, data):
    response = Client().post(reverse("core:login"), data)
    assert response.status_code == 200
    assert "Er is een probleem" in response.content.decode()


def test_lockout_after_repeated_failures_is_dutch(demo):
    client = Client()
    for _ in range(5):
        sign_in(client, "medewerker.aanzee", "fout")
    response = sign_in(client, "medewerker.aanzee", DEMO_PASSWORD)
    assert response.status_code == 429
    assert "Te vaak" in response.content.decode()


def test_logout_is_post_only_and_ends_session(client_for):
    client = client_for("medewerker.aanzee")
    assert client.get(reverse("core:logout")).status_code == 405
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert client.get("/balie/").status_code == 302
    assert AuditEvent.objects.filter(action="logout", actor_username="medewerker.aanzee").exists()


def test_session_ends_at_browser_close(client_for, settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    client = client_for("medewerker.aanzee")
    response = client.post(
        reverse("core:login"), {"username": "medewerker.aanzee", "password": DEMO_PASSWORD}
    )
    cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
    assert cookie is not None
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def test_password_change_in_dutch(client_for):
    client = client_for("medewerker.aanzee")
    response = client.post(
        reverse("core:password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 200
    assert "Dit wachtwoord is te kort" in response.content.decode()
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "lange-zin-voor-de-balie",
            "new_password2": "lange-zin-voor-de-balie",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="password_changed").exists()
