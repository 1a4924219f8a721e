"""Phone, appointment system and consultation hour: show the information, count anonymously. Tenancy."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from baken.core.models import Branch, Library
from baken.core.scope import Level, Scope
from baken.directory.models import Service
from baken.referrals.models import Referral, ReferralChannel, ReferralStatus
from baken.referrals.selectors import consultation_hours

pytestmark = pytest.mark.django_db


def test_partner_page_shows_phone_script_and_counts_without_visitor_data(client_for, demo):
    partner = Service.objects.get(name="Formulierenbrigade Zeestad")
    client = client_for("medewerker.aanzee")
    page = client.get(f"/doorverwijzen/dienst/{partner.pk}/?onderwerp=uwv")
    body = page.content.decode()
    assert "0223 123 456" in body and "Goedendag" in body
    response = client.post(
        f"/doorverwijzen/dienst/{partner.pk}/",
        {
            "channel": "telefoon",
            "topic": "toeslagen",
            "branch": Branch.objects.filter(library=partner.library).latest("pk").pk,
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.latest("pk")
    assert response["Location"] == f"/doorverwijzen/verwijzing/{referral.pk}/"
    assert (referral.channel, referral.status) == (ReferralChannel.TELEFOON, ReferralStatus.COUNTED)


def _aanzee() -> Scope:
    return Scope(Level.LIBRARY, library_id=Library.objects.get(slug="aanzee").pk)


def test_consultation_hour_now(demo):
    service = Service.objects.get(name="SeniorWeb digitaal spreekuur")
    monday_11 = timezone.make_aware(datetime(2026, 11, 23, 11, 0))
    monday_13 = monday_11 + timedelta(hours=2)
    hours = consultation_hours(scope=_aanzee(), service=service, now=monday_11)
    assert [(h.schedule.where, h.now) for h in hours] == [("Leestafel bij de ingang", True)]
    assert hours[0].text == "maandag, woensdag en vrijdag 10:00–12:00"
    assert [h.now for h in consultation_hours(scope=_aanzee(), service=service, now=monday_13)] == [False]


def test_spreekuur_of_another_librarys_branch_is_not_offered_as_in_the_library(demo):
    # The Juridisch Loket holds its spreekuur in Aan Zee's Duinwijk branch; Rivierenland sees the
    # shared service but cannot walk a visitor over to another library's branch.
    service = Service.objects.get(name="Juridisch advies")
    rivierenland = Scope(Level.LIBRARY, library_id=Library.objects.get(slug="rivierenland").pk)
    assert consultation_hours(scope=rivierenland, service=service) == []
    assert [h.branch.slug for h in consultation_hours(scope=_aanzee(), service=service)] == ["duinwijk"]


def test_shared_service_is_referred_to_and_counted_for_the_own_library(client_for, demo):
    service = Service.objects.get(name="Juridisch advies")  # kept by Aan Zee, shared with Rivierenland
    client = client_for("medewerker.rivierenland")
    page = client.get(f"/doorverwijzen/dienst/{service.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "0223 700 800" in body and "Binnenlopen" in body
    response = client.post(
        f"/doorverwijzen/dienst/{service.pk}/",
        {
            "channel": "binnenlopen",
            "topic": "rechtsbijstand",
            "branch": Branch.objects.get(slug="dijkdorp").pk,
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.latest("pk")
    assert (referral.library.slug, referral.service_id, referral.channel) == (
        "rivierenland",
        service.pk,
        ReferralChannel.BINNENLOPEN,
    )


def test_a_channel_the_service_does_not_offer_is_refused(client_for, demo):
    service = Service.objects.get(name="Thuisadministratie")  # e-mail only
    before = Referral.objects.count()
    response = client_for("medewerker.aanzee").post(
        f"/doorverwijzen/dienst/{service.pk}/", {"channel": "telefoon", "topic": "bankzaken"}
    )
    assert response.status_code == 200
    assert Referral.objects.count() == before


def test_inactive_service_cannot_be_referred_to(client_for, demo):
    service = Service.objects.get(name="Formulierenbrigade Zeestad")
    Service.objects.filter(pk=service.pk).update(status="inactive")
    assert client_for("medewerker.aanzee").get(f"/doorverwijzen/dienst/{service.pk}/").status_code == 404


def test_other_librarys_partner_is_404(client_for, demo):
    partner = Service.objects.get(name="Formulierenbrigade Zeestad")
    client = client_for("medewerker.rivierenland")
    assert client.get(f"/doorverwijzen/dienst/{partner.pk}/").status_code == 404
    assert client.get(f"/doorverwijzen/dienst/{partner.pk}/email/").status_code == 404
    assert client.post(f"/doorverwijzen/dienst/{partner.pk}/", {"channel": "telefoon"}).status_code == 404
    referral = Referral.objects.filter(library__slug="aanzee").latest("pk")
    assert client.get(f"/doorverwijzen/verwijzing/{referral.pk}/").status_code == 404
    assert "Welzijn" not in client.get("/doorverwijzen/").content.decode()


def test_coordinator_sees_open_referrals_per_partner_with_waiting_days(client_for, demo):
    body = client_for("coordinator.aanzee").get("/doorverwijzen/overzicht/").content.decode()
    assert "Welzijn Zeestad" in body
    assert "<td>9</td>" in body and "<td>3</td>" in body
    assert client_for("medewerker.aanzee").get("/doorverwijzen/overzicht/").status_code == 403
    other = client_for("coordinator.rivierenland").get("/doorverwijzen/overzicht/").content.decode()
    assert "Welzijn Zeestad" not in other


def test_navigation_and_desk_entry(client_for, demo):
    desk = client_for("medewerker.aanzee").get("/balie/").content.decode()
    assert 'href="/doorverwijzen/"' in desk
    privacy = client_for("privacy.aanzee").get("/privacy/").content.decode()
    assert 'href="/toestemming/"' in privacy


def test_a_question_card_offers_the_local_services_for_its_topic(client_for, demo):
    brigade = Service.objects.get(name="Formulierenbrigade Zeestad")
    card = "/wegwijzer/waaier/toeslagen-aanvragen/"
    body = client_for("medewerker.aanzee").get(card).content.decode()
    assert f'href="/doorverwijzen/dienst/{brigade.pk}/?onderwerp=toeslagen"' in body
    other = client_for("medewerker.rivierenland").get(card).content.decode()
    assert "Formulierenbrigade Zeestad" not in other
    assert "Formulierenhulp Dijkdorp" in other


def test_directory_results_and_service_page_lead_to_the_warm_referral(client_for, demo):
    brigade = Service.objects.get(name="Formulierenbrigade Zeestad")
    client = client_for("medewerker.aanzee")
    results = client.get("/kaart/", {"q": "huurtoeslag formulier"}).content.decode()
    assert f'href="/doorverwijzen/dienst/{brigade.pk}/"' in results
    detail = client.get(f"/kaart/dienst/{brigade.pk}/").content.decode()
    assert f'href="/doorverwijzen/dienst/{brigade.pk}/"' in detail
