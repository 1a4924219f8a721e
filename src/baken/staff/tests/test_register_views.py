"""Staff register pages: coordinator only, own library only, scan upload and download."""

import pytest

from baken.core.models import AuditEvent, User
from baken.staff.models import StaffProfile, Training

PDF = b"%PDF-1.4\n% demo declaration\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_coordinator_sees_the_team_with_the_volunteer_flagged(client_for):
    body = client_for("coordinator.aanzee").get("/team/medewerkers/").content.decode()
    assert "Vincent Strand" in body
    assert "Geen getekende verklaring" in body
    assert "Romy" not in body  # other library


@pytest.mark.parametrize(
    "username", ["medewerker.aanzee", "vrijwilliger.aanzee", "privacy.aanzee", "gemeente.zeestad"]
)
def test_only_the_coordinator_manages_staff(client_for, user_named, username):
    volunteer = user_named("vrijwilliger.aanzee")
    assert client_for(username).get("/team/medewerkers/").status_code == 403
    assert client_for(username).get(f"/team/medewerkers/{volunteer.pk}/").status_code == 403


def test_other_library_staff_is_not_found(client_for, user_named):
    other = user_named("medewerker.rivierenland")
    client = client_for("coordinator.aanzee")
    assert client.get(f"/team/medewerkers/{other.pk}/").status_code == 404
    assert client.post(f"/team/medewerkers/{other.pk}/", {"kind": "paid"}).status_code == 404
    assert client.get(f"/team/medewerkers/{other.pk}/verklaring/").status_code == 404
    assert client.post(f"/team/medewerkers/{other.pk}/training/", {}).status_code == 404
    back = client_for("coordinator.rivierenland")
    assert back.get(f"/team/medewerkers/{user_named('vrijwilliger.aanzee').pk}/").status_code == 404


def test_recording_the_declaration_with_a_scan_then_downloading_it(client_for, user_named):
    from django.core.files.uploadedfile import SimpleUploadedFile

    volunteer = user_named("vrijwilliger.aanzee")
    client = client_for("coordinator.aanzee")
    response = client.post(
        f"/team/medewerkers/{volunteer.pk}/",
        {
            "kind": "volunteer",
            "declaration_signed_on": "2025-03-01",
            "declaration_renew_on": "2027-03-01",
            "declaration_scan": SimpleUploadedFile("Vincent Strand verklaring.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    profile = StaffProfile.objects.get(user=volunteer)
    assert "Strand" not in (profile.declaration_scan.name or "")
    assert User.objects.get(pk=volunteer.pk).has_confidentiality is True

    download = client.get(f"/team/medewerkers/{volunteer.pk}/verklaring/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert AuditEvent.objects.filter(action="read", target=f"staff.declaration_scan:{volunteer.pk}").exists()
    assert (
        client_for("medewerker.aanzee").get(f"/team/medewerkers/{volunteer.pk}/verklaring/").status_code
        == 403
    )
    assert (
        client_for("coordinator.rivierenland")
        .get(f"/team/medewerkers/{volunteer.pk}/verklaring/")
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("verklaring.exe", b"MZ....", "Upload een PDF-, JPG- of PNG-bestand."),
        ("verklaring.pdf", b"<html>not a pdf", "geen leesbaar"),
    ],
)
def test_a_bad_scan_is_refused_and_nothing_is_stored(client_for, user_named, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    volunteer = user_named("vrijwilliger.aanzee")
    response = client_for("coordinator.aanzee").post(
        f"/team/medewerkers/{volunteer.pk}/",
        {
            "kind": "volunteer",
            "declaration_signed_on": "2025-03-01",
            "declaration_scan": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.get(pk=volunteer.pk).has_confidentiality is False


def test_bad_dates_give_dutch_errors(client_for, user_named):
    volunteer = user_named("vrijwilliger.aanzee")
    response = client_for("coordinator.aanzee").post(
        f"/team/medewerkers/{volunteer.pk}/",
        {
            "kind": "volunteer",
            "declaration_signed_on": "2999-01-01",
            "declaration_renew_on": "niet-een-datum",
        },
    )
    body = response.content.decode()
    assert "Deze datum ligt in de toekomst." in body
    assert "Er is een probleem" in body
    assert not StaffProfile.objects.get(user=volunteer).declaration_signed_on


def test_adding_and_removing_a_training(client_for, user_named):
    volunteer = user_named("vrijwilliger.aanzee")
    client = client_for("coordinator.aanzee")
    before = Training.objects.filter(user=volunteer).count()
    response = client.post(
        f"/team/medewerkers/{volunteer.pk}/training/", {"kind": "vaardigheid", "completed_on": "2025-02-03"}
    )
    assert response.status_code == 302
    training = Training.objects.get(user=volunteer, kind="vaardigheid")
    assert Training.objects.filter(user=volunteer).count() == before + 1
    assert client.post(f"/team/medewerkers/{volunteer.pk}/training/", {"kind": "x"}).status_code == 400
    other = client_for("coordinator.rivierenland")
    assert (
        other.post(f"/team/medewerkers/{volunteer.pk}/training/{training.pk}/verwijderen/").status_code == 404
    )
    client.post(f"/team/medewerkers/{volunteer.pk}/training/{training.pk}/verwijderen/")
    assert not Training.objects.filter(pk=training.pk).exists()
