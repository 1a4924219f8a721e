"""Test aid for two-step verification: the code a demo account's authenticator app shows now."""

from __future__ import annotations

import base64

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.core.demo import DEMO_TOTP_SECRET


def current_code(secret_base32: str = DEMO_TOTP_SECRET) -> str:
    return f"{TOTP(base64.b32decode(secret_base32)).token():06d}"


def allow_fresh_code(username: str) -> None:
    """Forget the last accepted code and earlier failures, so a test may sign in twice within 30 s."""
    TOTPDevice.objects.filter(user__username=username).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
