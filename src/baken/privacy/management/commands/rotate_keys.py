"""``baken rotate_keys``: re-encrypt every encrypted column with the newest key of BAKEN_FIELD_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from baken.privacy.services import rotate_encrypted_columns


class Command(BaseCommand):
    help = "Versleutelt alle versleutelde kolommen opnieuw met de nieuwste sleutel (BAKEN_FIELD_KEYS)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = rotate_encrypted_columns()
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} rijen opnieuw versleuteld")
        self.stdout.write(f"Klaar: {sum(counts.values())} rijen met de nieuwste sleutel.")
