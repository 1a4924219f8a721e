"""Consent records: the seven elements, signature paths, visibility, audit of every read, withdrawal, PDF."""

import base64
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from baken.consents.models import ConsentRecord, ConsentWithdrawal, Manner
from baken.consents.pdf import render_consent_pdf
from baken.consents.selectors import consent_is_valid
from baken.core.models import AuditEvent, Branch

from .pdftext import extract_text

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(out, format="PNG")
    return out.getvalue()


def _post(branch: Branch, **extra):
    data = {
        "branch": branch.pk,
        "recipient": "Welzijn Zeestad",
        "purpose": "Zodat zij u kunnen bellen over uw financiële vraag",
        "manner": "tablet",
        "given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "signature_data": "data:image/png;base64," + base64.b64encode(_png()).decode(),
    }
    data.update(extra)
    return data


@pytest.fixture
def branch(demo) -> Branch:
    return Branch.objects.get(slug="zeestad-centrum")


def test_desk_creates_a_tablet_signed_record(client_for, branch):
    client = client_for("medewerker.aanzee")
    response = client.post("/toestemming/nieuw/", _post(branch))
    record = ConsentRecord.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == f"/toestemming/{record.pk}/"
    assert record.manner == Manner.TABLET
    assert record.signature.startswith(b"\x89PNG")
    assert record.staff_name == "Mirjam Zeeman"
    assert record.is_written


def test_paper_needs_a_scan_and_accepts_pdf(client_for, branch):
    client = client_for("medewerker.aanzee")
    count = ConsentRecord.objects.count()
    response = client.post("/toestemming/nieuw/", _post(branch, manner="papier", signature_data=""))
    assert response.status_code == 200
    assert "Upload de scan" in response.content.decode()
    assert ConsentRecord.objects.count() == count
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 scanned", content_type="application/pdf")
    response = client.post("/toestemming/nieuw/", {**_post(branch, manner="papier"), "scan": scan})
    assert response.status_code == 302
    record = ConsentRecord.objects.latest("pk")
    assert record.signature_content_type == "application/pdf"


def test_a_fake_scan_is_refused(client_for, branch):
    scan = SimpleUploadedFile("scan.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client_for("medewerker.aanzee").post(
        "/toestemming/nieuw/", {**_post(branch, manner="papier"), "scan": scan}
    )
    assert response.status_code == 200
    assert "PDF, JPEG of PNG" in response.content.decode()


def test_tablet_without_signature_is_refused_and_nothing_stored(client_for, branch):
    count = ConsentRecord.objects.count()
    response = client_for("medewerker.aanzee").post("/toestemming/nieuw/", _post(branch, signature_data=""))
    assert response.status_code == 200
    assert ConsentRecord.objects.count() == count


def test_personal_data_never_goes_on_the_form(client_for, branch):
    count = ConsentRecord.objects.count()
    response = client_for("medewerker.aanzee").post(
        "/toestemming/nieuw/", _post(branch, purpose="Mevrouw Jansen wil gebeld worden op 06-12345678")
    )
    assert response.status_code == 200
    assert (
        "persoonsgegevens" in response.content.decode()
        or "gegevens van de bezoeker" in response.content.decode()
    )
    assert ConsentRecord.objects.count() == count


def _make(client, branch) -> ConsentRecord:
    client.post("/toestemming/nieuw/", _post(branch))
    return ConsentRecord.objects.latest("pk")


def test_maker_sees_it_for_one_hour_colleague_never(client_for, branch):
    maker = client_for("medewerker.aanzee")
    record = _make(maker, branch)
    assert maker.get(f"/toestemming/{record.pk}/").status_code == 200
    assert client_for("vrijwilliger.aanzee").get(f"/toestemming/{record.pk}/").status_code == 404
    assert client_for("coordinator.aanzee").get(f"/toestemming/{record.pk}/").status_code == 404
    ConsentRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - timedelta(minutes=61))
    assert maker.get(f"/toestemming/{record.pk}/").status_code == 404
    assert client_for("privacy.aanzee").get(f"/toestemming/{record.pk}/").status_code == 200


def test_another_librarys_privacy_coordinator_sees_nothing(client_for, branch, user_named):
    from baken.core.models import Library, User
    from baken.core.roles import Role

    record = _make(client_for("medewerker.aanzee"), branch)
    User.objects.create(
        username="privacy.rivierenland", role=Role.PRIVACY, library=Library.objects.get(slug="rivierenland")
    )
    other = client_for("privacy.rivierenland")
    for url in ("", "handtekening/", "formulier.pdf"):
        assert other.get(f"/toestemming/{record.pk}/{url}").status_code == 404
    assert other.post(f"/toestemming/{record.pk}/intrekken/", {"confirm": "on"}).status_code == 404
    listing = other.get("/toestemming/").content.decode()
    assert "Welzijn Zeestad" not in listing
    for role in ("gemeente.zeestad", "landelijk", "beheerder"):
        assert client_for(role).get(f"/toestemming/{record.pk}/").status_code == 403


def test_every_read_is_audit_logged(client_for, branch):
    client = client_for("privacy.aanzee")
    record = _make(client_for("medewerker.aanzee"), branch)
    target = f"consent:{record.pk}"
    for url, part in (("", "detail"), ("handtekening/", "signature"), ("formulier.pdf", "pdf")):
        before = AuditEvent.objects.filter(action=AuditEvent.Action.READ, target=target).count()
        response = client.get(f"/toestemming/{record.pk}/{url}")
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        events = AuditEvent.objects.filter(action=AuditEvent.Action.READ, target=target)
        assert events.count() == before + 1
        latest = events.latest("pk")
        assert latest.detail == {"part": part}
        assert latest.actor_username == "privacy.aanzee"
    client.get("/toestemming/")
    assert AuditEvent.objects.filter(target=target, detail={"part": "list"}).exists()


def test_withdrawal_is_appended_and_then_it_no_longer_counts(client_for, branch):
    record = _make(client_for("medewerker.aanzee"), branch)
    assert consent_is_valid(record)
    client = client_for("privacy.aanzee")
    response = client.post(f"/toestemming/{record.pk}/intrekken/", {"confirm": "on"})
    assert response.status_code == 302
    record = ConsentRecord.objects.get(pk=record.pk)
    assert not consent_is_valid(record)
    assert ConsentRecord.objects.filter(pk=record.pk).exists()  # the record stays as proof
    withdrawal = ConsentWithdrawal.objects.get(consent=record)
    with pytest.raises(ValueError, match="appended"):
        withdrawal.save()
    client.post(f"/toestemming/{record.pk}/intrekken/", {"confirm": "on"})
    assert ConsentWithdrawal.objects.filter(consent=record).count() == 1
    assert "ingetrokken" in client.get("/toestemming/").content.decode()


def test_pdf_embeds_the_font_prints_special_characters_and_no_visitor_data(client_for, branch):
    client = client_for("medewerker.aanzee")
    record = _make(client, branch)
    pdf = client.get(f"/toestemming/{record.pk}/formulier.pdf").content
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile2" in pdf and b"DejaVuSans" in pdf
    text = extract_text(pdf)
    assert "Welzijn Zeestad" in text
    assert "financiële" in text
    assert "€" in text and "–" in text
    assert "Mirjam Zeeman" in text
    assert "Toestemmingsformulier" in text


def test_blank_pdf_has_the_seven_elements_and_no_data(client_for):
    response = client_for("vrijwilliger.aanzee").get("/toestemming/blanco.pdf")
    assert response.status_code == 200
    text = extract_text(response.content)
    for number in range(1, 8):
        assert f"{number}. " in text
    assert "Bibliotheek Aan Zee" in text
    assert "Handtekening van de bezoeker" in text


def test_render_never_takes_visitor_data():
    # The renderer receives a ConsentRecord only; the model has no field for the data passed on.
    fields = {field.name for field in ConsentRecord._meta.get_fields()}
    assert not fields & {"surname", "phone", "email", "description", "bsn", "name", "visitor_name"}
    assert render_consent_pdf.__code__.co_varnames[:1] == ("record",)
