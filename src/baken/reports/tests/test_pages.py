"""The figures pages for every role that may open them, with the demo data."""

from __future__ import annotations

import io
import uuid

import pytest
from openpyxl import load_workbook

from baken.core.models import AuditEvent, Branch
from baken.reports.models import ImpactResponse


@pytest.mark.parametrize("username", ["coordinator.aanzee", "gemeente.zeestad", "landelijk"])
def test_dashboard_renders_for_figures_roles(client_for, username):
    client = client_for(username)
    for path in ("/cijfers/", "/rapportage/", "/rapportage/?period=year&topic=digid&channel=balie"):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "<svg" in body and "<title" in body and "<table" in body
        assert "style=" not in body


def test_dashboard_refuses_desk_staff(client_for):
    assert client_for("medewerker.aanzee").get("/rapportage/").status_code == 403


def test_bad_filters_give_a_dutch_error(client_for):
    response = client_for("gemeente.zeestad").get(
        "/rapportage/?period=custom&start=2025-05-01&end=2025-01-01"
    )
    assert response.status_code == 200
    assert "De laatste dag moet op of na de eerste dag liggen" in response.content.decode()
    response = client_for("gemeente.zeestad").get("/rapportage/?period=nonsense&branch=abc")
    assert response.status_code == 200


def test_gemeente_sees_suppressed_figures(client_for):
    body = client_for("gemeente.zeestad").get("/rapportage/?period=year").content.decode()
    assert "&lt;5" in body
    assert "Bibliotheek Duinwijk" not in body  # another gemeente's branch


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("username", ["gemeente.zeestad", "landelijk", "coordinator.aanzee"])
def test_exports_are_audited(client_for, username, kind):
    response = client_for(username).get(f"/rapportage/export/cijfers.{kind}?period=year")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action="export", actor_username=username, target=f"figures:{kind}"
    ).exists()
    if kind == "xlsx":
        workbook = load_workbook(io.BytesIO(response.content))
        assert "topic" in workbook.sheetnames
    else:
        assert "vragen" in response.content.decode("utf-8-sig")


def test_quarterly_report(client_for):
    client = client_for("gemeente.zeestad")
    response = client.get("/rapportage/kwartaalrapport/")
    assert response.status_code == 200
    library = Branch.objects.get(slug="zeestad-centrum").library
    response = client.get(
        f"/rapportage/kwartaalrapport/?library={library.pk}&year=2025&quarter=2", follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Openingstijden IDO" in body or "IDO-openingstijden" in body
    assert "Bibliotheek Duinwijk" not in body
    other = Branch.objects.get(slug="dijkdorp").library
    assert client.get(f"/rapportage/kwartaalrapport/{other.pk}/2025/2/").status_code == 404


def test_survey_kiosk_stores_once_and_nothing_else(client_for):
    client = client_for("medewerker.aanzee")
    branch = Branch.objects.get(slug="zeestad-centrum")
    assert client.get("/rapportage/enquete/").status_code == 200
    page = client.get(f"/rapportage/enquete/{branch.pk}/")
    assert page.status_code == 200
    assert "main-nav" not in page.content.decode()
    key = uuid.uuid4()
    before = ImpactResponse.objects.count()
    for _ in range(2):
        response = client.post(
            f"/rapportage/enquete/{branch.pk}/",
            {"key": str(key), "helped": "ja", "self_next_time": "nee", "knows_where": "ja"},
        )
        assert response.status_code == 302
    assert ImpactResponse.objects.count() == before + 1
    stored = ImpactResponse.objects.get(pk=key)
    assert {f.name for f in ImpactResponse._meta.get_fields()} == {
        "id",
        "library",
        "branch",
        "date",
        "helped",
        "self_next_time",
        "knows_where",
    }
    assert stored.helped == "ja"
    other = Branch.objects.get(slug="dijkdorp")
    assert client.get(f"/rapportage/enquete/{other.pk}/").status_code == 404
