#!/usr/bin/env python
"""Fill an app's nl catalogue from a Python dict file ``T = {msgid: msgstr}``; a small aid for translators.

python scripts/po_fill.py core translations.py
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "baken"


def main() -> int:
    app, mapping_file = sys.argv[1], sys.argv[2]
    translations: dict[str, str] = runpy.run_path(mapping_file)["T"]
    path = PACKAGE / app / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Language"] = "nl"
    po.save()
    po.save_as_mofile(str(path.with_suffix(".mo")))
    missing = [e.msgid for e in po if not e.translated()]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
