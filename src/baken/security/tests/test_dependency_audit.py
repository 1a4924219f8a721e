"""The CI dependency audit fails on known vulnerabilities, and only notes an unreachable service."""

import runpy
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[4] / "scripts" / "audit_dependencies.py"
judge = runpy.run_path(str(SCRIPT))["judge"]


def test_a_known_vulnerability_fails():
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}]},
            {"name": "segno", "version": "1.6.6", "vulns": []},
        ]
    }
    verdict = judge(report, 1, "")
    assert verdict.code == 1
    assert "django 5.2.0: PYSEC-1 (fixed in 5.2.1)" in "\n".join(verdict.lines)


def test_clean_audit_passes_and_counts():
    verdict = judge({"dependencies": [{"name": "segno", "version": "1.6.6", "vulns": []}]}, 0, "")
    assert verdict.code == 0 and "1 locked packages checked" in verdict.lines[0]


def test_unreachable_service_is_a_note_not_a_failure():
    verdict = judge(None, 1, "requests.exceptions.ConnectionError: Failed to resolve 'api.osv.dev'")
    assert verdict.code == 0 and "NOT audited" in verdict.lines[0]


def test_unknown_versions_are_not_reported_as_clean():
    report = {"dependencies": [{"name": "anyio", "skip_reason": "Dependency not found on PyPI"}]}
    verdict = judge(report, 0, "")
    assert verdict.code == 0 and "NOT audited" in verdict.lines[0]


def test_other_errors_fail():
    assert judge(None, 2, "usage: pip-audit ...").code == 2


def test_ci_runs_the_audit_before_the_tests():
    ci = (SCRIPT.parents[1] / ".ci" / "run").read_text()
    assert "\nmake audit\nmake test\n" in ci
