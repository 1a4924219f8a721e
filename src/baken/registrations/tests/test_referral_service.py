"""A question can name where the visitor was referred: a service on the library's own kaart."""

import uuid

import pytest

from baken.core.models import Branch
from baken.directory.models import Service
from baken.registrations.exports import export_rows
from baken.registrations.models import Contact, Question

from .helpers import desk_post

pytestmark = pytest.mark.django_db


def test_a_question_records_the_partner_it_was_referred_to(client_for, demo):
    brigade = Service.objects.get(name="Formulierenbrigade Zeestad")
    client = client_for("medewerker.aanzee")
    desk = client.get("/balie/").content.decode()
    assert f'<option value="{brigade.pk}">Formulierenbrigade Zeestad (Welzijn Zeestad)</option>' in desk
    zeestad = Branch.objects.get(slug="zeestad-centrum")
    response = client.post(
        "/registraties/contact/", desk_post(zeestad, **{"q1-referral_service": str(brigade.pk)})
    )
    assert response.status_code == 302
    contact = Contact.objects.latest("id")
    assert contact.questions.get().referral_service == brigade
    assert contact.revisions.get().snapshot["questions"][0]["referral_service"] == brigade.pk
    detail = client.get(f"/registraties/contacten/{contact.pk}/").content.decode()
    assert "Formulierenbrigade Zeestad" in detail
    row = [r for r in export_rows(Contact.objects.filter(pk=contact.pk))][1]
    assert row[-1] == "Welzijn Zeestad: Formulierenbrigade Zeestad"


def test_a_shared_service_may_be_named_by_the_region(client_for, demo):
    shared = Service.objects.get(name="Juridisch advies")  # Aan Zee's, shared with Rivierenland
    dijkdorp = Branch.objects.get(slug="dijkdorp")
    response = client_for("medewerker.rivierenland").post(
        "/registraties/contact/", desk_post(dijkdorp, **{"q1-referral_service": str(shared.pk)})
    )
    assert response.status_code == 302
    assert Question.objects.latest("id").referral_service == shared


def test_a_service_the_library_does_not_see_is_refused_and_nothing_stored(client_for, demo):
    not_shared = Service.objects.get(name="Formulierenbrigade Zeestad")
    dijkdorp = Branch.objects.get(slug="dijkdorp")
    before = Contact.objects.count()
    response = client_for("medewerker.rivierenland").post(
        "/registraties/contact/", desk_post(dijkdorp, **{"q1-referral_service": str(not_shared.pk)})
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Contact.objects.count() == before


def test_the_service_layer_refuses_a_hidden_service_too(user_named, demo):
    from datetime import date

    from django.core.exceptions import ValidationError

    from baken.registrations.services import ContactData, QuestionData, contact_register

    hidden = Service.objects.get(name="Formulierenbrigade Zeestad")
    data = ContactData(
        branch=Branch.objects.get(slug="dijkdorp"),
        date=date.today(),
        hour=10,
        channel="balie",
        duration="5_15",
        outcome="doorverwezen",
        questions=(
            QuestionData(topic="toeslagen", helps=("warm_doorverwezen",), referral_service_id=hidden.pk),
        ),
    )
    before = Contact.objects.count()
    with pytest.raises(ValidationError):
        contact_register(actor=user_named("medewerker.rivierenland"), data=data, idempotency_key=uuid.uuid4())
    assert Contact.objects.count() == before
