"""``baken purge``: delete personal data past its retention period. Idempotent; counts survive.

- consent records older than their library's retention period (an anonymous tally keeps the count);
- the personal part of e-mail referrals that could not be sent in time (the anonymous referral stays).

Run it hourly from cron or a systemd timer (docs/operations.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from baken.consents.services import consent_purge_expired
from baken.referrals.services import referral_outbox_purge


class Command(BaseCommand):
    help = "Verwijdert persoonsgegevens na de bewaartermijn (toestemmingen, niet-verzonden doorverwijzingen)."

    def handle(self, *args: Any, **options: Any) -> None:
        outbox = referral_outbox_purge()
        consents = consent_purge_expired()
        self.stdout.write(
            f"Gewist: {outbox} niet-verzonden doorverwijzing(en), "
            f"{consents} toestemming(en) na bewaartermijn."
        )
