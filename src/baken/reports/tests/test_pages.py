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


@pytest.mark.django_db
def test_survey_answers_feed_the_dashboard_as_counted(user_named):
    """Every answer counts once in its question's table; a skipped question counts nowhere; another
    library's answers never count."""
    from datetime import date

    from baken.core.scope import Scope
    from baken.reports import selectors
    from baken.reports.periods import Period, PeriodKind

    zeestad, dijkdorp = Branch.objects.get(slug="zeestad-centrum"), Branch.objects.get(slug="dijkdorp")
    answers = [("ja", "nee", "ja"), ("ja", "", "ja"), ("nee", "nee", ""), ("ja", "beetje", "ja")]
    for branch in (zeestad, dijkdorp):
        for helped, self_next_time, knows_where in answers:
            ImpactResponse.objects.create(
                library=branch.library,
                branch=branch,
                date=date(2025, 5, 5),
                helped=helped,
                self_next_time=self_next_time,
                knows_where=knows_where,
            )
    tables = selectors.impact_tables(
        scope=Scope.for_user(user_named("coordinator.aanzee")),
        filters=selectors.Filters(period=Period(PeriodKind.MONTH, date(2025, 5, 1), date(2025, 5, 31))),
    )
    got = {t.key: {row.code: row.cell.value for row in t.rows if row.cell.value} for t in tables}
    assert got == {
        "impact_helped": {"ja": 3, "nee": 1},
        "impact_self_next_time": {"nee": 2, "beetje": 1},
        "impact_knows_where": {"ja": 3},
    }
