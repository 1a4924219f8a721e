"""The desk: register, exactly once, multi-question, same as previous, corrections and history."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from baken.core.models import AuditEvent, Branch
from baken.registrations.models import Contact, ContactRevision, Question, QuestionHelp

from .helpers import desk_post, key_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def zeestad(demo):
    return Branch.objects.get(slug="zeestad-centrum")


def test_desk_home_shows_the_panel_with_top_topics_and_a_fresh_key(client_for):
    client = client_for("medewerker.aanzee")
    html = client.get("/balie/").content.decode()
    assert "Contact registreren" in html
    assert 'value="digid"' in html
    assert key_on(html) != key_on(client.get("/balie/").content.decode())


def test_register_one_question_and_confirm(client_for, zeestad):
    client = client_for("medewerker.aanzee")
    before = Contact.objects.count()
    response = client.post("/registraties/contact/", desk_post(zeestad))
    assert response.status_code == 302
    assert Contact.objects.count() == before + 1
    contact = Contact.objects.latest("id")
    assert (contact.branch, contact.hour, contact.source) == (zeestad, 10, "desk")
    assert contact.questions.get().helps.get().help == "meekijken"
    assert "Contact geregistreerd." in client.get("/balie/").content.decode()
    assert ContactRevision.objects.filter(contact=contact, action="create").count() == 1


def test_double_submit_and_back_button_store_one_contact(client_for, zeestad):
    client = client_for("medewerker.aanzee")
    data = desk_post(zeestad)
    before = Contact.objects.count()
    first = client.post("/registraties/contact/", data)
    second = client.post("/registraties/contact/", data)
    third = client.post("/registraties/contact/", data)
    assert first.status_code == second.status_code == third.status_code == 302
    assert Contact.objects.count() == before + 1


def test_another_librarys_key_is_refused_without_storing(client_for, user_named, zeestad):
    client_for("medewerker.aanzee").post("/registraties/contact/", data := desk_post(zeestad))
    other = client_for("medewerker.rivierenland")
    dijkdorp = Branch.objects.get(slug="dijkdorp")
    before = Contact.objects.count()
    response = other.post(
        "/registraties/contact/", desk_post(dijkdorp, idempotency_key=data["idempotency_key"])
    )
    assert response.status_code == 200
    assert "Dit formulier is al gebruikt." in response.content.decode()
    assert Contact.objects.count() == before


def test_two_questions_in_one_step(client_for, zeestad):
    client = client_for("medewerker.aanzee")
    data = desk_post(zeestad)
    data["action"] = "add_question"
    response = client.post("/registraties/contact/", data)
    html = response.content.decode()
    assert 'name="q2-topic"' in html and "Er is een probleem" not in html
    data.update(
        {
            "action": "save",
            "question_count": "2",
            "q2-topic": "toeslagen",
            "q2-helps": ["informatie", "cursus"],
        }
    )
    assert client.post("/registraties/contact/", data).status_code == 302
    contact = Contact.objects.latest("id")
    second = contact.questions.get(position=2)
    assert (second.topic, second.organisation, second.bestuurslaag, second.course_suggested) == (
        "toeslagen",
        "belastingdienst",
        "rijk",
        True,
    )


def test_same_as_previous_prefills_codes_but_not_the_remark(client_for, zeestad):
    client = client_for("medewerker.aanzee")
    client.post(
        "/registraties/contact/",
        desk_post(zeestad, **{"q1-topic": "voertuig", "remark": "Komt morgen terug"}),
    )
    html = client.get("/balie/?vorige=1").content.decode()
    assert re.search(r'name="q1-topic" value="voertuig"[^>]*checked', html)
    assert "Komt morgen terug" not in html
    assert "Ingevuld zoals uw vorige contact" in html


@pytest.mark.parametrize(
    ("override", "field_error"),
    [
        ({"q1-topic": "onbekend"}, "Onderwerp"),
        ({"q1-helps": ["toveren"]}, "Geboden hulp"),
        ({"q1-helps": []}, "Geboden hulp"),
        ({"outcome": ""}, "Uitkomst"),
        ({"hour": "24"}, "Uurblok"),
        ({"channel": "duif"}, "Kanaal"),
        ({"q1-organisation": "nsa"}, "Organisatie"),
        ({"q1-topic": "local-999999"}, "Onderwerp"),
        ({"idempotency_key": "not-a-uuid"}, ""),
    ],
)
def test_invalid_input_gets_a_dutch_error_and_stores_nothing(client_for, zeestad, override, field_error):
    client = client_for("medewerker.aanzee")
    before = (Contact.objects.count(), Question.objects.count(), QuestionHelp.objects.count())
    response = client.post("/registraties/contact/", desk_post(zeestad, **override))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er is een probleem" in html
    assert field_error in html
    assert (Contact.objects.count(), Question.objects.count(), QuestionHelp.objects.count()) == before


def test_future_date_is_refused(client_for, zeestad):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for("medewerker.aanzee").post(
        "/registraties/contact/", desk_post(zeestad, date=tomorrow)
    )
    assert "De datum kan niet in de toekomst liggen." in response.content.decode()


def test_branch_of_another_library_is_refused(client_for):
    dijkdorp = Branch.objects.get(slug="dijkdorp")
    before = Contact.objects.count()
    response = client_for("medewerker.aanzee").post("/registraties/contact/", desk_post(dijkdorp))
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Contact.objects.count() == before


def test_local_topic_of_another_library_is_refused(client_for, zeestad):
    from baken.registrations.models import LocalTopic

    foreign = LocalTopic.objects.filter(library__slug="rivierenland").first()
    assert foreign is not None
    before = Contact.objects.count()
    response = client_for("medewerker.aanzee").post(
        "/registraties/contact/", desk_post(zeestad, **{"q1-topic": f"local-{foreign.pk}"})
    )
    assert "Er is een probleem" in response.content.decode()
    assert Contact.objects.count() == before


def test_local_topic_counts_under_its_national_topic(client_for, zeestad):
    from baken.registrations.models import LocalTopic

    own = LocalTopic.objects.filter(library__slug="aanzee").order_by("id")[0]
    client_for("medewerker.aanzee").post(
        "/registraties/contact/", desk_post(zeestad, **{"q1-topic": f"local-{own.pk}"})
    )
    question = Question.objects.latest("id")
    assert (question.topic, question.local_topic) == (own.national_topic, own)


def _register(client, branch, **override):
    client.post("/registraties/contact/", desk_post(branch, **override))
    return Contact.objects.latest("id")


def test_creator_corrects_within_30_minutes_then_only_the_coordinator(client_for, zeestad):
    staff = client_for("medewerker.aanzee")
    contact = _register(staff, zeestad)
    edit_url = f"/registraties/contacten/{contact.pk}/wijzigen/"
    data = desk_post(zeestad, **{"q1-topic": "toeslagen"})
    assert staff.post(edit_url, data).status_code == 302
    assert contact.questions.get().topic == "toeslagen"
    Contact.objects.filter(pk=contact.pk).update(created_at=timezone.now() - timedelta(minutes=31))
    assert staff.get(edit_url).status_code == 403
    assert staff.post(f"/registraties/contacten/{contact.pk}/verwijderen/").status_code == 403
    assert client_for("vrijwilliger.aanzee").get(edit_url).status_code == 403
    coordinator = client_for("coordinator.aanzee")
    assert coordinator.post(edit_url, desk_post(zeestad, **{"q1-topic": "uitkering"})).status_code == 302
    actions = list(ContactRevision.objects.filter(contact=contact).values_list("action", flat=True))
    assert actions == ["create", "update", "update"]
    snapshots = [r.snapshot["questions"][0]["topic"] for r in ContactRevision.objects.filter(contact=contact)]
    assert snapshots == ["digid", "toeslagen", "uitkering"]


def test_delete_keeps_history_and_leaves_every_figure(client_for, zeestad):
    staff = client_for("medewerker.aanzee")
    contact = _register(staff, zeestad, **{"q1-topic": "boetes"})
    assert staff.post(f"/registraties/contacten/{contact.pk}/verwijderen/").status_code == 302
    contact.refresh_from_db()
    assert contact.is_deleted
    assert not Question.objects.filter(contact=contact).exists()
    assert not QuestionHelp.objects.filter(question__contact=contact).exists()
    revision = ContactRevision.objects.filter(contact=contact).order_by("id").reverse()[0]
    assert revision.action == "delete" and revision.snapshot["questions"][0]["topic"] == "boetes"
    assert AuditEvent.objects.filter(action="delete", target=f"contact:{contact.pk}").exists()
    assert client_for("coordinator.aanzee").get(f"/registraties/contacten/{contact.pk}/").status_code == 404


def test_revisions_are_append_only(client_for, zeestad):
    contact = _register(client_for("medewerker.aanzee"), zeestad)
    revision = ContactRevision.objects.filter(contact=contact).get()
    with pytest.raises(ValueError, match="append-only"):
        revision.save()
    with pytest.raises(ValueError, match="append-only"):
        revision.delete()


def test_other_library_sees_none_of_them(client_for, zeestad):
    contact = _register(client_for("medewerker.aanzee"), zeestad)
    other = client_for("coordinator.rivierenland")
    for url in (
        f"/registraties/contacten/{contact.pk}/",
        f"/registraties/contacten/{contact.pk}/wijzigen/",
        f"/registraties/contacten/{contact.pk}/verwijderen/",
    ):
        assert other.get(url).status_code == 404
    assert other.post(f"/registraties/contacten/{contact.pk}/verwijderen/").status_code == 404
    listing = other.get("/registraties/contacten/").content.decode()
    assert f"/registraties/contacten/{contact.pk}/" not in listing
    export = other.get("/registraties/export/contacten.csv").content.decode()
    assert all(line.split(";")[1] == "dijkdorp" for line in export.splitlines()[1:])


@pytest.mark.parametrize("username", ["gemeente.zeestad", "landelijk", "beheerder", "privacy.aanzee"])
def test_roles_without_desk_cannot_register(client_for, zeestad, username):
    before = Contact.objects.count()
    response = client_for(username).post("/registraties/contact/", desk_post(zeestad))
    assert response.status_code == 403
    assert Contact.objects.count() == before


def test_desk_staff_cannot_open_coordinator_views(client_for):
    staff = client_for("medewerker.aanzee")
    for url in ("/registraties/contacten/", "/registraties/export/contacten.csv", "/registraties/overzicht/"):
        assert staff.get(url).status_code == 403


def test_desk_remembers_the_last_branch(client_for):
    client = client_for("medewerker.aanzee")
    duinwijk = Branch.objects.get(slug="duinwijk")
    zeestad = Branch.objects.get(slug="zeestad-centrum")
    client.post("/registraties/contact/", desk_post(zeestad))
    assert f'<option value="{zeestad.pk}" selected' in client.get("/balie/").content.decode()
    client.post("/registraties/contact/", desk_post(duinwijk))
    assert f'<option value="{duinwijk.pk}" selected' in client.get("/balie/").content.decode()


# Session, user, library (inactivity limit), the branch check, contact, rollup mark, questions, helps,
# history, session save. The rollups are refreshed off the request (docs/adr/0063).
REGISTER_QUERIES = 10


@pytest.mark.parametrize("questions", [1, 3])
def test_registering_takes_a_fixed_number_of_queries(client_for, zeestad, questions):
    """Issue 3: a fixed number of queries (savepoints aside), the same for one question or several."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("medewerker.aanzee")
    assert client.post("/registraties/contact/", desk_post(zeestad)).status_code == 302  # warm the session
    data = desk_post(zeestad, question_count=str(questions), remark="Komt terug met de activeringscode")
    for n in range(1, questions + 1):
        data.update({f"q{n}-topic": "digid", f"q{n}-helps": ["meekijken", "informatie"]})
    with CaptureQueriesContext(connection) as captured:
        assert client.post("/registraties/contact/", data).status_code == 302
    sql = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(sql) == REGISTER_QUERIES, "\n".join(sql)
    assert Question.objects.filter(contact=Contact.objects.latest("id")).count() == questions
