"""A logical backup (dumpdata) holds encrypted tokens, never the plaintext, and restores the value."""

import io

from django.core.management import call_command
from django.utils import timezone

from baken.directory.models import Service
from baken.referrals.models import Referral, ReferralChannel, ReferralOutbox, ReferralStatus


def test_dumpdata_writes_tokens_and_loaddata_restores_them(demo, tmp_path):
    partner = Service.objects.get(name="Formulierenbrigade Zeestad")
    referral = Referral.objects.create(
        library=partner.library,
        service=partner,
        topic="toeslagen",
        channel=ReferralChannel.EMAIL,
        referred_on=timezone.localdate(),
        status=ReferralStatus.QUEUED,
    )
    outbox = ReferralOutbox.objects.create(referral=referral, payload='{"surname": "Jansen"}')
    out = io.StringIO()
    call_command("dumpdata", "referrals.referraloutbox", stdout=out)
    dump = out.getvalue()
    assert "Jansen" not in dump
    assert "gAAAAA" in dump
    path = tmp_path / "outbox.json"
    path.write_text(dump)
    ReferralOutbox.objects.all().delete()
    call_command("loaddata", str(path), verbosity=0)
    assert ReferralOutbox.objects.get(pk=outbox.pk).payload == '{"surname": "Jansen"}'
