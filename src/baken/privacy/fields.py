"""Model fields whose column holds only a Fernet token: the plaintext never reaches the database.

The column is a text column with the token; reading decrypts (``from_db_value``), writing encrypts
(``get_prep_value``). Tokens are randomised, so these columns cannot be filtered or indexed on their
content: query on the other, non-personal columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cryptography.fernet import InvalidToken
from django.db import models

from .crypto import decrypt, encrypt

# Every Fernet token starts with its version byte 0x80, base64-encoded as "gAAAAA".
TOKEN_PREFIX = "gAAAAA"  # noqa: S105  (a format marker, not a secret)

if TYPE_CHECKING:
    _TextColumn = models.TextField[Any, Any]
else:
    _TextColumn = models.TextField


class EncryptedField(_TextColumn):
    """Base for encrypted columns; ``baken rotate_keys`` finds every subclass through the app registry."""

    def to_plain_bytes(self, value: Any) -> bytes:
        raise NotImplementedError

    def from_plain_bytes(self, data: bytes) -> Any:
        raise NotImplementedError

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt(self.to_plain_bytes(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.from_plain_bytes(decrypt(value))

    def to_python(self, value: Any) -> Any:
        # A serialised dump (dumpdata) carries the token, never the plaintext: turn it back into the value.
        if isinstance(value, str) and value.startswith(TOKEN_PREFIX):
            try:
                return self.from_plain_bytes(decrypt(value))
            except InvalidToken:
                return value
        return value

    def value_to_string(self, obj: Any) -> Any:
        """What dumpdata writes: the encrypted token, so a logical backup holds no plaintext either."""
        value = self.value_from_object(obj)
        return None if value is None else encrypt(self.to_plain_bytes(value))

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, kwargs


class EncryptedTextField(EncryptedField):
    """Text, stored encrypted."""

    def to_plain_bytes(self, value: Any) -> bytes:
        return str(value).encode("utf-8")

    def from_plain_bytes(self, data: bytes) -> str:
        return data.decode("utf-8")


class EncryptedBinaryField(EncryptedField):
    """Bytes (a signature image, a scan), stored encrypted."""

    # Tell django-stubs the attribute holds bytes, not the str of the text column underneath.
    _pyi_private_set_type: bytes | None  # type: ignore[assignment]
    _pyi_private_get_type: bytes  # type: ignore[assignment]

    def to_plain_bytes(self, value: Any) -> bytes:
        if isinstance(value, memoryview):
            return value.tobytes()
        if not isinstance(value, bytes | bytearray):
            raise TypeError("EncryptedBinaryField holds bytes.")
        return bytes(value)

    def from_plain_bytes(self, data: bytes) -> bytes:
        return data

    def formfield(self, **kwargs: Any) -> Any:
        return None  # never editable through a ModelForm or the admin
