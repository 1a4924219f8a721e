"""Shared helpers for the registration tests: a valid desk POST and the key the desk page hands out."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.utils import timezone

from baken.core.models import Branch


def desk_post(branch: Branch | int, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "idempotency_key": str(uuid.uuid4()),
        "question_count": "1",
        "branch": str(branch.pk if isinstance(branch, Branch) else branch),
        "date": timezone.localdate().isoformat(),
        "hour": "10",
        "channel": "balie",
        "duration": "5_15",
        "outcome": "geholpen",
        "q1-topic": "digid",
        "q1-helps": ["meekijken"],
        "action": "save",
    }
    data.update(overrides)
    return data


def key_on(html: str) -> str:
    match = re.search(r'name="idempotency_key" value="([^"]+)"', html)
    assert match, "no idempotency key on the page"
    return match.group(1)
