#!/usr/bin/env python
"""Audit the locked dependencies for known vulnerabilities (pip-audit against requirements/dev.lock).

Exit 1 when a locked package has a known vulnerability. When the vulnerability service cannot be
reached, or knows none of the locked versions (a private mirror), say so plainly and exit 0: CI must
not fail on a network problem, but nobody may mistake "not audited" for "audited and clean".
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / "requirements" / "dev.lock"
NETWORK_MARKERS = ("ConnectionError", "NameResolutionError", "ConnectTimeout", "ReadTimeout", "ServiceError")


@dataclass
class Verdict:
    code: int
    lines: list[str] = field(default_factory=list)


def judge(report: dict | None, returncode: int, stderr: str) -> Verdict:
    if report is None:
        if any(marker in stderr for marker in NETWORK_MARKERS):
            return Verdict(0, ["NOTE: the vulnerability service is unreachable: dependencies NOT audited."])
        return Verdict(returncode or 1, ["pip-audit failed:", stderr.strip()[-2000:]])
    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    audited = len(deps) - len(skipped)
    if vulnerable:
        lines = [f"{len(vulnerable)} locked package(s) with known vulnerabilities:"]
        for dep in vulnerable:
            for vuln in dep["vulns"]:
                fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
                lines.append(f"  {dep['name']} {dep.get('version', '')}: {vuln['id']} (fixed in {fixes})")
        return Verdict(1, lines)
    if audited == 0:
        return Verdict(
            0,
            [
                f"NOTE: the vulnerability service knows none of the {len(deps)} locked versions "
                "(packages from a private mirror?): dependencies NOT audited."
            ],
        )
    lines = [f"Dependency audit: {audited} locked packages checked, no known vulnerabilities."]
    if skipped:
        lines.append("NOTE: not audited: " + ", ".join(f"{d['name']}" for d in skipped))
    return Verdict(0, lines)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        result = subprocess.run(
            [
                str(Path(sys.executable).parent / "pip-audit"),
                "--requirement",
                str(LOCK),
                "--require-hashes",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--format",
                "json",
                "--output",
                str(out),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        report = json.loads(out.read_text()) if out.exists() and out.stat().st_size else None
    verdict = judge(report, result.returncode, result.stderr)
    print("\n".join(verdict.lines))
    return verdict.code


if __name__ == "__main__":
    sys.exit(main())
