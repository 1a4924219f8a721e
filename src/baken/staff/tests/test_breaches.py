"""Data-breach register (seed 001, "Weet wat je moet doen bij een datalek"): report, 72-hour clock,
decision."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from baken.core.models import AuditEvent
from baken.staff import services
from baken.staff.models import BreachAction, BreachIncident


def _report_data(**overrides):
    now = timezone.localtime()
    data = {
        "summary": "Een scherm bleef ingelogd op de balie-pc na afloop van het spreekuur.",
        "discovered_on": now.date().isoformat(),
        "discovered_time": (now - timedelta(minutes=10)).strftime("%H:%M"),
        "severity": "low",
    }
    data.update(overrides)
    return data


def test_volunteer_reports_and_the_privacy_coordinator_gets_an_email(client_for):
    response = client_for("vrijwilliger.aanzee").post("/team/datalek-melden/", _report_data())
    assert response.status_code == 302
    incident = BreachIncident.objects.latest("id")
    assert incident.library.slug == "aanzee"
    assert incident.reported_by_username == "vrijwilliger.aanzee"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["privacy.aanzee@demo.baken.invalid"]
    assert f"/team/datalekken/{incident.pk}/" in message.body
    assert "ingelogd" not in message.body  # no details leave Baken by e-mail
    assert "beveiligingsincident" in message.subject


def test_report_with_personal_data_is_refused_and_nothing_is_stored(client_for):
    before = BreachIncident.objects.count()
    response = client_for("medewerker.aanzee").post(
        "/team/datalek-melden/",
        _report_data(summary="Mail van meneer De Vries (BSN 111222333) naar verkeerd adres"),
    )
    assert response.status_code == 200
    assert "persoonsgegevens" in response.content.decode()
    assert BreachIncident.objects.count() == before
    assert mail.outbox == []


@pytest.mark.parametrize(
    "override",
    [{"severity": ""}, {"discovered_on": "2999-01-01"}, {"discovered_time": "25:99"}, {"summary": ""}],
)
def test_incomplete_report_gets_a_dutch_error(client_for, override):
    before = BreachIncident.objects.count()
    response = client_for("medewerker.aanzee").post("/team/datalek-melden/", _report_data(**override))
    assert response.status_code == 200
    assert "Er is een probleem" in response.content.decode()
    assert BreachIncident.objects.count() == before


def test_demo_incident_is_overdue_and_flagged_on_the_list_and_privacy_home(client_for):
    incident = BreachIncident.objects.get(library__slug="aanzee")
    assert incident.is_overdue()
    listing = client_for("privacy.aanzee").get("/team/datalekken/").content.decode()
    assert "staff-overdue" in listing
    assert "Te laat" in listing
    home = client_for("privacy.aanzee").get("/privacy/").content.decode()
    assert f"/team/datalekken/{incident.pk}/" in home
    assert "na 72 uur nog zonder besluit" in home


def test_a_fresh_incident_is_open_but_not_overdue(user_named):
    incident = services.breach_incident_report(
        actor=user_named("medewerker.aanzee"),
        summary="Printer stond open.",
        discovered_at=timezone.now() - timedelta(hours=71),
        severity="low",
        notify=False,
    )
    assert not incident.is_overdue()
    assert incident.is_overdue(now=timezone.now() + timedelta(hours=2))


def test_decision_clears_the_flag_and_is_taken_once(client_for):
    incident = BreachIncident.objects.get(library__slug="aanzee")
    client = client_for("privacy.aanzee")
    response = client.post(
        f"/team/datalekken/{incident.pk}/besluit/",
        {
            "notify_authority": "no",
            "reason": "Eén ontvanger, mail teruggevraagd en verwijderd; weinig risico.",
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.notify_authority is False and incident.decided_by_username == "privacy.aanzee"
    assert not incident.is_overdue()
    assert "staff-overdue" not in client.get("/team/datalekken/").content.decode()
    client.post(
        f"/team/datalekken/{incident.pk}/besluit/", {"notify_authority": "yes", "reason": "Toch melden."}
    )
    incident.refresh_from_db()
    assert incident.notify_authority is False
    assert AuditEvent.objects.filter(action="update", target=f"staff.breach:{incident.pk}").count() == 1


def test_invalid_decision_and_action_give_errors(client_for):
    incident = BreachIncident.objects.get(library__slug="aanzee")
    client = client_for("privacy.aanzee")
    response = client.post(f"/team/datalekken/{incident.pk}/besluit/", {"reason": ""})
    assert response.status_code == 400
    assert "Er is een probleem" in response.content.decode()
    response = client.post(f"/team/datalekken/{incident.pk}/actie/", {"text": "Gebeld met 0612345678"})
    assert response.status_code == 400
    assert not BreachAction.objects.filter(incident=incident).exists()
    response = client.post(
        f"/team/datalekken/{incident.pk}/actie/", {"text": "Ontvanger gevraagd de mail te verwijderen."}
    )
    assert response.status_code == 302
    assert BreachAction.objects.filter(incident=incident).count() == 1
    assert "Ontvanger gevraagd" in client.get(f"/team/datalekken/{incident.pk}/").content.decode()


def test_coordinator_reads_but_cannot_decide(client_for):
    incident = BreachIncident.objects.get(library__slug="aanzee")
    client = client_for("coordinator.aanzee")
    page = client.get(f"/team/datalekken/{incident.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f"/team/datalekken/{incident.pk}/besluit/" not in body
    assert f"/team/datalekken/{incident.pk}/actie/" not in body
    assert (
        client.post(
            f"/team/datalekken/{incident.pk}/besluit/", {"notify_authority": "no", "reason": "x"}
        ).status_code
        == 403
    )
    assert client.post(f"/team/datalekken/{incident.pk}/actie/", {"text": "x"}).status_code == 403


@pytest.mark.parametrize("username", ["medewerker.aanzee", "vrijwilliger.aanzee"])
def test_desk_staff_report_but_do_not_read_the_register(client_for, username):
    client = client_for(username)
    assert client.get("/team/datalek-melden/").status_code == 200
    assert client.get("/team/datalekken/").status_code == 403


def test_other_library_gets_404(client_for):
    incident = BreachIncident.objects.get(library__slug="aanzee")
    client = client_for("coordinator.rivierenland")
    assert client.get(f"/team/datalekken/{incident.pk}/").status_code == 404
    assert f"/team/datalekken/{incident.pk}/" not in client.get("/team/datalekken/").content.decode()


def test_mail_failure_does_not_lose_the_report(user_named, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(services, "send_mail", broken)
    incident = services.breach_incident_report(
        actor=user_named("medewerker.aanzee"),
        summary="Laptop kwijt.",
        discovered_at=timezone.now(),
        severity="high",
    )
    assert BreachIncident.objects.filter(pk=incident.pk).exists()
