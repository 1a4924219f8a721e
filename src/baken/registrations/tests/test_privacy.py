"""The personal-data guard on the remark: refused, marked, never stored, never logged, also on errors."""

import logging

import pytest
from django.test import Client

from baken.core.models import AuditEvent, Branch, User
from baken.registrations import forms as registration_forms
from baken.registrations.models import Contact, ContactRevision

from .helpers import desk_post

pytestmark = pytest.mark.django_db

BSN_REMARK = "Bezoeker met BSN 111222333 had vragen"
REMARKS = [
    BSN_REMARK,
    "Mail naar j.jansen@gmail.com gestuurd",
    "Belt terug op 06-12345678",
    "IBAN NL91ABNA0417164300 gecontroleerd",
    "Woont op Dorpsstraat 12",
]


@pytest.fixture
def zeestad(demo):
    return Branch.objects.get(slug="zeestad-centrum")


def _everything_stored() -> str:
    rows = [
        *Contact.objects.values_list("remark", flat=True),
        *(str(r.snapshot) for r in ContactRevision.objects.all()),
        *(f"{e.target} {e.detail}" for e in AuditEvent.objects.all()),
    ]
    return "\n".join(rows)


def _sessions() -> str:
    from django.contrib.sessions.models import Session

    return "\n".join(str(s.get_decoded()) for s in Session.objects.all())


@pytest.mark.parametrize("remark", REMARKS)
def test_remark_with_personal_data_is_refused_marked_and_not_stored(client_for, zeestad, remark, caplog):
    caplog.set_level(logging.DEBUG)
    client = client_for("medewerker.aanzee")
    before = Contact.objects.count()
    response = client.post("/registraties/contact/", desk_post(zeestad, remark=remark))
    html = response.content.decode()
    assert response.status_code == 200
    assert "De opmerking lijkt persoonsgegevens te bevatten" in html
    assert "<mark>" in html
    assert Contact.objects.count() == before
    assert remark not in _everything_stored()
    assert remark not in _sessions()
    assert remark not in caplog.text


def test_refusal_names_what_was_found(client_for, zeestad):
    html = client_for("medewerker.aanzee").post(
        "/registraties/contact/", desk_post(zeestad, remark=BSN_REMARK)
    )
    text = html.content.decode()
    assert "een BSN" in text
    assert "<mark>111222333</mark>" in text


def test_clean_remark_is_stored(client_for, zeestad):
    client_for("medewerker.aanzee").post(
        "/registraties/contact/", desk_post(zeestad, remark="Komt terug met brief")
    )
    assert Contact.objects.latest("id").remark == "Komt terug met brief"


def test_remark_over_200_characters_is_refused(client_for, zeestad):
    before = Contact.objects.count()
    response = client_for("medewerker.aanzee").post(
        "/registraties/contact/", desk_post(zeestad, remark="a" * 201)
    )
    assert "Er is een probleem" in response.content.decode()
    assert Contact.objects.count() == before


def test_refused_remark_together_with_other_errors_is_not_stored(client_for, zeestad, caplog):
    caplog.set_level(logging.DEBUG)
    response = client_for("medewerker.aanzee").post(
        "/registraties/contact/", desk_post(zeestad, remark=BSN_REMARK, **{"q1-topic": "onbekend"})
    )
    assert "De opmerking lijkt persoonsgegevens te bevatten" in response.content.decode()
    assert BSN_REMARK not in _everything_stored()
    assert BSN_REMARK not in caplog.text


def test_refused_remark_on_edit_is_not_stored(client_for, zeestad):
    client = client_for("medewerker.aanzee")
    client.post("/registraties/contact/", desk_post(zeestad))
    contact = Contact.objects.latest("id")
    client.post(f"/registraties/contacten/{contact.pk}/wijzigen/", desk_post(zeestad, remark=BSN_REMARK))
    contact.refresh_from_db()
    assert contact.remark == ""
    assert BSN_REMARK not in _everything_stored()


def test_server_error_with_a_remark_logs_nothing_of_it(demo, zeestad, monkeypatch, caplog):
    """A crash while handling a remark: the 500 page and the log show nothing of the request body."""
    caplog.set_level(logging.DEBUG)

    def broken(text):
        raise RuntimeError("guard unavailable")

    monkeypatch.setattr(registration_forms.pii, "scan", broken)
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="medewerker.aanzee"))
    before = Contact.objects.count()
    response = client.post("/registraties/contact/", desk_post(zeestad, remark=BSN_REMARK))
    assert response.status_code == 500
    assert BSN_REMARK not in response.content.decode()
    assert "111222333" not in caplog.text
    assert Contact.objects.count() == before
    assert BSN_REMARK not in _everything_stored()


def test_validate_remark_is_the_single_gate():
    with pytest.raises(registration_forms.RemarkRefused) as refused:
        registration_forms.validate_remark(BSN_REMARK)
    assert [f.type for f in refused.value.findings] == ["bsn"]
    assert registration_forms.validate_remark("Vraag over toeslag") == "Vraag over toeslag"
