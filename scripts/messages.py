#!/usr/bin/env python
"""Extract and compile the nl catalogue of every Baken app (one catalogue per app: fewer merge conflicts).

python scripts/messages.py            # update src/baken/*/locale/nl and compile
python scripts/messages.py --check    # fail if any catalogue misses a message that is in the code
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "baken"
# The console script, not `python -m`: that would put the app folder (with selectors.py) on sys.path.
BAKEN = [str(Path(sys.executable).parent / "baken")]


def apps() -> list[Path]:
    return sorted(p.parent for p in PACKAGE.glob("*/apps.py"))


def has_messages(app: Path) -> bool:
    markers = ("gettext", "{% translate", "{% blocktranslate", "{% trans ", "{% blocktrans")
    for path in list(app.rglob("*.py")) + list(app.rglob("*.html")) + list(app.rglob("*.txt")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if any(marker in text for marker in markers):
            return True
    return False


def makemessages(app_dir: Path) -> None:
    (app_dir / "locale").mkdir(exist_ok=True)
    subprocess.run(
        [
            *BAKEN,
            "makemessages",
            "-l",
            "nl",
            "--no-location",
            "--no-obsolete",
            "-i",
            "tests/*",
            "-e",
            "html,txt,py",
        ],
        cwd=app_dir,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "baken.settings.test"},
        stdout=subprocess.DEVNULL,
    )


def update() -> None:
    for app in apps():
        if has_messages(app):
            makemessages(app)
    subprocess.run(
        [*BAKEN, "compilemessages", "-l", "nl"], cwd=PACKAGE, check=True, stdout=subprocess.DEVNULL
    )


def check(workdir: Path) -> int:
    problems = []
    for app in apps():
        if not has_messages(app):
            continue
        copy = workdir / app.name
        shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__"))
        makemessages(copy)
        fresh = {e.msgid for e in polib.pofile(str(copy / "locale/nl/LC_MESSAGES/django.po"))}
        committed_path = app / "locale/nl/LC_MESSAGES/django.po"
        committed = {e.msgid for e in polib.pofile(str(committed_path))} if committed_path.exists() else set()
        missing = sorted(fresh - committed)
        stale = sorted(committed - fresh)
        if missing or stale:
            problems.append(f"{app.name}: missing {missing[:8]} stale {stale[:8]}")
    for problem in problems:
        print(problem)
    if problems:
        print("Run `make messages`, translate the new entries in the nl catalogues, and commit.")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    if args.check:
        if args.workdir:
            return check(args.workdir)
        with tempfile.TemporaryDirectory() as tmp:
            return check(Path(tmp))
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
