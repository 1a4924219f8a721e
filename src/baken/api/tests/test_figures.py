"""GET /api/v1/cijfers/: the dashboard's numbers, scoped and protected exactly as on the dashboard."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from baken.core.models import AuditEvent, Branch, User
from baken.registrations import services as registration_services
from baken.registrations.services import ContactData, QuestionData

pytestmark = pytest.mark.django_db
URL = "/api/v1/cijfers/"


def _cells(payload: dict) -> dict[tuple[str, str], int | None]:
    cells = {("totaal", name): payload[name]["waarde"] for name in ("vragen", "vragen_vorige_periode")}
    for table in payload["tabellen"]:
        for row in table["rijen"]:
            cells[(table["sleutel"], row["code"])] = row["cel"]["waarde"]
        cells[(table["sleutel"], "totaal")] = table["totaal"]["waarde"]
    return cells


def _board_cells(board) -> dict[tuple[str, str], int | None]:
    cells = {("totaal", "vragen"): board.questions.value}
    cells[("totaal", "vragen_vorige_periode")] = board.previous_questions.value
    for table in board.all_tables():
        for row in table.rows:
            cells[(table.key, row.code)] = None if row.cell.hidden else row.cell.value
        cells[(table.key, "totaal")] = None if table.total.hidden else table.total.value
    return cells


@pytest.mark.parametrize("username", ["coordinator.aanzee", "gemeente.zeestad", "landelijk"])
@pytest.mark.parametrize("query", ["", "?periode=quarter", "?periode=month&onderwerp=digid&kanaal=balie"])
def test_the_numbers_are_the_dashboards_numbers(client_for, username, query):
    client = client_for(username)
    dashboard_query = (
        query.replace("periode", "period").replace("onderwerp", "topic").replace("kanaal", "channel")
    )
    page = client.get("/rapportage/" + dashboard_query)
    response = client.get(URL + query)
    assert response.status_code == 200, response.content
    assert _cells(response.json()) == _board_cells(page.context["board"])
    assert response.json()["beschermd"] is (username != "coordinator.aanzee")


def _register(branch: Branch, day, topic: str, count: int) -> None:
    actor = User.objects.get(username="coordinator.aanzee")
    for _n in range(count):
        registration_services.contact_register(
            actor=actor,
            data=ContactData(
                branch=branch,
                date=day,
                hour=10,
                channel="balie",
                duration="5_15",
                outcome="geholpen",
                questions=(QuestionData(topic=topic, helps=("informatie",)),),
            ),
            idempotency_key=uuid.uuid4(),
        )


def test_small_numbers_are_suppressed_above_library_level_only(client_for):
    branch = Branch.objects.get(slug="zeestad-centrum")
    day = timezone.localdate() - timedelta(days=200)
    _register(branch, day, "alimentatie", 3)
    _register(branch, day, "digid", 10)
    query = f"?periode=custom&van={day.isoformat()}&tot_en_met={day.isoformat()}"

    library = client_for("coordinator.aanzee").get(URL + query).json()
    topics = {row["code"]: row["cel"] for row in _table(library, "topic")["rijen"]}
    assert topics["alimentatie"] == {"waarde": 3, "weergave": "3", "onderdrukt": None}
    assert library["vragen"]["waarde"] == 13

    gemeente = client_for("gemeente.zeestad").get(URL + query).json()
    assert gemeente["beschermd"] is True
    table = _table(gemeente, "topic")
    topics = {row["code"]: row["cel"] for row in table["rijen"]}
    assert topics["alimentatie"] == {"waarde": None, "weergave": "<5", "onderdrukt": "klein"}
    # Complementary suppression: digid (10) and the total (13) cannot both show, or 13 - 10 = 3.
    assert topics["digid"]["waarde"] is None or table["totaal"]["waarde"] is None
    hidden = [cell for cell in [*topics.values(), table["totaal"]] if cell["waarde"] is None]
    assert all(cell["onderdrukt"] in ("klein", "aanvullend") for cell in hidden)
    assert "3" not in {cell["weergave"] for cell in topics.values()}


def _table(payload: dict, key: str) -> dict:
    return next(table for table in payload["tabellen"] if table["sleutel"] == key)


def test_only_figures_roles_signed_in(client_for, make_token):
    from django.test import Client

    assert Client().get(URL).status_code == 403
    for username in ("medewerker.aanzee", "vrijwilliger.aanzee", "privacy.aanzee", "beheerder"):
        assert client_for(username).get(URL).status_code == 403
    _token, raw = make_token()
    assert Client(headers={"Authorization": f"Token {raw}"}).get(URL).status_code == 403


def test_another_librarys_branch_is_unreachable(client_for):
    other = Branch.objects.get(slug="dijkdorp")
    response = client_for("coordinator.aanzee").get(f"{URL}?vestiging={other.pk}")
    assert response.status_code == 400
    assert "vestiging" in response.json()
    # A gemeente only its own territory's branches; national chooses gemeenten, not branches.
    assert client_for("gemeente.zeestad").get(f"{URL}?vestiging={other.pk}").status_code == 400
    response = client_for("landelijk").get(f"{URL}?vestiging={other.pk}")
    assert response.json() == {"vestiging": ["Dit filter is op uw niveau niet beschikbaar."]}


def test_bad_filters_are_dutch_400s(client_for):
    client = client_for("coordinator.aanzee")
    response = client.get(f"{URL}?periode=custom")
    assert response.status_code == 400
    assert response.json()["van"] == ["Vul de eerste dag van de periode in."]
    assert client.get(f"{URL}?periode=eeuw").status_code == 400
    assert client.get(f"{URL}?onderwerp=paspoort").status_code == 400


def test_a_read_is_audit_logged_with_codes_only(client_for):
    client_for("gemeente.zeestad").get(f"{URL}?periode=year")
    event = AuditEvent.objects.filter(target="figures:api").latest("id")
    assert event.action == AuditEvent.Action.EXPORT
    assert set(event.detail) == {"level", "period", "start", "end"}
