"""Reads of the API app: a library's device tokens, and the token behind an ``Authorization`` header."""

from __future__ import annotations

import hashlib
import hmac

from django.db.models import QuerySet

from baken.core.scope import Scope

from .models import DeviceToken

TOKEN_PREFIX = "bkn_"  # noqa: S105 (a marker, not a secret)
KEY_ID_LENGTH = 12
# Compared against when no row matches, so a wrong key id costs the same as a wrong secret.
_NO_HASH = "0" * 64


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def key_id_of(raw: str) -> str | None:
    """``bkn_<key id>_<secret>``: the public key id, or None when the token has another shape."""
    head = len(TOKEN_PREFIX) + KEY_ID_LENGTH
    if not raw.startswith(TOKEN_PREFIX) or len(raw) < head + 20 or raw[head] != "_":
        return None
    return raw[len(TOKEN_PREFIX) : head]


def device_token_list(*, scope: Scope) -> QuerySet[DeviceToken]:
    """The tokens of the scope's own library (a coordinator's page); refuses other scopes."""
    return DeviceToken.objects.filter(library_id=scope.require_library()).select_related(
        "branch", "created_by", "revoked_by"
    )


def device_token_for(raw: str) -> DeviceToken | None:
    """The token row for a presented token (revoked ones too: the caller says why it refuses).

    The key id finds the row; the hash is then compared in constant time. An unknown key id still
    costs one comparison.
    """
    key_id = key_id_of(raw)
    found = (
        DeviceToken.objects.select_related("branch", "created_by").filter(key_id=key_id).first()
        if key_id
        else None
    )
    presented = token_hash(raw)
    if not hmac.compare_digest(presented, found.token_hash if found else _NO_HASH) or found is None:
        return None
    return found
