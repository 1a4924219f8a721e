"""``baken send_referrals``: retry queued e-mail referrals and wipe those that could not go in time."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from baken.referrals.services import public_base_url, referral_outbox_purge, referral_send_due


class Command(BaseCommand):
    help = (
        "Verstuurt wachtende doorverwijzingen per e-mail opnieuw; wist wat te lang niet verzonden kon worden."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent, failed = referral_send_due(base_url=public_base_url())
        purged = referral_outbox_purge()
        self.stdout.write(f"Verzonden: {sent}, mislukt (later opnieuw): {failed}, gewist: {purged}.")
