"""``baken pii-scan``: the personal-data guard as a filter (contract in docs/domain.md).

Reads UTF-8 lines on stdin and prints one JSON object per line:
``{"text": "...", "findings": [{"type": "bsn", "start": 10, "end": 19}, ...]}``.
"""

import sys
from typing import Any

from django.core.management.base import BaseCommand

from baken.privacy.pii import run_pii_scan


class Command(BaseCommand):
    help = "Zoekt persoonsgegevens in tekstregels (stdin) en geeft per regel een JSON-object."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def handle(self, *args: Any, **options: Any) -> None:
        run_pii_scan(sys.stdin.buffer, sys.stdout.buffer)
