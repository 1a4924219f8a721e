"""Writes of the privacy app: key rotation over every encrypted column."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction

from .fields import EncryptedField

_BATCH = 500


def encrypted_columns() -> list[tuple[type, list[str]]]:
    """Every model with encrypted fields, with those fields' attribute names."""
    found = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        if names:
            found.append((model, names))
    return found


def rotate_encrypted_columns() -> dict[str, int]:
    """Decrypt with any configured key and write back under the newest one; returns rows per model.

    Idempotent, and safe to run while Baken serves requests: each row is rewritten in its own short
    transaction with the value it held, so an interrupted run is simply run again.
    """
    counts: dict[str, int] = {}
    for model, names in encrypted_columns():
        manager = model._base_manager  # type: ignore[attr-defined]
        done = 0
        pks = list(manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), _BATCH):
            with transaction.atomic():
                rows = manager.filter(pk__in=pks[start : start + _BATCH]).select_for_update()
                for row in rows.values("pk", *names):
                    pk = row.pop("pk")
                    values = {name: value for name, value in row.items() if value is not None}
                    if values:
                        manager.filter(pk=pk).update(**values)
                        done += 1
        counts[model._meta.label] = done  # type: ignore[attr-defined]
    return counts
