"""POST /api/v1/contacten/: a branch device registers anonymous contacts, the desk's rules apply."""

from __future__ import annotations

import logging
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from baken.api.models import DeviceToken
from baken.core.models import AuditEvent, Branch, User
from baken.registrations.models import Contact, ContactRevision, LocalTopic, Question

from .conftest import contact_body

pytestmark = pytest.mark.django_db
URL = "/api/v1/contacten/"
BSN_REMARK = "Bezoeker met BSN 111222333 had vragen"


def post(client: Client, body: dict, **headers: str):
    return client.post(URL, body, content_type="application/json", headers=headers)


def test_a_device_registers_a_contact_for_its_own_branch(device, device_client, zeestad):
    token, _raw = device
    response = post(device_client, contact_body())
    assert response.status_code == 201, response.content
    data = response.json()
    contact = Contact.objects.get(pk=data["id"])
    assert contact.branch == zeestad
    assert contact.library_id == zeestad.library_id
    assert contact.created_by == token.created_by  # the coordinator answers for the device
    assert data["vestiging"] == zeestad.pk
    assert data["vragen"][0]["onderwerp"] == "digid"
    assert sorted(data["vragen"][0]["hulp"]) == ["informatie", "meekijken"]
    assert data["vragen"][0]["organisatie"] == "logius"  # derived like at the desk
    assert "created_by" not in data and "aangemaakt_door" not in data
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_branch_comes_from_the_token_never_from_the_body(device_client, zeestad):
    other = Branch.objects.exclude(library_id=zeestad.library_id).order_by("pk")[0]
    response = post(
        device_client, contact_body(vestiging=other.pk, branch=other.pk, library=other.library_id)
    )
    assert response.status_code == 201
    assert Contact.objects.get(pk=response.json()["id"]).branch == zeestad
    assert not Contact.objects.filter(branch=other, idempotency_key=response.json()["id"]).exists()


def test_several_questions_and_a_clean_remark(device_client):
    body = contact_body(
        opmerking="Vraag over de energietoeslag",
        vragen=[
            {"onderwerp": "toeslagen", "hulp": ["informatie"]},
            {"onderwerp": "bankzaken", "hulp": ["meekijken"], "cursus_aangeraden": True},
        ],
    )
    response = post(device_client, body)
    assert response.status_code == 201
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.remark == "Vraag over de energietoeslag"
    assert list(contact.questions.order_by("position").values_list("topic", flat=True)) == [
        "toeslagen",
        "bankzaken",
    ]


def test_unknown_codes_are_refused_in_dutch_and_nothing_is_stored(device_client):
    before = Contact.objects.count()
    body = contact_body(kanaal="fax", vragen=[{"onderwerp": "paspoort", "hulp": ["toveren"]}])
    response = post(device_client, body)
    assert response.status_code == 400
    errors = response.json()
    assert "landelijke indeling" in errors["kanaal"][0]
    assert "landelijke indeling" in str(errors["vragen"]), errors
    assert Contact.objects.count() == before


def test_missing_fields_and_no_questions_are_refused(device_client):
    response = post(device_client, contact_body(vragen=[]))
    assert response.status_code == 400
    response = post(device_client, {"idempotentiesleutel": str(uuid.uuid4())})
    assert response.status_code == 400
    assert "Dit veld is vereist." in response.json()["datum"]


def test_a_date_in_the_future_is_refused_like_at_the_desk(device_client):
    response = post(device_client, contact_body(datum="2999-01-01"))
    assert response.status_code == 400
    assert response.json()["datum"] == ["De datum kan niet in de toekomst liggen."]


def test_a_retried_request_is_stored_once_with_the_key_in_the_body(device_client):
    body = contact_body()
    first = post(device_client, body)
    second = post(device_client, body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert Contact.objects.filter(idempotency_key=body["idempotentiesleutel"]).count() == 1
    assert ContactRevision.objects.filter(contact_id=first.json()["id"]).count() == 1


def test_a_retried_request_is_stored_once_with_the_key_in_the_header(device_client):
    key = str(uuid.uuid4())
    body = contact_body()
    del body["idempotentiesleutel"]
    first = post(device_client, body, **{"Idempotency-Key": key})
    second = post(device_client, body, **{"Idempotency-Key": key})
    assert (first.status_code, second.status_code) == (201, 200)
    assert Contact.objects.filter(idempotency_key=key).count() == 1


def test_an_idempotency_key_is_required_and_must_agree(device_client):
    body = contact_body()
    del body["idempotentiesleutel"]
    assert post(device_client, body).status_code == 400
    assert post(device_client, body, **{"Idempotency-Key": "geen-uuid"}).status_code == 400
    response = post(device_client, contact_body(), **{"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 400
    assert "verschillen" in response.json()["idempotentiesleutel"][0]


def test_a_key_of_another_library_is_a_conflict_not_a_leak(device_client):
    foreign = Contact.objects.exclude(library__slug="aanzee").order_by("pk")[0]
    response = post(device_client, contact_body(idempotentiesleutel=str(foreign.idempotency_key)))
    assert response.status_code == 409
    assert str(foreign.pk) not in response.content.decode()


def test_a_remark_with_a_bsn_is_refused_not_stored_not_logged(device_client, caplog):
    caplog.set_level(logging.DEBUG)
    before = Contact.objects.count()
    response = post(device_client, contact_body(opmerking=BSN_REMARK))
    assert response.status_code == 400
    assert "persoonsgegevens" in response.json()["opmerking"][0]
    assert "111222333" not in response.content.decode()  # not even echoed back
    assert Contact.objects.count() == before
    stored = [
        *Contact.objects.values_list("remark", flat=True),
        *(str(r.snapshot) for r in ContactRevision.objects.all()),
        *(f"{e.target} {e.detail}" for e in AuditEvent.objects.all()),
        *(str(s.get_decoded()) for s in Session.objects.all()),
    ]
    assert not any("111222333" in text for text in stored)
    assert "111222333" not in caplog.text


def test_a_local_sub_topic_must_be_the_librarys_own(device_client):
    own = LocalTopic.objects.filter(library__slug="aanzee", is_active=True).order_by("pk")[0]
    foreign = LocalTopic.objects.exclude(library__slug="aanzee").order_by("pk")[0]
    good = [{"onderwerp": own.national_topic, "lokaal_subonderwerp": own.pk, "hulp": ["informatie"]}]
    response = post(device_client, contact_body(vragen=good))
    assert response.status_code == 201
    assert Question.objects.get(contact_id=response.json()["id"]).local_topic == own
    bad = [{"onderwerp": foreign.national_topic, "lokaal_subonderwerp": foreign.pk, "hulp": ["informatie"]}]
    response = post(device_client, contact_body(vragen=bad))
    assert response.status_code == 400
    assert "subonderwerp" in str(response.json())


def test_no_token_an_unknown_token_or_a_revoked_token_is_401(device, zeestad):
    token, raw = device
    assert post(Client(), contact_body()).status_code == 401
    assert Client().post(URL, {}, content_type="application/json")["WWW-Authenticate"] == "Token"
    wrong = raw[:-4] + ("aaaa" if not raw.endswith("aaaa") else "bbbb")
    assert post(Client(headers={"Authorization": f"Token {wrong}"}), contact_body()).status_code == 401
    assert post(Client(headers={"Authorization": "Token x"}), contact_body()).status_code == 401
    DeviceToken.objects.filter(pk=token.pk).update(revoked_at="2025-01-01T00:00:00Z")
    response = post(Client(headers={"Authorization": f"Token {raw}"}), contact_body())
    assert response.status_code == 401
    assert "ingetrokken" in response.json()["detail"]


def test_a_token_stops_when_its_coordinator_leaves(device, device_client):
    User.objects.filter(pk=device[0].created_by_id).update(is_active=False)
    assert post(device_client, contact_body()).status_code == 401


def test_signed_in_users_cannot_use_the_device_endpoint(client_for):
    for username in ("medewerker.aanzee", "coordinator.aanzee"):
        response = post(client_for(username), contact_body())
        assert response.status_code == 403
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED, target=URL).exists()


def test_a_device_token_opens_nothing_else(device_client):
    assert device_client.get("/api/v1/cijfers/").status_code in (401, 403)
    page = device_client.get("/registraties/contacten/")
    assert page.status_code == 302 and page["Location"].startswith("/aanmelden/")
    assert device_client.get(URL).status_code == 405


def test_form_posts_are_refused_json_only(device_client):
    response = device_client.post(URL, {"datum": "2025-01-01"})
    assert response.status_code == 415
