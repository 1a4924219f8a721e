"""Writes of two-step verification: setting up a TOTP app, recovery codes, checking a code.

Codes are checked per device kind: six digits go to the authenticator app, anything else to the
recovery codes, so a recovery code never counts as a failure against the app (and the reverse).
django-otp slows every device down after a failure (1, 2, 4, 8 … seconds) and refuses reused codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.core.models import AuditEvent
from baken.core.services import audit_log

if TYPE_CHECKING:
    from baken.core.models import User

RECOVERY_CODE_COUNT = 10
TOTP_PATTERN = re.compile(r"^\d{6}$")
DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"


class Outcome(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class Check:
    outcome: Outcome
    device: Device | None = None
    method: str = ""


def normalise_code(raw: str) -> str:
    """What people type: spaces and dashes between groups, capitals from the printed list."""
    return re.sub(r"[\s-]", "", raw).lower()


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed device with a fresh secret; reused while the user has not finished setting up."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if pending is not None:
        return pending
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def recovery_codes_create(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; returns them to show once."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_log(actor=user, action=AuditEvent.Action.RECOVERY_CODES_CREATED, detail={"count": len(codes)})
    return codes


def totp_device_confirm(*, user: User, device: TOTPDevice, code: str) -> bool:
    """Confirm a pending device when the first code from the app is right."""
    if device.user_id != user.pk or device.confirmed:
        return False
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not TOTP_PATTERN.match(code) or not device.verify_token(code):
            audit_log(actor=user, action=AuditEvent.Action.OTP_FAILED, detail={"method": "setup"})
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Older unconfirmed attempts are useless now.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit_log(actor=user, action=AuditEvent.Action.OTP_DEVICE_ADDED, detail={"device_id": device.pk})
    return True


def code_check(*, user: User, code: str) -> Check:
    """Check a code against the user's confirmed app, or against the recovery codes."""
    is_totp = bool(TOTP_PATTERN.match(code))
    model: type[Device] = TOTPDevice if is_totp else StaticDevice
    method = "totp" if is_totp else "recovery_code"
    throttled = False
    with transaction.atomic():
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(code):
                audit_log(actor=user, action=AuditEvent.Action.OTP_VERIFIED, detail={"method": method})
                return Check(Outcome.OK, device=device, method=method)
    audit_log(
        actor=user, action=AuditEvent.Action.OTP_FAILED, detail={"method": method, "throttled": throttled}
    )
    return Check(Outcome.THROTTLED if throttled else Outcome.WRONG, method=method)
