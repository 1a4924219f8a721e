"""How long personal data may stay. One place, so the purge, the views and the docs agree."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from baken.core.models import Library

# A library's privacy policy sets how long consent forms are kept (seed 001: "Maak als bibliotheek
# afspraken over ... voor hoe lang en waar het bewaard wordt"). One year until the library sets its own.
DEFAULT_CONSENT_RETENTION_DAYS = 365

# The personal part of an e-mail referral is kept only until it is sent. A send that keeps failing is
# given up and wiped well within 24 hours: retries stop after OUTBOX_GIVE_UP_AFTER, and `baken purge`
# (hourly) removes anything older than that, so nothing is older than 24 hours when it goes.
REFERRAL_PERSONAL_DATA_MAX_AGE = timedelta(hours=24)
OUTBOX_GIVE_UP_AFTER = timedelta(hours=23)


def consent_retention_days(library: Library) -> int:
    """Days a consent record of ``library`` is kept after it was given: the library's current policy
    version (staff register), else the default."""
    from baken.staff.selectors import current_policy

    days = current_policy(library_id=library.pk).retention_consent_days
    return days if days and days > 0 else DEFAULT_CONSENT_RETENTION_DAYS
