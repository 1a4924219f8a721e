"""Public pages per gemeente: open without login, only active services for that gemeente, nothing
desk-only."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from django.urls import reverse
from django.utils import translation

from baken.core.models import Branch, IdoOpeningHours, User
from baken.directory import hsds
from baken.directory.models import Schedule, Service, ServiceStatus
from baken.directory.schedule_text import in_words
from baken.directory.selectors_public import desk_status, public_gemeenten, services_for_gemeente

pytestmark = pytest.mark.django_db


def names_on(content: bytes) -> str:
    return content.decode()


def test_index_lists_the_gemeenten_anonymously(client) -> None:
    response = client.get(reverse("ido:index"))
    assert response.status_code == 200
    text = response.content.decode()
    for name in ("Zeestad", "Duinwijk", "Dijkdorp"):
        assert name in text
    assert set(public_gemeenten().values_list("slug", flat=True)) >= {"zeestad", "duinwijk", "dijkdorp"}


def test_gemeente_page_shows_desks_hours_and_only_its_active_services(client) -> None:
    Service.objects.filter(name="Ouderenadvies Zeestad").update(status=ServiceStatus.TEMPORARILY_CLOSED)
    response = client.get(reverse("ido:gemeente", args=["zeestad"]))
    assert response.status_code == 200
    text = response.content.decode()
    branch = Branch.objects.filter(gemeente__slug="zeestad", has_ido=True).first()
    assert branch is not None and branch.name in text
    assert "Openingstijden van het informatiepunt" in text
    assert "Formulierenbrigade Zeestad" in text
    assert "Juridisch advies" in text  # serves Zeestad, Duinwijk and Dijkdorp
    assert "Ouderenadvies Zeestad" not in text  # temporarily closed
    assert "Schuldhulpverlening Duinwijk" not in text  # for residents of Duinwijk only
    assert "Spreekuur sociaal raadslieden" not in text  # Dijkdorp


def test_public_pages_never_show_desk_only_data(client) -> None:
    checker = User.objects.get(username="medewerker.aanzee")
    checker.first_name, checker.last_name = "Geheime", "Controleur"
    checker.save()
    Service.objects.update(last_verified_by=checker)
    pages = [reverse("ido:gemeente", args=["zeestad"]), reverse("ido:gemeente", args=["duinwijk"])]
    pages += [
        reverse("ido:service", args=["zeestad", s.uuid])
        for s in services_for_gemeente(gemeente=Branch.objects.filter(gemeente__slug="zeestad")[0].gemeente)
    ]
    emails = list(Service.objects.exclude(referral_email="").values_list("referral_email", flat=True))
    scripts = list(
        Service.objects.exclude(referral_phone_script="").values_list("referral_phone_script", flat=True)
    )
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for email in emails:
            assert email not in text, url
        for script in scripts:
            assert script[:40] not in text, url
        for forbidden in ("Geheime", "Controleur", "medewerker.aanzee", "Vrijwilliger formulierenbrigade"):
            assert forbidden not in text, url


def test_search_by_word_and_topic(client) -> None:
    url = reverse("ido:gemeente", args=["zeestad"])
    text = client.get(url, {"q": "formulieren"}).content.decode()
    assert "Formulierenbrigade Zeestad" in text
    assert "Klik &amp; Tik" not in text
    by_topic = client.get(url, {"onderwerp": "rechtsbijstand"}).content.decode()
    assert "Juridisch advies" in by_topic and "Formulierenbrigade Zeestad" not in by_topic
    nothing = client.get(url, {"q": "zzqqxx"}).content.decode()
    assert "Niets gevonden" in nothing


def test_hostile_search_input_is_no_500(client) -> None:
    url = reverse("ido:gemeente", args=["zeestad"])
    for value in ("\x00", "x" * 5000, "<script>alert(1)</script>", "' OR 1=1 --", "%s%n"):
        response = client.get(url, {"q": value, "onderwerp": value})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_service_detail_only_within_its_gemeente_and_when_active(client) -> None:
    service = Service.objects.get(name="Schuldhulpverlening Duinwijk")
    assert client.get(reverse("ido:service", args=["duinwijk", service.uuid])).status_code == 200
    assert client.get(reverse("ido:service", args=["zeestad", service.uuid])).status_code == 404
    service.status = ServiceStatus.DEFUNCT
    service.save()
    assert client.get(reverse("ido:service", args=["duinwijk", service.uuid])).status_code == 404
    assert client.get(reverse("ido:gemeente", args=["bestaat-niet"])).status_code == 404


def test_detail_page_says_how_to_get_there(client) -> None:
    service = Service.objects.get(name="Formulierenbrigade Zeestad")
    text = client.get(reverse("ido:service", args=["zeestad", service.uuid])).content.decode()
    assert "U kunt binnenlopen" in text
    assert 'href="tel:0223123456"' in text
    assert "Kaapstraat 14" in text
    assert "elke woensdag, 13:30 tot 16:00" in text.lower()


def test_detail_page_gives_the_times_in_the_visitor_s_language(client) -> None:
    service = Service.objects.get(name="Formulierenbrigade Zeestad")
    url = reverse("ido:service", args=["zeestad", service.uuid])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Every Wednesday, 13:30 to 16:00" in english  # the page starts the line with a capital
    assert "woensdag" not in english.lower()
    dutch = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "elke woensdag, 13:30 tot 16:00" in dutch.lower()


@pytest.mark.parametrize(
    ("freq", "interval", "byday", "english", "dutch"),
    [
        ("WEEKLY", 1, "WE", "every Wednesday, 13:30 to 16:00", "elke woensdag, 13:30 tot 16:00"),
        (
            "WEEKLY",
            1,
            "MO,WE,FR",
            "every Monday, Wednesday and Friday, 13:30 to 16:00",
            "elke maandag, woensdag en vrijdag, 13:30 tot 16:00",
        ),
        (
            "WEEKLY",
            2,
            "TU",
            "every 2 weeks on Tuesday, 13:30 to 16:00",
            "om de 2 weken op dinsdag, 13:30 tot 16:00",
        ),
        (
            "MONTHLY",
            1,
            "1TU",
            "every month on the first Tuesday, 13:30 to 16:00",
            "elke maand op de eerste dinsdag, 13:30 tot 16:00",
        ),
        (
            "MONTHLY",
            3,
            "-1FR",
            "every 3 months on the last Friday, 13:30 to 16:00",
            "elke 3 maanden op de laatste vrijdag, 13:30 tot 16:00",
        ),
    ],
)
def test_schedule_in_words_in_english_and_dutch(
    freq: str, interval: int, byday: str, english: str, dutch: str
) -> None:
    schedule = Schedule(freq=freq, interval=interval, byday=byday, opens_at=time(13, 30), closes_at=time(16))
    with translation.override("en"):
        assert in_words(schedule) == english
        assert hsds.schedule_text(schedule) == dutch  # the HSDS export stays Dutch open data
    with translation.override("nl"):
        assert in_words(schedule) == dutch


def test_desk_status_open_now_and_next_opening() -> None:
    hours = [
        IdoOpeningHours(weekday=0, opens=time(9), closes=time(12)),
        IdoOpeningHours(weekday=3, opens=time(13), closes=time(17)),
    ]
    monday_ten = datetime(2026, 12, 7, 10, 0)
    assert desk_status(hours, monday_ten).open_now
    assert desk_status(hours, monday_ten).closes_at == time(12)
    monday_one = datetime(2026, 12, 7, 13, 0)
    status = desk_status(hours, monday_one)
    assert not status.open_now and status.next_opens == datetime(2026, 12, 10, 13, 0)
    thursday_evening = datetime(2026, 12, 10, 18, 0)
    assert desk_status(hours, thursday_evening).next_opens == datetime(2026, 12, 14, 9, 0)
    assert desk_status([], monday_ten).next_opens is None


def test_footer_links_anonymous_visitors_to_the_public_pages(client) -> None:
    assert reverse("ido:index") in client.get("/aanmelden/").content.decode()
