"""E-mail referral: minimal data, no personal field left after sending, consent for special data,
retry and purge, and the partner's one-time link."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from baken.consents.models import ConsentRecord, ConsentWithdrawal, Manner
from baken.core.models import Branch
from baken.referrals import services
from baken.referrals.models import PartnerLink, Referral, ReferralOutbox, ReferralStatus

pytestmark = pytest.mark.django_db

SURNAME = "Vlietstra-Oomkes"
PHONE = "06 24681357"
EMAIL = "bezoeker.vlietstra@voorbeeld.nl"
DESCRIPTION = "Wil hulp bij het aanvragen van huurtoeslag en de brief van de Belastingdienst begrijpen"
MEDICAL = "Heeft een afspraak bij de oncoloog en wil hulp met de vergoeding"
PERSONAL = [SURNAME, "24681357", "vlietstra@", "huurtoeslag en de brief", "oncoloog"]


@pytest.fixture
def partner(demo):
    from baken.directory.models import Service

    Referral.objects.all().delete()  # the demo's referrals; these tests count their own
    return Service.objects.get(name="Formulierenbrigade Zeestad")


def _form(partner, **extra):
    data = {
        "branch": Branch.objects.get(slug="zeestad-centrum").pk,
        "topic": "toeslagen",
        "salutation": "mevrouw",
        "surname": SURNAME,
        "phone": PHONE,
        "email": EMAIL,
        "description": DESCRIPTION,
    }
    data.update(extra)
    return data


def _all_text_in_database() -> str:
    """Every text value of every table, read raw: what a database dump would show."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                chunks.extend(str(value) for value in row if value is not None)
    return "\n".join(chunks)


def _send(client, partner, **extra):
    return client.post(f"/doorverwijzen/dienst/{partner.pk}/email/", _form(partner, **extra))


def _token(message) -> str:
    match = re.search(r"/doorverwijzen/terugkoppeling/([\w-]+)/", message.body)
    assert match
    return match.group(1)


def test_after_a_send_no_personal_field_remains(client_for, partner):
    response = _send(client_for("medewerker.aanzee"), partner)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["formulierenbrigade@welzijn-zeestad.example"]
    assert message.cc == [] and message.bcc == []
    assert SURNAME in message.body and PHONE in message.body and EMAIL in message.body
    assert SURNAME not in message.subject and "toeslag" in message.subject.lower()

    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.SENT
    assert not ReferralOutbox.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM referrals_referraloutbox")
        assert cursor.fetchone()[0] == 0
    dump = _all_text_in_database()
    for value in PERSONAL:
        assert value not in dump
    token = _token(message)
    assert token not in dump  # only its hash is stored
    # What remains: the anonymous referral, which counts.
    assert (referral.service_id, referral.topic, referral.channel) == (partner.pk, "toeslagen", "email")


def test_queued_personal_part_is_encrypted_in_the_raw_table(partner, user_named):
    referral = services.referral_email_create(
        user=user_named("medewerker.aanzee"),
        service=partner,
        topic="toeslagen",
        branch=None,
        details=services.EmailDetails("heer", SURNAME, PHONE, EMAIL, DESCRIPTION),
        special_category=False,
        consent=None,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM referrals_referraloutbox WHERE referral_id = %s", [referral.pk])
        raw = cursor.fetchone()[0]
    assert raw.startswith("gAAAAA")
    for value in PERSONAL:
        assert value not in raw
    assert json.loads(ReferralOutbox.objects.get().payload)["surname"] == SURNAME


def test_description_with_personal_data_is_refused_and_nothing_stored(client_for, partner):
    response = _send(
        client_for("medewerker.aanzee"), partner, description="BSN 111222333, rekening NL91ABNA0417164300"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "BSN" in body and "IBAN" in body
    assert not Referral.objects.exists() and not mail.outbox


def test_phone_or_email_is_needed(client_for, partner):
    response = _send(client_for("medewerker.aanzee"), partner, phone="", email="")
    assert response.status_code == 200
    assert not Referral.objects.exists()


def _consent(manner=Manner.TABLET, signature=b"\x89PNG\r\n\x1a\n", **extra) -> ConsentRecord:
    from baken.core.models import User

    maker = User.objects.get(username="medewerker.aanzee")
    branch = Branch.objects.get(slug="zeestad-centrum")
    return ConsentRecord.objects.create(
        library=branch.library,
        branch=branch,
        recipient="Welzijn Zeestad",
        purpose="Doorgeven van uw vraag, ook over uw gezondheid",
        manner=manner,
        given_at=timezone.now() - timedelta(minutes=5),
        staff_name="Mirjam Zeeman",
        signature=signature,
        signature_content_type="image/png" if signature else "",
        created_by=maker,
        **extra,
    )


def test_a_medical_reason_cannot_be_sent_without_written_consent(client_for, partner):
    client = client_for("medewerker.aanzee")
    response = _send(client, partner, description=MEDICAL)
    assert response.status_code == 200
    assert "toestemmingsformulier" in response.content.decode()
    assert not Referral.objects.exists() and not ReferralOutbox.objects.exists() and not mail.outbox

    oral = _consent(manner=Manner.ORAL, signature=None)
    response = _send(client, partner, description=MEDICAL, consent=oral.pk)
    assert response.status_code == 200  # oral consent is not on offer, and not enough
    assert not mail.outbox

    withdrawn = _consent()
    ConsentWithdrawal.objects.create(consent=withdrawn, withdrawn_at=timezone.now())
    response = _send(client, partner, description=MEDICAL, consent=withdrawn.pk)
    assert response.status_code == 200
    assert not mail.outbox

    written = _consent()
    response = _send(client, partner, description=MEDICAL, consent=written.pk)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.special_category and referral.consent_id == written.pk
    assert len(mail.outbox) == 1


def test_the_service_refuses_special_data_without_consent_too(partner, user_named):
    with pytest.raises(services.ConsentRequired):
        services.referral_email_create(
            user=user_named("medewerker.aanzee"),
            service=partner,
            topic="toeslagen",
            branch=None,
            details=services.EmailDetails("", SURNAME, PHONE, "", MEDICAL),
            special_category=True,
            consent=_consent(manner=Manner.ORAL, signature=None),
        )
    assert not Referral.objects.exists()


def test_self_declared_special_data_also_needs_consent(client_for, partner):
    response = _send(client_for("medewerker.aanzee"), partner, special_category="on")
    assert response.status_code == 200
    assert not mail.outbox


def test_volunteer_without_confidentiality_declaration_may_not_send(client_for, partner):
    response = _send(client_for("vrijwilliger.aanzee"), partner)
    assert response.status_code == 200
    assert "geheimhouding" in response.content.decode().lower()
    assert not Referral.objects.exists()


def test_failed_send_is_retried_and_then_sent(client_for, partner, settings):
    settings.EMAIL_BACKEND = "baken.referrals.tests.failing_backend.FailingBackend"
    response = _send(client_for("medewerker.aanzee"), partner)
    assert response.status_code == 302
    outbox = ReferralOutbox.objects.get()
    assert outbox.attempts == 1 and outbox.last_error == "ConnectionRefusedError"
    assert Referral.objects.get().status == ReferralStatus.QUEUED

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_referrals", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not mail.outbox  # the retry waits for its time
    ReferralOutbox.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    call_command("send_referrals", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert not ReferralOutbox.objects.exists()
    assert Referral.objects.get().status == ReferralStatus.SENT
    for value in PERSONAL:
        assert value not in _all_text_in_database()


def test_partner_link_works_once_and_then_says_so(client_for, partner, client):
    _send(client_for("medewerker.aanzee"), partner)
    token = _token(mail.outbox[0])
    url = f"/doorverwijzen/terugkoppeling/{token}/"

    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Toeslagen" in body
    for value in PERSONAL:
        assert value not in body
    assert page["X-Robots-Tag"].startswith("noindex")

    assert client.post(url, {"status": "geholpen"}).status_code == 200
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.HELPED
    assert [e.status for e in referral.events.all()] == ["wachtrij", "verzonden", "geholpen"]

    again = client.get(url)
    assert again.status_code == 410
    assert "al gebruikt" in again.content.decode()
    assert client.post(url, {"status": "niet_passend"}).status_code == 410
    assert Referral.objects.get().status == ReferralStatus.HELPED


def test_partner_link_expires(client_for, partner, client):
    _send(client_for("medewerker.aanzee"), partner)
    token = _token(mail.outbox[0])
    PartnerLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(f"/doorverwijzen/terugkoppeling/{token}/")
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert client.get("/doorverwijzen/terugkoppeling/onbekend-token/").status_code == 404


def test_contact_made_gives_a_fresh_link_for_the_outcome(client_for, partner, client):
    _send(client_for("medewerker.aanzee"), partner)
    token = _token(mail.outbox[0])
    response = client.post(f"/doorverwijzen/terugkoppeling/{token}/", {"status": "contact_opgenomen"})
    next_url = re.search(
        r'href="http://testserver(/doorverwijzen/terugkoppeling/[\w-]+/)"', response.content.decode()
    )
    assert next_url
    assert client.get(f"/doorverwijzen/terugkoppeling/{token}/").status_code == 410
    assert client.post(next_url.group(1), {"status": "niet_bereikt"}).status_code == 200
    assert Referral.objects.get().status == ReferralStatus.UNREACHABLE


def test_opening_the_desk_retries_a_waiting_send_of_the_own_library_only(client_for, partner, settings):
    settings.EMAIL_BACKEND = "baken.referrals.tests.failing_backend.FailingBackend"
    desk = client_for("medewerker.aanzee")
    _send(desk, partner)
    ReferralOutbox.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    other_library_desk = client_for("medewerker.rivierenland")
    assert other_library_desk.get("/balie/").status_code == 200
    assert not mail.outbox and ReferralOutbox.objects.exists()

    assert desk.get("/balie/").status_code == 200
    assert len(mail.outbox) == 1
    assert not ReferralOutbox.objects.exists()
    assert Referral.objects.get().status == ReferralStatus.SENT


def test_opening_the_desk_wipes_a_personal_part_that_waited_too_long(client_for, partner, settings):
    settings.EMAIL_BACKEND = "baken.referrals.tests.failing_backend.FailingBackend"
    desk = client_for("medewerker.aanzee")
    _send(desk, partner)
    ReferralOutbox.objects.update(created_at=timezone.now() - timedelta(hours=24))

    assert desk.get("/balie/").status_code == 200
    assert not ReferralOutbox.objects.exists()
    assert Referral.objects.get().status == ReferralStatus.NOT_SENT
    for value in PERSONAL:
        assert value not in _all_text_in_database()
