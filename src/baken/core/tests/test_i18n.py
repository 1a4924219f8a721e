"""The nl catalogue is current (every message extracted and translated); English is available."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(PACKAGE.glob("*/locale/nl/LC_MESSAGES/django.po"))


def test_core_has_a_catalogue():
    assert PACKAGE / "core/locale/nl/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_nl_catalogue_is_complete_and_compiled(po_path):
    app = po_path.parts[-5]
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po if not e.translated() and not e.obsolete]
    assert not untranslated, f"{app}: untranslated or fuzzy: {untranslated[:10]}"
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    assert {e.msgid: e.msgstr for e in po.translated_entries()} == {
        e.msgid: e.msgstr for e in mo if e.msgid
    }, f"{app}: run `make messages` to compile"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools not installed")
def test_catalogues_contain_every_message_in_the_code(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(PACKAGE.parents[1] / "scripts" / "messages.py"),
            "--check",
            "--workdir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_english_is_available(client, db):
    response = client.post("/taal/", {"language": "en", "next": "/aanmelden/"}, follow=True)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Sign in to Baken" in body
