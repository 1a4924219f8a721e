"""Audit log viewer for the privacy coordinator: filters, pagination, CSV export (itself logged)."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from baken.core.models import AuditEvent
from baken.core.services import audit_log


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_viewer_filters_by_user_and_action(client_for, user_named):
    medewerker = user_named("medewerker.aanzee")
    audit_log(actor=medewerker, action=AuditEvent.Action.LOGIN)
    audit_log(actor=user_named("coordinator.aanzee"), action=AuditEvent.Action.LOGOUT)
    client = client_for("privacy.aanzee")
    response = client.get("/team/auditlog/", {"actor": "medewerker.aanzee", "action": "login"})
    assert response.status_code == 200
    events = list(response.context["page"].object_list)
    assert events and all(e.actor_username == "medewerker.aanzee" and e.action == "login" for e in events)


def test_viewer_filters_by_date(client_for, user_named):
    client = client_for("privacy.aanzee")
    today = timezone.localdate()
    audit_log(actor=user_named("medewerker.aanzee"), action=AuditEvent.Action.LOGIN)
    yesterday = (today - timedelta(days=1)).isoformat()
    response = client.get("/team/auditlog/", {"date_from": yesterday, "date_to": yesterday})
    assert list(response.context["page"].object_list) == []
    response = client.get("/team/auditlog/", {"date_from": today.isoformat(), "date_to": today.isoformat()})
    assert response.context["page"].paginator.count > 0


def test_bad_filter_gives_a_dutch_error_not_a_500(client_for):
    client = client_for("privacy.aanzee")
    response = client.get(
        "/team/auditlog/", {"date_from": "2025-05-02", "date_to": "2025-05-01", "action": "hack"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Er is een probleem" in body
    assert "Deze datum ligt vóór de begindatum." in body


def test_viewer_shows_only_the_own_library(client_for, user_named):
    audit_log(actor=user_named("medewerker.rivierenland"), action=AuditEvent.Action.LOGIN)
    response = client_for("privacy.aanzee").get("/team/auditlog/")
    names = {e.actor_username for e in response.context["page"].paginator.object_list}
    assert "medewerker.rivierenland" not in names
    assert "medewerker.rivierenland" not in response.content.decode()


def test_pagination(client_for, user_named):
    medewerker = user_named("medewerker.aanzee")
    for _ in range(60):
        audit_log(actor=medewerker, action=AuditEvent.Action.READ, target="x")
    client = client_for("privacy.aanzee")
    first = client.get("/team/auditlog/", {"action": "read"})
    assert len(first.context["page"].object_list) == 50
    second = client.get("/team/auditlog/", {"action": "read", "pagina": "2"})
    assert len(second.context["page"].object_list) == 10
    assert "pagina=1" in second.content.decode()


def test_export_is_csv_of_the_filtered_events_and_is_logged(client_for, user_named):
    audit_log(actor=user_named("medewerker.aanzee"), action=AuditEvent.Action.LOGIN, target="=HYPERLINK(1)")
    client = client_for("privacy.aanzee")
    response = client.get("/team/auditlog/export.csv", {"action": "login"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0] == ["tijdstip", "wie", "actie", "op", "details"]
    assert rows[1:] and all(row[2] == "login" for row in rows[1:])
    assert any(row[3] == "'=HYPERLINK(1)" for row in rows[1:])  # no spreadsheet formulas
    export = AuditEvent.objects.filter(action="export", actor_username="privacy.aanzee").get()
    assert export.detail["action_filter"] == "login"


@pytest.mark.parametrize("username", ["coordinator.aanzee", "medewerker.aanzee", "landelijk"])
def test_only_the_privacy_coordinator_reads_the_log(client_for, username):
    assert client_for(username).get("/team/auditlog/").status_code == 403
    assert client_for(username).get("/team/auditlog/export.csv").status_code == 403
