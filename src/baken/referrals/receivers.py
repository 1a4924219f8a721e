"""Retry waiting e-mail referrals when someone opens the desk.

`baken send_referrals` from cron is the schedule (docs/operations.md); a library that has not set up
cron yet still gets its failed sends retried, and stale personal parts wiped, on the next desk visit
(seed 001 "Warm doorverwijzen": nothing personal stays longer than needed).
"""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver

from baken.core.signals import desk_opened

from .services import public_base_url, referral_outbox_purge, referral_send_due

logger = logging.getLogger(__name__)

# A desk visit sends at most this many waiting e-mails, so a broken mail server costs the desk little.
DESK_RETRY_LIMIT = 3


@receiver(desk_opened)
def retry_waiting_referrals(sender: Any, library_id: int | None, **kwargs: Any) -> None:
    if library_id is None:
        return
    referral_outbox_purge()
    referral_send_due(base_url=public_base_url(), library_id=library_id, limit=DESK_RETRY_LIMIT)
