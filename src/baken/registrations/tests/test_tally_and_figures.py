"""Tally entry, figures that add up, coordinator exports, summary and local topics."""

import csv
import io
import uuid

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from baken.core.models import AuditEvent, Branch
from baken.core.scope import Scope
from baken.registrations import selectors
from baken.registrations.models import Contact, LocalTopic, Question, QuestionHelp, TallySheet

from .helpers import desk_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def zeestad(demo):
    return Branch.objects.get(slug="zeestad-centrum")


def tally_post(branch, lines, **overrides):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "branch": str(branch.pk),
        "date": timezone.localdate().isoformat(),
        "channel": "extern",
    }
    for n, (topic, help_code, count) in enumerate(lines, start=1):
        data.update({f"r{n}-topic": topic, f"r{n}-help": help_code, f"r{n}-count": str(count)})
    data.update(overrides)
    return data


def test_tally_adds_up_with_single_registrations(client_for, user_named, zeestad):
    client = client_for("medewerker.aanzee")
    scope = Scope.for_user(user_named("medewerker.aanzee"))
    today = timezone.localdate()
    before = selectors.branch_summary(scope=scope, branch_id=zeestad.pk, start=today, end=today)
    client.post(
        "/registraties/contact/", desk_post(zeestad, **{"q1-topic": "digid", "q1-helps": ["meekijken"]})
    )
    data = tally_post(zeestad, [("digid", "meekijken", 5), ("toeslagen", "informatie", 3)])
    assert client.post("/registraties/turven/", data).status_code == 302
    assert client.post("/registraties/turven/", data).status_code == 302  # resubmit: stored once
    assert TallySheet.objects.filter(idempotency_key=data["idempotency_key"]).count() == 1
    after = selectors.branch_summary(scope=scope, branch_id=zeestad.pk, start=today, end=today)
    assert after.contacts - before.contacts == 1 + 8
    assert after.questions - before.questions == 1 + 8
    assert after.by_topic.get("digid", 0) - before.by_topic.get("digid", 0) == 6
    assert after.by_help.get("informatie", 0) - before.by_help.get("informatie", 0) == 3
    assert after.by_channel.get("extern", 0) - before.by_channel.get("extern", 0) == 8
    # The per-line counts equal what the figures tables hold for the sheet.
    sheet = TallySheet.objects.get(idempotency_key=data["idempotency_key"])
    assert Question.objects.filter(contact__tally_sheet=sheet).count() == sum(
        line.count for line in sheet.lines.all()
    )
    assert QuestionHelp.objects.filter(question__contact__tally_sheet=sheet, help="meekijken").count() == 5


def test_tally_delete_removes_its_counts(client_for, zeestad):
    client = client_for("medewerker.aanzee")
    data = tally_post(zeestad, [("boetes", "wegwijzen", 4)])
    client.post("/registraties/turven/", data)
    sheet = TallySheet.objects.get(idempotency_key=data["idempotency_key"])
    assert (
        client_for("medewerker.rivierenland")
        .post(f"/registraties/turven/{sheet.pk}/verwijderen/")
        .status_code
        == 404
    )
    assert client.post(f"/registraties/turven/{sheet.pk}/verwijderen/").status_code == 302
    assert not Question.objects.filter(contact__tally_sheet=sheet).exists()
    assert not Contact.objects.filter(tally_sheet=sheet, is_deleted=False).exists()


@pytest.mark.parametrize(
    "lines",
    [
        [("digid", "", 3)],
        [("onbekend", "meekijken", 3)],
        [("digid", "meekijken", 0)],
        [("digid", "meekijken", "veel")],
        [],
    ],
)
def test_invalid_tally_stores_nothing(client_for, zeestad, lines):
    before = (TallySheet.objects.count(), Contact.objects.count())
    response = client_for("medewerker.aanzee").post("/registraties/turven/", tally_post(zeestad, lines))
    assert response.status_code == 200
    assert "Er is een probleem" in response.content.decode()
    assert (TallySheet.objects.count(), Contact.objects.count()) == before


def test_tally_for_another_librarys_branch_is_refused(client_for):
    dijkdorp = Branch.objects.get(slug="dijkdorp")
    before = TallySheet.objects.count()
    response = client_for("medewerker.aanzee").post(
        "/registraties/turven/", tally_post(dijkdorp, [("digid", "meekijken", 2)])
    )
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert TallySheet.objects.count() == before


def test_csv_export_is_anonymous_and_audited(client_for, zeestad):
    client_for("medewerker.aanzee").post(
        "/registraties/contact/", desk_post(zeestad, remark="Komt terug met brief")
    )
    coordinator = client_for("coordinator.aanzee")
    response = coordinator.get(f"/registraties/export/contacten.csv?branch={zeestad.pk}&topic=digid")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert "uurblok" in header and "onderwerp_label" in header
    for forbidden in ("created_at", "remark", "opmerking", "created_by", "medewerker"):
        assert forbidden not in header
    assert body and all(row[1] == "zeestad-centrum" for row in body)
    assert "Komt terug met brief" not in response.content.decode()
    assert "medewerker.aanzee" not in response.content.decode()
    topics_per_contact: dict[str, set[str]] = {}
    for row in body:
        topics_per_contact.setdefault(row[0], set()).add(row[header.index("onderwerp")])
    assert all("digid" in topics for topics in topics_per_contact.values())
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, target="registrations:csv").exists()


def test_xlsx_export_matches_csv(client_for):
    coordinator = client_for("coordinator.aanzee")
    csv_rows = coordinator.get("/registraties/export/contacten.csv").content.decode("utf-8-sig").splitlines()
    workbook = load_workbook(io.BytesIO(coordinator.get("/registraties/export/contacten.xlsx").content))
    sheet = workbook.active
    assert sheet.max_row == len(csv_rows)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, target="registrations:xlsx").exists()


def test_contact_list_filters(client_for, zeestad):
    coordinator = client_for("coordinator.aanzee")
    html = coordinator.get(f"/registraties/contacten/?branch={zeestad.pk}&topic=boetes").content.decode()
    assert "<tbody>" in html
    assert "Bibliotheek Duinwijk" not in html.split("<tbody>")[-1]
    assert coordinator.get("/registraties/contacten/?date_from=gisteren").status_code == 200


def test_week_summary_lists_every_code(client_for, zeestad):
    coordinator = client_for("coordinator.aanzee")
    today = timezone.localdate().isoformat()
    html = coordinator.get(
        f"/registraties/overzicht/?branch={zeestad.pk}&period=week&date={today}"
    ).content.decode()
    assert "Bibliotheek Zeestad Centrum" in html
    for code in ("digid", "toeslagen", "logius", "rijk", "meekijken", "65plus", "balie", "geholpen"):
        assert f"<code>{code}</code>" in html


def test_summary_refuses_other_librarys_branch(client_for):
    dijkdorp = Branch.objects.get(slug="dijkdorp")
    html = client_for("coordinator.aanzee").get(
        f"/registraties/overzicht/?branch={dijkdorp.pk}&period=day&date=2025-01-01"
    )
    assert "Er is een probleem" in html.content.decode()
    assert "Bibliotheek Dijkdorp" not in html.content.decode()


def test_coordinator_manages_local_topics(client_for):
    coordinator = client_for("coordinator.aanzee")
    response = coordinator.post(
        "/registraties/onderwerpen/",
        {"label": "Parkeervergunning", "national_topic": "gemeente", "is_active": "on"},
    )
    assert response.status_code == 302
    topic = LocalTopic.objects.get(label="Parkeervergunning")
    assert topic.library.slug == "aanzee"
    assert "Parkeervergunning" in client_for("medewerker.aanzee").get("/balie/").content.decode()
    assert "Parkeervergunning" not in client_for("medewerker.rivierenland").get("/balie/").content.decode()
    duplicate = coordinator.post(
        "/registraties/onderwerpen/", {"label": "parkeervergunning", "national_topic": "gemeente"}
    )
    assert "al een subonderwerp" in duplicate.content.decode()
    assert (
        client_for("coordinator.rivierenland").get(f"/registraties/onderwerpen/{topic.pk}/").status_code
        == 404
    )
    assert client_for("medewerker.aanzee").get("/registraties/onderwerpen/").status_code == 403


def test_top_topics_follow_the_branchs_use(user_named, zeestad):
    scope = Scope.for_user(user_named("medewerker.aanzee"))
    order = selectors.topic_order(scope=scope, branch_id=zeestad.pk, today=timezone.localdate())
    assert order[0] == "digid"  # the demo's most asked topic
    assert sorted(order) == sorted(set(order))


def test_demo_data_is_idempotent_and_spread(demo):
    from baken.core.demo import load_all

    count = Contact.objects.count()
    load_all()
    assert Contact.objects.count() == count
    for slug in ("aanzee", "rivierenland"):
        contacts = Contact.objects.filter(library__slug=slug)
        assert contacts.count() >= 300
        assert contacts.values("date").distinct().count() > 10
