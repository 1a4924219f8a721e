"""`baken purge`: removes what expired, keeps the counts, is idempotent."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from baken.consents.models import ConsentRecord, ConsentWithdrawal, Manner
from baken.consents.selectors import consent_counts
from baken.core.models import Branch
from baken.core.scope import Level, Scope
from baken.directory.models import Service
from baken.privacy.retention import DEFAULT_CONSENT_RETENTION_DAYS
from baken.referrals.models import Referral, ReferralChannel, ReferralOutbox, ReferralStatus
from baken.referrals.selectors import referral_counts

pytestmark = pytest.mark.django_db


def _consent(branch: Branch, days_ago: int) -> ConsentRecord:
    return ConsentRecord.objects.create(
        library=branch.library,
        branch=branch,
        recipient="Welzijn Zeestad",
        purpose="Terugbellen over de vraag",
        manner=Manner.TABLET,
        given_at=timezone.now() - timedelta(days=days_ago),
        staff_name="Mirjam Zeeman",
        signature=b"\x89PNG\r\n\x1a\n",
        signature_content_type="image/png",
    )


def _rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def _purge() -> None:
    call_command("purge", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_purge_removes_expired_consents_and_keeps_the_counts(demo):
    branch = Branch.objects.get(slug="zeestad-centrum")
    scope = Scope(Level.LIBRARY, library_id=branch.library_id)
    old = _consent(branch, DEFAULT_CONSENT_RETENTION_DAYS + 1)
    ConsentWithdrawal.objects.create(consent=old, withdrawn_at=timezone.now() - timedelta(days=300))
    recent = _consent(branch, 10)
    before = consent_counts(scope=scope)
    rows_before = _rows("consents_consentrecord")

    _purge()

    assert not ConsentRecord.objects.filter(pk=old.pk).exists()
    assert ConsentRecord.objects.filter(pk=recent.pk).exists()
    assert _rows("consents_consentrecord") == rows_before - 1
    assert _rows("consents_consentwithdrawal") == 0
    assert consent_counts(scope=scope) == before
    assert before.withdrawn == 1

    _purge()  # idempotent
    assert consent_counts(scope=scope) == before
    assert _rows("consents_consentrecord") == rows_before - 1


def test_purge_follows_the_library_retention_period(demo):
    from baken.core.models import User
    from baken.staff.models import PolicyVersion

    branch = Branch.objects.get(slug="zeestad-centrum")
    record = _consent(branch, 40)
    _purge()
    assert ConsentRecord.objects.filter(pk=record.pk).exists()  # within the default year
    PolicyVersion.objects.create(
        library=branch.library,
        created_by=User.objects.get(username="coordinator.aanzee"),
        retention_consent_days=30,
        retention_referral_hours=24,
        inactivity_timeout_minutes=15,
    )
    _purge()
    assert not ConsentRecord.objects.filter(pk=record.pk).exists()


def test_purge_removes_unsent_referral_data_after_a_day_and_keeps_the_referral(demo):
    partner = Service.objects.get(name="Formulierenbrigade Zeestad")
    scope = Scope(Level.LIBRARY, library_id=partner.library_id)
    referral = Referral.objects.create(
        library=partner.library,
        service=partner,
        topic="toeslagen",
        channel=ReferralChannel.EMAIL,
        referred_on=timezone.localdate(),
        status=ReferralStatus.QUEUED,
    )
    outbox = ReferralOutbox.objects.create(referral=referral, payload='{"surname": "Jansen"}')
    fresh_referral = Referral.objects.create(
        library=partner.library,
        service=partner,
        topic="toeslagen",
        channel=ReferralChannel.EMAIL,
        referred_on=timezone.localdate(),
        status=ReferralStatus.QUEUED,
    )
    ReferralOutbox.objects.create(referral=fresh_referral, payload='{"surname": "Bakker"}')
    ReferralOutbox.objects.filter(pk=outbox.pk).update(
        created_at=timezone.now() - timedelta(hours=23, minutes=1)
    )
    total = referral_counts(scope=scope).total

    _purge()
    _purge()

    assert _rows("referrals_referraloutbox") == 1
    assert not ReferralOutbox.objects.filter(pk=outbox.pk).exists()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NOT_SENT
    assert referral_counts(scope=scope).total == total
