"""The `baken pii-scan` contract, run as the console script other tools call."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BAKEN = Path(sys.executable).parent / "baken"


@pytest.mark.skipif(
    not BAKEN.exists() and shutil.which("baken") is None, reason="console script not installed"
)
def test_pii_scan_contract():
    lines = "Bel haar op 06-12345678 of mail a.devries@example.nl\nGeen gegevens, vraag over DigiD\n"
    result = subprocess.run(
        [str(BAKEN if BAKEN.exists() else "baken"), "pii-scan"],
        input=lines.encode(),
        capture_output=True,
        check=True,
    )
    rows = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert len(rows) == 2
    first, second = rows
    assert first["text"] == "Bel haar op 06-12345678 of mail a.devries@example.nl"
    types = [f["type"] for f in first["findings"]]
    assert types == ["phone", "email"]
    phone = first["findings"][0]
    assert first["text"][phone["start"] : phone["end"]] == "06-12345678"
    assert set(phone) == {"type", "start", "end"}
    assert second == {"text": "Geen gegevens, vraag over DigiD", "findings": []}
