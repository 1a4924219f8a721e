"""Phone, appointment system and consultation hour: show the information, count anonymously. Tenancy."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from baken.core.models import Branch
from baken.referrals.models import Partner, Referral, ReferralChannel, ReferralStatus
from baken.referrals.selectors import consultation_hours_now

pytestmark = pytest.mark.django_db


def test_partner_page_shows_phone_script_and_counts_without_visitor_data(client_for, demo):
    partner = Partner.objects.get(name="Welzijn Zeestad")
    client = client_for("medewerker.aanzee")
    page = client.get(f"/doorverwijzen/partner/{partner.pk}/?onderwerp=uwv")
    body = page.content.decode()
    assert "0223 123 456" in body and "Goedendag" in body
    response = client.post(
        f"/doorverwijzen/partner/{partner.pk}/",
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


def test_consultation_hour_now(demo):
    partner = Partner.objects.get(name="SeniorWeb Zeestad")
    monday_11 = timezone.make_aware(datetime(2026, 11, 23, 11, 0))
    monday_13 = monday_11 + timedelta(hours=2)
    assert [h.location for h in consultation_hours_now(partner=partner, now=monday_11)] == [
        "Leestafel bij de ingang"
    ]
    assert consultation_hours_now(partner=partner, now=monday_13) == []


def test_other_librarys_partner_is_404(client_for, demo):
    partner = Partner.objects.get(name="Welzijn Zeestad")
    client = client_for("medewerker.rivierenland")
    assert client.get(f"/doorverwijzen/partner/{partner.pk}/").status_code == 404
    assert client.get(f"/doorverwijzen/partner/{partner.pk}/email/").status_code == 404
    assert client.post(f"/doorverwijzen/partner/{partner.pk}/", {"channel": "telefoon"}).status_code == 404
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
