#!/usr/bin/env python
"""`make bench`: print the figures the issues ask for. Each app with a `bench.py` exposing `run()` is listed
here; PostgreSQL benches create and drop their own database."""

from __future__ import annotations

import importlib
import os
import sys

BENCHES = [
    "baken.privacy.quality",
    "baken.registrations.bench",
    "baken.reports.bench",
    "baken.directory.bench",
]


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baken.settings.base")
    only = sys.argv[1:]
    status = 0
    for name in BENCHES:
        if only and not any(word in name for word in only):
            continue
        print(f"\n=== {name} ===", flush=True)
        module = importlib.import_module(name)
        runner = getattr(module, "run", None) or module.main
        result = runner()
        status = status or (result if isinstance(result, int) else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
