"""Casus van de week (seed 001, "Samen pionieren"): coordinator posts, desk staff see the latest."""

import pytest

from baken.staff.models import WeeklyCase


def test_coordinator_posts_and_desk_staff_see_it(client_for):
    response = client_for("coordinator.aanzee").post(
        "/team/casus/",
        {"title": "Toeslag en een brief", "body": "Eerst de vraag helder, dan warm doorverwijzen."},
    )
    assert response.status_code == 302
    desk = client_for("vrijwilliger.aanzee").get("/balie/").content.decode()
    assert "Toeslag en een brief" in desk
    other = client_for("medewerker.rivierenland").get("/balie/").content.decode()
    assert "Toeslag en een brief" not in other
    assert "DigiD-activeringscode verlopen" in other


def test_case_with_personal_data_is_refused(client_for):
    before = WeeklyCase.objects.count()
    response = client_for("coordinator.aanzee").post(
        "/team/casus/", {"title": "Mevrouw Bakker", "body": "Woont op de Dorpsstraat 12, 9901 AB Zeestad."}
    )
    assert response.status_code == 400
    assert "persoonsgegevens" in response.content.decode()
    assert WeeklyCase.objects.count() == before


@pytest.mark.parametrize("username", ["medewerker.aanzee", "vrijwilliger.aanzee", "privacy.aanzee"])
def test_only_coordinator_posts(client_for, username):
    assert client_for(username).post("/team/casus/", {"title": "x", "body": "y"}).status_code == 403
