"""The ``baken`` console script: manage.py with Baken's settings."""

import os
import sys

# Contract names with a dash map onto Django command modules (which must be valid identifiers).
ALIASES = {"pii-scan": "pii_scan"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baken.settings.base")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and argv[1] in ALIASES:
        argv[1] = ALIASES[argv[1]]
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
