"""Encrypted columns hold only Fernet tokens; rotation re-encrypts with the newest key."""

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from baken.consents.models import ConsentRecord, Manner
from baken.core.models import Branch
from baken.privacy import crypto

pytestmark = pytest.mark.django_db

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def _raw(column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM consents_consentrecord WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def _record(demo) -> ConsentRecord:
    branch = Branch.objects.get(slug="zeestad-centrum")
    return ConsentRecord.objects.create(
        library=branch.library,
        branch=branch,
        recipient="Stichting Geheimhouding Zeeën",
        purpose="Doel-met-een-herkenbaar-woord",
        manner=Manner.TABLET,
        given_at=timezone.now(),
        staff_name="Mirjam Zeeman",
        signature=b"\x89PNG\r\n\x1a\nSIGNATURE-BYTES",
        signature_content_type="image/png",
    )


def test_encrypted_columns_hold_no_plaintext(demo):
    record = _record(demo)
    for column, plain in [
        ("recipient", "Geheimhouding"),
        ("purpose", "herkenbaar"),
        ("staff_name", "Zeeman"),
        ("signature", "SIGNATURE-BYTES"),
    ]:
        raw = _raw(column, record.pk)
        assert plain not in raw
        assert raw.startswith("gAAAAA")  # a Fernet token
    fresh = ConsentRecord.objects.get(pk=record.pk)
    assert fresh.recipient == "Stichting Geheimhouding Zeeën"
    assert fresh.signature == b"\x89PNG\r\n\x1a\nSIGNATURE-BYTES"


def test_rotate_keys_reencrypts_with_the_newest_key(demo):
    with override_settings(BAKEN_FIELD_KEYS=[OLD_KEY]):
        record = _record(demo)
        old_token = _raw("recipient", record.pk)
    # The demo data was written with the development key: rotation must cover every row and column.
    with override_settings(BAKEN_FIELD_KEYS=[NEW_KEY, OLD_KEY, *settings.BAKEN_FIELD_KEYS]):
        call_command("rotate_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
        new_token = _raw("recipient", record.pk)
    assert new_token != old_token
    assert Fernet(NEW_KEY.encode()).decrypt(new_token.encode()) == "Stichting Geheimhouding Zeeën".encode()
    with override_settings(BAKEN_FIELD_KEYS=[NEW_KEY]):  # the old keys can now be dropped
        assert ConsentRecord.objects.get(pk=record.pk).signature.endswith(b"SIGNATURE-BYTES")
        assert all(r.recipient for r in ConsentRecord.objects.all())


def test_a_removed_key_cannot_read_old_data(demo):
    with override_settings(BAKEN_FIELD_KEYS=[OLD_KEY]):
        record = _record(demo)
    with override_settings(BAKEN_FIELD_KEYS=[NEW_KEY]), pytest.raises(crypto.InvalidToken):
        ConsentRecord.objects.get(pk=record.pk)
