"""Import and CSV export of the kaart: good, bad and mixed files, re-import, rollback, other libraries,
hostile files, and formula-safe exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, time
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from baken.core.models import Library, User
from baken.core.scope import Level, Scope
from baken.directory import exports, imports, selectors
from baken.directory.models import (
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTerm,
    service_terms,
)

pytestmark = pytest.mark.django_db

HEADER = [
    "organisatie",
    "dienst",
    "soort",
    "omschrijving",
    "onderwerpen",
    "doelgroepen",
    "talen",
    "gemeenten",
    "telefoon",
    "binnenlopen",
    "locatienaam",
    "adres",
    "postcode",
    "plaats",
    "dagen",
    "van",
    "tot",
    "kosten",
]
GOOD = [
    "Buurtteam Zeestad",
    "Hulp bij brieven",
    "hulp",
    "Wij lezen uw brief met u en leggen uit wat er staat.",
    "toeslagen;gemeente",
    "laaggeletterd",
    "nl;ar",
    "zeestad",
    "0223 111 222",
    "ja",
    "Buurthuis Noord",
    "Noordweg 5",
    "9901ab",
    "Zeestad",
    "ma,do",
    "9:00",
    "12:00",
    "gratis",
]
GOOD_2 = [
    "Buurtteam Zeestad",
    "Computerles",
    "cursus",
    "Leer werken met de computer.",
    "cursus",
    "",
    "",
    "GM9901",
    "",
    "nee",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "€ 5 per les",
]


def csv_bytes(
    *rows: list[str], header: list[str] = HEADER, delimiter: str = ";", encoding: str = "utf-8"
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(*rows: Sequence[object], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def library(slug: str = "aanzee") -> Library:
    return Library.objects.get(slug=slug)


def plan(content: bytes, name: str = "kaart.csv", slug: str = "aanzee") -> imports.ImportPlan:
    table = imports.read_table(filename=name, content=content)
    return imports.plan_import(library=library(slug), table=table)


def run(content: bytes, name: str = "kaart.csv", slug: str = "aanzee") -> imports.ImportOutcome:
    user = User.objects.get(username=f"coordinator.{slug}")
    return imports.apply_import(
        library=library(slug), user=user, plan=plan(content, name, slug), today=date(2026, 12, 4)
    )


def snapshot() -> dict[str, Any]:
    return {
        "organizations": sorted(Organization.objects.values_list("pk", "name", "description", "website")),
        "services": sorted(
            Service.objects.values_list(
                "pk", "name", "description", "status", "referral_phone", "last_verified_on"
            )
        ),
        "terms": sorted(ServiceTerm.objects.values_list("service_id", "vocabulary", "code")),
        "locations": sorted(Location.objects.values_list("pk", "name", "address_1", "city")),
        "sals": sorted(ServiceAtLocation.objects.values_list("pk", "service_id", "location_id")),
        "schedules": sorted(Schedule.objects.values_list("pk", "byday", "opens_at", "closes_at")),
        "gemeenten": sorted(Service.gemeenten.through.objects.values_list("service_id", "gemeente_id")),
    }


# --- good, bad, mixed ----------------------------------------------------------------------------------


def test_good_file_is_previewed_then_written() -> None:
    content = csv_bytes(GOOD, GOOD_2)
    before = snapshot()
    preview = plan(content)
    assert [row.status for row in preview.rows] == ["nieuw", "nieuw"]
    assert snapshot() == before, "the preview wrote something"
    outcome = run(content)
    assert (outcome.created, outcome.updated, outcome.refused) == (2, 0, 0)
    service = Service.objects.get(name="Hulp bij brieven")
    assert service.library.slug == "aanzee"
    assert service.organization.library.slug == "aanzee"
    assert service.walk_in and service.is_free and service.referral_phone == "0223 111 222"
    assert service_terms(service, ServiceTerm.Vocabulary.TOPIC) == ["gemeente", "toeslagen"]
    assert service_terms(service, ServiceTerm.Vocabulary.LANGUAGE) == ["ar", "nl"]
    assert [g.slug for g in service.gemeenten.all()] == ["zeestad"]
    assert service.last_verified_on == date(2026, 12, 4)
    assert service.last_verified_by is not None and service.last_verified_by.username == "coordinator.aanzee"
    sal = service.service_at_locations.get()
    assert sal.location.postal_code == "9901 AB" and sal.location.gemeente is not None
    schedule = sal.schedules.get()
    assert (schedule.byday, schedule.opens_at, schedule.closes_at) == ("MO,TH", time(9), time(12))
    course = Service.objects.get(name="Computerles")
    assert course.kind == "cursus" and not course.is_free and course.fees_description == "€ 5 per les"


def test_reimport_of_the_same_file_changes_nothing() -> None:
    content = csv_bytes(GOOD, GOOD_2)
    run(content)
    before = snapshot()
    again = plan(content)
    assert [row.status for row in again.rows] == ["ongewijzigd", "ongewijzigd"]
    run(content)
    assert snapshot() == before
    assert Service.objects.filter(name="Hulp bij brieven").count() == 1


def test_changed_row_updates_the_service_in_place() -> None:
    run(csv_bytes(GOOD))
    service = Service.objects.get(name="Hulp bij brieven")
    changed = list(GOOD)
    changed[3] = "Nieuwe omschrijving."
    changed[15], changed[16] = "13:00", "15:30"
    preview = plan(csv_bytes(changed))
    assert preview.rows[0].status == "wijzigt"
    assert {"omschrijving", "dagen"} <= set(preview.rows[0].changes)
    run(csv_bytes(changed))
    service.refresh_from_db()
    assert service.description == "Nieuwe omschrijving."
    assert service.service_at_locations.get().schedules.get().opens_at == time(13)
    assert Service.objects.filter(name="Hulp bij brieven").count() == 1


def test_mixed_file_writes_good_rows_and_reports_bad_rows_per_field_in_dutch() -> None:
    bad_topic = list(GOOD_2)
    bad_topic[1], bad_topic[4] = "Onbekend onderwerp", "belasting;toeslagen"
    bad_time = list(GOOD)
    bad_time[1], bad_time[15], bad_time[16] = "Verkeerde tijd", "25:00", "08:00"
    formula = list(GOOD_2)
    formula[1], formula[3] = "Formule", '=HYPERLINK("http://kwaad.example","klik")'
    missing = list(GOOD_2)
    missing[1], missing[3] = "Zonder omschrijving", ""
    before = Service.objects.count()
    with translation.override("nl"):
        preview = plan(csv_bytes(GOOD, bad_topic, bad_time, formula, missing))
    statuses = [row.status for row in preview.rows]
    assert statuses == ["nieuw", "fout", "fout", "fout", "fout"]
    errors = {row.dienst: dict(row.errors) for row in preview.bad}
    assert "belasting" in errors["Onbekend onderwerp"]["onderwerpen"]
    assert "Onbekende code" in errors["Onbekend onderwerp"]["onderwerpen"]
    assert "tijd" in errors["Verkeerde tijd"]["van"]
    assert "formule" in errors["Formule"]["omschrijving"]
    assert errors["Zonder omschrijving"]["omschrijving"] == "Vul dit in."
    assert [row.line for row in preview.bad] == [3, 4, 5, 6]
    outcome = imports.apply_import(library=library(), user=None, plan=preview, today=date(2026, 12, 4))
    assert (outcome.created, outcome.refused) == (1, 4)
    assert Service.objects.count() == before + 1
    assert not Service.objects.filter(name__in=["Onbekend onderwerp", "Verkeerde tijd", "Formule"]).exists()


def test_the_same_service_twice_in_one_file_is_an_error() -> None:
    preview = plan(csv_bytes(GOOD, GOOD))
    assert [row.status for row in preview.rows] == ["nieuw", "fout"]
    assert (
        "regel 2" in dict(preview.rows[1].errors)["dienst"]
        or "row 2" in dict(preview.rows[1].errors)["dienst"]
    )


def test_a_failure_half_way_rolls_everything_back(monkeypatch: pytest.MonkeyPatch) -> None:
    content = csv_bytes(GOOD, GOOD_2)
    preview = plan(content)
    before = snapshot()
    real = imports._write_row
    calls = []

    def failing(*args: object, **kwargs: object) -> Service:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(imports, "_write_row", failing)
    with pytest.raises(RuntimeError):
        imports.apply_import(library=library(), user=None, plan=preview, today=date(2026, 12, 4))
    assert len(calls) == 2
    assert snapshot() == before, "half an import was kept"


# --- other libraries -------------------------------------------------------------------------------


def test_another_library_cannot_change_aan_zees_shared_partner_by_import() -> None:
    shared = Organization.objects.get(name="Het Juridisch Loket Kust en Rivier")
    assert shared.library.slug == "aanzee"
    assert shared.shared_with.filter(slug="rivierenland").exists()
    row = list(GOOD)
    row[0], row[1], row[3] = shared.name, "Juridisch advies", "Overgenomen door een ander."
    before = snapshot()
    preview = plan(csv_bytes(row), slug="rivierenland")
    assert preview.rows[0].status == "fout"
    assert "Bibliotheek Aan Zee" in dict(preview.rows[0].errors)["organisatie"]
    run(csv_bytes(row), slug="rivierenland")
    assert snapshot() == before
    assert Service.objects.get(name="Juridisch advies").description.startswith("Advies over huur")


def test_a_partner_of_another_library_not_shared_becomes_an_own_partner() -> None:
    aanzee_org = Organization.objects.get(name="Welzijn Zeestad", library__slug="aanzee")
    aanzee_services = sorted(Service.objects.filter(organization=aanzee_org).values_list("pk", "description"))
    row = list(GOOD)
    row[0], row[1], row[7], row[13] = "Welzijn Zeestad", "Formulierenbrigade Zeestad", "dijkdorp", "Dijkdorp"
    outcome = run(csv_bytes(row), slug="rivierenland")
    assert outcome.created == 1
    own = Organization.objects.get(name="Welzijn Zeestad", library__slug="rivierenland")
    assert own.pk != aanzee_org.pk
    assert (
        sorted(Service.objects.filter(organization=aanzee_org).values_list("pk", "description"))
        == aanzee_services
    )


# --- hostile files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("kaart.csv", b"", "leeg"),
        ("kaart.exe", b"organisatie;dienst;omschrijving\n", ".xlsx-bestand"),
        ("kaart.csv", b"organisatie;dienst;omschrijving\x00\n", "NUL"),
        ("kaart.csv", "organisatie;dienst;omschrijving\nA;B;\x81\x8d".encode("latin-1"), "UTF-8"),
        ("kaart.csv", b"organisatie;dienst\nA;B\n", "omschrijving"),
        ("kaart.csv", b"organisatie;dienst;omschrijving;geheim\nA;B;C;D\n", "geheim"),
        ("kaart.csv", b"organisatie;dienst;omschrijving\n", "geen diensten"),
        ("kaart.csv", b'organisatie;dienst;omschrijving\n"A;B;' + b"x" * 200_000 + b"\n", "CSV"),
        ("kaart.csv", b"organisatie;dienst;omschrijving\n" + b"A;B;C\n" * 5001, "5000"),
        ("kaart.csv", b"x" * (2 * 1024 * 1024 + 1), "2 MB"),
        ("kaart.xlsx", b"PK\x03\x04 not really a zip", "Excel"),
        ("kaart.xlsx", b"organisatie;dienst;omschrijving\n", "Excel"),
    ],
)
def test_hostile_files_give_a_dutch_error(name: str, content: bytes, expected: str) -> None:
    with translation.override("nl"), pytest.raises(imports.ImportFileError) as caught:
        imports.read_table(filename=name, content=content)
    assert expected in str(caught.value.message)


def test_huge_cells_and_control_characters_are_row_errors() -> None:
    long = list(GOOD)
    long[1], long[3] = "Lang", "x" * 5000
    control = list(GOOD)
    control[1], control[3] = "Stuurteken", "tekst\x1b[31m"
    with translation.override("nl"):
        preview = plan(csv_bytes(long, control))
    assert [row.status for row in preview.rows] == ["fout", "fout"]
    assert "te lang" in dict(preview.rows[0].errors)["omschrijving"].lower()
    assert "onzichtbare" in dict(preview.rows[1].errors)["omschrijving"]


def test_windows_1252_csv_is_read() -> None:
    row = list(GOOD)
    row[3] = "Hulp bij één brief, ook in het café."
    preview = plan(csv_bytes(row, encoding="cp1252"))
    assert preview.rows[0].status == "nieuw"
    assert preview.rows[0].data is not None and "café" in preview.rows[0].data.description


def test_comma_separated_csv_is_read_too() -> None:
    preview = plan(csv_bytes(GOOD, delimiter=","))
    assert preview.rows[0].status == "nieuw"


def test_xlsx_import_with_times_and_a_formula_cell() -> None:
    row: list[object] = list(GOOD)
    row[15], row[16] = time(9), time(12)
    formula: list[object] = list(GOOD_2)
    formula[1], formula[3] = "Formule", "=1+1"
    preview = plan(xlsx_bytes(row, formula), name="kaart.xlsx")
    assert [r.status for r in preview.rows] == ["nieuw", "fout"]
    run(xlsx_bytes(row), name="kaart.xlsx")
    schedule = Service.objects.get(name="Hulp bij brieven").service_at_locations.get().schedules.get()
    assert (schedule.opens_at, schedule.closes_at) == (time(9), time(12))


def test_an_xlsx_that_unpacks_to_a_huge_size_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "MAX_UNZIPPED", 1000)
    with pytest.raises(imports.ImportFileError):
        imports.read_table(filename="kaart.xlsx", content=xlsx_bytes(GOOD))


# --- the pages -----------------------------------------------------------------------------------


def test_upload_preview_confirm_through_the_pages(client_for) -> None:
    client = client_for("coordinator.aanzee")
    page = client.get(reverse("directory:import_upload"))
    assert page.status_code == 200
    assert b"email_doorverwijzing" in page.content  # the columns are documented
    upload = io.BytesIO(
        csv_bytes(GOOD, ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""], GOOD_2)
    )
    upload.name = "kaart.csv"
    response = client.post(reverse("directory:import_upload"), {"file": upload})
    assert response.status_code == 302 and response["Location"] == reverse("directory:import_preview")
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert b"nieuw" in preview.content
    assert not Service.objects.filter(name="Hulp bij brieven").exists()
    done = client.post(reverse("directory:import_preview"), {"action": "opslaan"})
    assert done.status_code == 302
    assert Service.objects.filter(name__in=["Hulp bij brieven", "Computerles"]).count() == 2
    result = client.get(done["Location"])
    assert b"2 nieuwe diensten opgeslagen" in result.content
    # The kept file is gone: a second confirm writes nothing.
    again = client.post(reverse("directory:import_preview"), {"action": "opslaan"})
    assert again.status_code == 302 and again["Location"] == reverse("directory:import_upload")


def test_cancel_writes_nothing_and_forgets_the_file(client_for) -> None:
    client = client_for("coordinator.aanzee")
    upload = io.BytesIO(csv_bytes(GOOD))
    upload.name = "kaart.csv"
    client.post(reverse("directory:import_upload"), {"file": upload})
    response = client.post(reverse("directory:import_preview"), {"action": "annuleren"})
    assert response.status_code == 302
    assert not Service.objects.filter(name="Hulp bij brieven").exists()
    assert client.get(reverse("directory:import_preview")).status_code == 302


def test_an_unreadable_upload_is_a_form_error_not_a_500(client_for) -> None:
    client = client_for("coordinator.aanzee")
    upload = io.BytesIO(b"\x00\x01\x02")
    upload.name = "kaart.csv"
    response = client.post(reverse("directory:import_upload"), {"file": upload})
    assert response.status_code == 200
    assert "Er is een probleem" in response.content.decode()
    wrong = io.BytesIO(b"hallo")
    wrong.name = "kaart.pdf"
    assert (
        ".xlsx-bestand" in client.post(reverse("directory:import_upload"), {"file": wrong}).content.decode()
    )


def test_another_librarys_session_cannot_confirm_this_librarys_upload(client_for) -> None:
    aanzee = client_for("coordinator.aanzee")
    upload = io.BytesIO(csv_bytes(GOOD))
    upload.name = "kaart.csv"
    aanzee.post(reverse("directory:import_upload"), {"file": upload})
    other = client_for("coordinator.rivierenland")
    assert other.post(reverse("directory:import_preview"), {"action": "opslaan"}).status_code == 302
    assert not Service.objects.filter(name="Hulp bij brieven").exists()


def test_desk_staff_cannot_import(client_for) -> None:
    assert client_for("medewerker.aanzee").get(reverse("directory:import_upload")).status_code == 403


# --- CSV export ----------------------------------------------------------------------------------


def _export_rows(client) -> list[dict[str, str]]:
    response = client.get(reverse("directory:export_csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_csv_export_neutralises_formulas(client_for) -> None:
    service = Service.objects.get(name="Juridisch advies")
    service.description = '=HYPERLINK("http://kwaad.example","klik")'
    service.eligibility_description = "@SUM(1+1)"
    service.application_process = "+cmd|' /C calc'!A0"
    service.save()
    rows = {row["dienst"]: row for row in _export_rows(client_for("coordinator.aanzee"))}
    row = rows["Juridisch advies"]
    assert row["omschrijving"].startswith("'=")
    assert row["wie"].startswith("'@")
    assert row["aanmelden"].startswith("'+")
    for values in rows.values():
        for value in values.values():
            assert not (value or "").startswith(("=", "+", "-", "@")), value


def test_csv_export_shows_what_the_library_sees(client_for) -> None:
    aanzee = {row["dienst"] for row in _export_rows(client_for("coordinator.aanzee"))}
    rivierenland = {row["dienst"] for row in _export_rows(client_for("coordinator.rivierenland"))}
    assert "Formulierenbrigade Zeestad" in aanzee and "Formulierenbrigade Zeestad" not in rivierenland
    assert "Juridisch advies" in rivierenland  # shared with them
    assert "Spreekuur sociaal raadslieden" not in aanzee


def test_export_then_import_again_changes_nothing() -> None:
    scope = Scope(Level.LIBRARY, library_id=library().pk)
    response = exports.csv_response(selectors.visible_services(scope=scope))
    content = response.content
    before = snapshot()
    preview = plan(content)
    assert preview.rows and {row.status for row in preview.rows} == {"ongewijzigd"}, [
        (row.dienst, row.status, row.errors, row.changes)
        for row in preview.rows
        if row.status != "ongewijzigd"
    ]
    run(content)
    after = snapshot()
    # Only the "last checked" dates move: the coordinator just confirmed every row.
    assert {k: v for k, v in after.items() if k != "services"} == {
        k: v for k, v in before.items() if k != "services"
    }
    assert [s[:5] for s in after["services"]] == [s[:5] for s in before["services"]]


def test_status_column_sets_the_status() -> None:
    header = [*HEADER, "status"]
    row = [*GOOD, "tijdelijk gesloten"]
    run(csv_bytes(row, header=header))
    assert Service.objects.get(name="Hulp bij brieven").status == ServiceStatus.TEMPORARILY_CLOSED


def test_a_failing_save_through_the_page_keeps_nothing_and_says_so(client_for, monkeypatch) -> None:
    client = client_for("coordinator.aanzee")
    upload = io.BytesIO(csv_bytes(GOOD, GOOD_2))
    upload.name = "kaart.csv"
    client.post(reverse("directory:import_upload"), {"file": upload})
    before = snapshot()
    real = imports._write_row
    calls: list[int] = []

    def failing(*args: Any, **kwargs: Any) -> Service:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "_write_row", failing)
    response = client.post(reverse("directory:import_preview"), {"action": "opslaan"}, follow=True)
    assert response.status_code == 200
    assert "niets opgeslagen" in response.content.decode()
    assert snapshot() == before


def test_imported_services_are_found_by_the_search_right_away() -> None:
    from django.utils import timezone

    from baken.directory.search import search_services

    run(csv_bytes(GOOD, GOOD_2))
    found = search_services(services=Service.objects.all(), text="brieven", now=timezone.now())
    assert "Hulp bij brieven" in [result.service.name for result in found]
    by_topic = search_services(services=Service.objects.all(), topics=["cursus"], now=timezone.now())
    assert "Computerles" in [result.service.name for result in by_topic]
