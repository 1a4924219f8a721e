"""Desk search page, service page and the coordinator's forms; another library's rows are a 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baken.core.models import AuditEvent, Gemeente, Library
from baken.directory.models import Organization, Schedule, Service, ServiceAtLocation

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]


def test_desk_finds_the_formulierenbrigade(client_for: ClientFor) -> None:
    zeestad = Gemeente.objects.get(slug="zeestad")
    response = client_for("medewerker.aanzee").get(
        reverse("directory:search"), {"q": "huurtoeslag formulier", "gemeente": str(zeestad.pk)}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Formulierenbrigade Zeestad" in body
    assert "0223 123 456" in body
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]


def test_htmx_gets_only_the_results(client_for: ClientFor) -> None:
    response = client_for("vrijwilliger.aanzee").get(
        reverse("directory:search"), {"q": "digid"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "SeniorWeb digitaal spreekuur" in body
    assert "<html" not in body


def test_personal_data_in_the_words_is_refused(client_for: ClientFor) -> None:
    response = client_for("medewerker.aanzee").get(
        reverse("directory:search"), {"q": "bsn 111222333 toeslag"}
    )
    assert response.status_code == 200
    assert "Formulierenbrigade" not in response.content.decode()
    assert response.context["form"].errors


def test_service_page_shows_everything_and_hides_other_libraries(client_for: ClientFor) -> None:
    brigade = Service.objects.get(name="Formulierenbrigade Zeestad")
    response = client_for("medewerker.aanzee").get(
        reverse("directory:service_detail", kwargs={"pk": brigade.pk})
    )
    body = response.content.decode()
    assert "Tafel naast de IDO-balie" in body and "Goedendag" in body
    assert (
        client_for("medewerker.rivierenland")
        .get(reverse("directory:service_detail", kwargs={"pk": brigade.pk}))
        .status_code
        == 404
    )
    shared = Service.objects.get(name="Juridisch advies")
    assert (
        client_for("medewerker.rivierenland")
        .get(reverse("directory:service_detail", kwargs={"pk": shared.pk}))
        .status_code
        == 200
    )


def test_coordinator_sees_task_list_and_shared_rows(client_for: ClientFor) -> None:
    body = client_for("coordinator.rivierenland").get(reverse("directory:manage")).content.decode()
    assert "Juridisch advies" in body and "gedeeld door Bibliotheek Aan Zee" in body
    body = client_for("coordinator.aanzee").get(reverse("directory:manage")).content.decode()
    assert "Ouderenadvies Zeestad" in body  # checked 8 months ago: in the task list


def test_other_library_cannot_edit_aan_zee(client_for: ClientFor) -> None:
    client = client_for("coordinator.rivierenland")
    shared = Service.objects.get(name="Juridisch advies")
    org = shared.organization
    sal = shared.service_at_locations.first()
    assert sal is not None
    schedule = sal.schedules.first()
    assert schedule is not None
    for url in [
        reverse("directory:service_edit", kwargs={"pk": shared.pk}),
        reverse("directory:service_verify", kwargs={"pk": shared.pk}),
        reverse("directory:organization_edit", kwargs={"pk": org.pk}),
        reverse("directory:location_edit", kwargs={"pk": sal.location_id}),
        reverse("directory:serviceatlocation_delete", kwargs={"pk": sal.pk}),
        reverse("directory:schedule_delete", kwargs={"pk": schedule.pk}),
    ]:
        assert client.post(url, {"name": "Overgenomen"}).status_code == 404, url
    assert Service.objects.get(pk=shared.pk).name == "Juridisch advies"


def test_verify_and_edit_mark_the_service_checked(client_for: ClientFor) -> None:
    client = client_for("coordinator.aanzee")
    service = Service.objects.get(name="Ouderenadvies Zeestad")
    assert service.is_stale(timezone.localdate())
    assert client.post(reverse("directory:service_verify", kwargs={"pk": service.pk})).status_code == 302
    service.refresh_from_db()
    assert service.last_verified_on == timezone.localdate()
    assert service.last_verified_by is not None and service.last_verified_by.username == "coordinator.aanzee"
    assert AuditEvent.objects.filter(target=f"directory.service:{service.pk}").exists()


def test_coordinator_creates_partner_service_place_and_time(client_for: ClientFor) -> None:
    client = client_for("coordinator.aanzee")
    rivierenland = Library.objects.get(slug="rivierenland")
    response = client.post(
        reverse("directory:organization_create"),
        {
            "name": "Vluchtelingenwerk Kust",
            "description": "Hulp voor statushouders.",
            "shared_with": [rivierenland.pk],
        },
    )
    assert response.status_code == 302
    org = Organization.objects.get(name="Vluchtelingenwerk Kust")
    assert list(org.shared_with.all()) == [rivierenland]
    zeestad = Gemeente.objects.get(slug="zeestad")
    response = client.post(
        reverse("directory:service_create"),
        {
            "organization": org.pk,
            "kind": "hulp",
            "status": "active",
            "name": "Spreekuur statushouders",
            "description": "Hulp met brieven van de IND en de gemeente.",
            "topics": ["gemeente"],
            "languages": ["nl", "ar", "ti"],
            "gemeenten": [zeestad.pk],
            "referral_phone": "0223 111 222",
            "is_free": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    service = Service.objects.get(name="Spreekuur statushouders")
    assert service.last_verified_on == timezone.localdate()
    location = org.library and Library.objects.get(slug="aanzee")
    response = client.post(
        reverse("directory:location_create"),
        {
            "organization": org.pk,
            "name": "Kantoor Vluchtelingenwerk",
            "location_type": "physical",
            "city": "Zeestad",
            "address_1": "Havenweg 1",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    place_location = org.locations.get()
    response = client.post(
        reverse("directory:service_place_add", kwargs={"pk": service.pk}), {"location": place_location.pk}
    )
    sal = ServiceAtLocation.objects.get(service=service)
    assert response.status_code == 302
    response = client.post(
        reverse("directory:serviceatlocation_schedule_add", kwargs={"pk": sal.pk}),
        {
            "freq": "MONTHLY",
            "interval": 1,
            "days": ["TU"],
            "week_of_month": "1",
            "opens_at": "10:00",
            "closes_at": "12:00",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    schedule = Schedule.objects.get(service_at_location=sal)
    assert schedule.byday == "1TU"
    # the search finds it at once (the index follows the forms)
    found = client.get(reverse("directory:search"), {"q": "statushouders"}).content.decode()
    assert "Spreekuur statushouders" in found
    assert location is not None
    assert client.post(reverse("directory:schedule_delete", kwargs={"pk": schedule.pk})).status_code == 302
    assert not Schedule.objects.filter(pk=schedule.pk).exists()


def test_schedule_form_needs_the_week_for_monthly(client_for: ClientFor) -> None:
    client = client_for("coordinator.aanzee")
    sal = ServiceAtLocation.objects.filter(service__name="Thuisadministratie").get()
    response = client.post(
        reverse("directory:serviceatlocation_schedule_add", kwargs={"pk": sal.pk}),
        {"freq": "MONTHLY", "interval": 1, "days": ["TU"], "opens_at": "10:00", "closes_at": "12:00"},
    )
    assert response.status_code == 200
    assert "week_of_month" in response.context["form"].errors


def test_nav_links_the_map(client_for: ClientFor) -> None:
    body = client_for("medewerker.aanzee").get(reverse("core:desk")).content.decode()
    assert reverse("directory:search") in body
    assert timedelta(days=1)


@pytest.mark.parametrize(
    ("url_name", "field"), [("organization_create", "shared_with"), ("service_create", "gemeenten")]
)
def test_ids_beyond_the_integer_range_are_a_form_error(
    client_for: ClientFor, url_name: str, field: str
) -> None:
    # Found by the form fuzzer: SQLite raised OverflowError on an IN (...) with 2**86 in it.
    client = client_for("coordinator.aanzee")
    response = client.post(
        reverse(f"directory:{url_name}"), {"name": "Test", field: ["99999999999999999999999999"]}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
