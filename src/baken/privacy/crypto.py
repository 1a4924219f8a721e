"""Encryption of personal data at rest: Fernet (AES-128-CBC + HMAC-SHA256) with key rotation.

Keys come from ``settings.BAKEN_FIELD_KEYS`` (comma-separated in the environment, newest first).
``MultiFernet`` encrypts with the first key and decrypts with any of them, so a new key can be put in
front, ``baken rotate_keys`` re-encrypts every encrypted column with it, and then the old key is dropped
(docs/operations.md, "Keys and secrets").
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken", "decrypt", "encrypt"]


def _keys() -> tuple[str, ...]:
    keys = tuple(key.strip() for key in settings.BAKEN_FIELD_KEYS if key.strip())
    if not keys:
        raise ImproperlyConfigured("BAKEN_FIELD_KEYS holds no key.")
    return keys


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:  # a malformed key: say which position, never the key itself
        raise ImproperlyConfigured(
            "BAKEN_FIELD_KEYS holds a key that is not a Fernet key (32 url-safe base64 bytes)."
        ) from error


def _fernet() -> MultiFernet:
    # Cached per key tuple, so a changed setting (tests, rotation) takes effect at once.
    return _fernet_for(_keys())


def encrypt(data: bytes) -> str:
    """A Fernet token (ASCII) for ``data``, encrypted with the newest key."""
    return _fernet().encrypt(data).decode("ascii")


def decrypt(token: str) -> bytes:
    """The plaintext of a token made with any configured key; raises ``InvalidToken`` otherwise."""
    return _fernet().decrypt(token.encode("ascii"))
