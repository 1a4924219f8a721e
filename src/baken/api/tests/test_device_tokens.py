"""The coordinator's page: make a device token (shown once, only its hash stored), list, revoke."""

from __future__ import annotations

import hashlib
import re
import uuid

import pytest
from django.db import connection
from django.test import Client

from baken.api.models import DeviceToken
from baken.core.models import AuditEvent, Branch

from .conftest import contact_body

pytestmark = pytest.mark.django_db
PAGE = "/api/apparaten/"
TOKEN_RE = re.compile(r"bkn_[0-9a-f]{12}_[A-Za-z0-9_\-]{43}")


def _make(client: Client, branch: Branch, label: str = "Kiosk bij de ingang", key: str | None = None):
    return client.post(
        PAGE, {"branch": branch.pk, "label": label, "idempotency_key": key or str(uuid.uuid4())}
    )


def test_the_token_is_shown_once_and_only_its_hash_is_stored(client_for, zeestad):
    client = client_for("coordinator.aanzee")
    response = _make(client, zeestad)
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Kopieer de nieuwe sleutel nu" in html
    found = TOKEN_RE.search(html)
    assert found is not None
    raw = found.group(0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_devicetoken")
        rows = cursor.fetchall()
    dump = repr(rows)
    assert raw not in dump
    assert raw.split("_", 2)[2] not in dump  # not the secret part either
    assert hashlib.sha256(raw.encode()).hexdigest() in dump
    # Not on the next visit, not in the session, not in the audit trail.
    assert raw not in client.get(PAGE).content.decode()
    assert raw not in repr(client.session.items())
    assert raw not in repr(list(AuditEvent.objects.values_list("target", "detail")))
    token = DeviceToken.objects.get(key_id=raw[4:16])
    event = AuditEvent.objects.get(target=f"device_token:{token.pk}", action=AuditEvent.Action.CREATE)
    assert event.detail == {"branch": zeestad.pk}
    # And it works.
    api = Client(headers={"Authorization": f"Token {raw}"})
    assert api.post("/api/v1/contacten/", contact_body(), content_type="application/json").status_code == 201


def test_a_resubmitted_form_makes_no_second_token(client_for, zeestad):
    client = client_for("coordinator.aanzee")
    key = str(uuid.uuid4())
    assert _make(client, zeestad, key=key).status_code == 201
    again = _make(client, zeestad, key=key)
    assert again.status_code == 302
    assert DeviceToken.objects.filter(idempotency_key=key).count() == 1
    assert "al verstuurd" in client.get(PAGE).content.decode()


def test_a_label_with_personal_data_or_another_librarys_branch_is_refused(client_for, zeestad):
    client = client_for("coordinator.aanzee")
    before = DeviceToken.objects.count()
    response = _make(client, zeestad, label="Laptop van j.jansen@gmail.com")
    assert response.status_code == 200
    assert "persoonsgegevens" in response.content.decode()
    other = Branch.objects.exclude(library_id=zeestad.library_id).order_by("pk")[0]
    assert _make(client, other).status_code == 200
    assert DeviceToken.objects.count() == before


def test_revoke_at_once_with_an_audit_event_then_401(client_for, device):
    token, raw = device
    client = client_for("coordinator.aanzee")
    response = client.post(f"/api/apparaten/{token.pk}/intrekken/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by.username == "coordinator.aanzee"
    event = AuditEvent.objects.get(target=f"device_token:{token.pk}", action=AuditEvent.Action.DELETE)
    assert event.detail == {"branch": token.branch_id, "revoked": True}
    api = Client(headers={"Authorization": f"Token {raw}"})
    assert api.post("/api/v1/contacten/", contact_body(), content_type="application/json").status_code == 401
    assert "Ingetrokken op" in client.get(PAGE).content.decode()


def test_other_libraries_and_other_roles_cannot_touch_tokens(client_for, device):
    token, _raw = device
    assert (
        client_for("coordinator.rivierenland").post(f"/api/apparaten/{token.pk}/intrekken/").status_code
        == 404
    )
    assert token.label not in client_for("coordinator.rivierenland").get(PAGE).content.decode()
    for username in ("medewerker.aanzee", "privacy.aanzee", "gemeente.zeestad"):
        assert client_for(username).get(PAGE).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_is_in_the_coordinators_menu(client_for):
    html = client_for("coordinator.aanzee").get("/").content.decode()
    html = client_for("coordinator.aanzee").get(PAGE).content.decode()
    assert 'href="/api/apparaten/"' in html and "API-sleutels" in html
    assert 'href="/api/apparaten/"' not in client_for("medewerker.aanzee").get("/").content.decode()
