import time

from baken.core.middleware import SESSION_KEY
from baken.core.models import AuditEvent, Library


def age_session(client, seconds: float) -> None:
    session = client.session
    session[SESSION_KEY] = time.time() - seconds
    session.save()


def test_signed_out_after_default_fifteen_minutes(client_for):
    client = client_for("medewerker.aanzee")
    client.get("/balie/")
    age_session(client, 15 * 60 + 5)
    response = client.get("/balie/")
    assert response.status_code == 302
    assert response["Location"] == "/aanmelden/?verlopen=1"
    assert client.get("/balie/").status_code == 302
    assert AuditEvent.objects.filter(action="auto_logout", actor_username="medewerker.aanzee").exists()
    assert not AuditEvent.objects.filter(action="logout").exists()
    page = client.get("/aanmelden/?verlopen=1").content.decode()
    assert "automatisch afgemeld" in page


def test_activity_keeps_the_session(client_for):
    client = client_for("medewerker.aanzee")
    client.get("/balie/")
    age_session(client, 14 * 60)
    assert client.post("/sessie/verlengen/").status_code == 204
    assert time.time() - client.session[SESSION_KEY] < 5
    assert client.get("/balie/").status_code == 200


def test_library_sets_its_own_timeout(client_for):
    Library.objects.filter(slug="aanzee").update(inactivity_timeout_minutes=5)
    client = client_for("medewerker.aanzee")
    client.get("/balie/")
    assert 'data-session-timeout="300"' in client.get("/balie/").content.decode()
    age_session(client, 5 * 60 + 1)
    assert client.get("/balie/").status_code == 302


def test_keepalive_needs_post_and_sign_in(client, db):
    assert client.post("/sessie/verlengen/").status_code == 302
