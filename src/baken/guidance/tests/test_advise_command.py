import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

BAKEN = Path(sys.executable).parent / "baken"
KEYS = {"action", "verdict", "conditions", "reason", "instead", "source"}


def advise(capsys, *args: str) -> dict:
    call_command("advise", *args)
    return json.loads(capsys.readouterr().out)


def test_defaults_follow_the_contract(db, capsys):
    answer = advise(capsys, "--action", "bsn_invoeren")
    assert set(answer) == KEYS
    assert answer["action"] == "bsn_invoeren"
    assert answer["verdict"] == "not_allowed"
    assert answer["instead"]


def test_context_flags_change_the_answer(db, capsys):
    present = advise(capsys, "--action", "brief_inzien")
    no_confidentiality = advise(capsys, "--action", "brief_inzien", "--staff-confidentiality", "no")
    assert present["verdict"] == "conditional"
    assert no_confidentiality["verdict"] == "not_allowed"


def test_library_flag_needs_a_known_library(demo, capsys):
    assert advise(capsys, "--action", "meekijken_coachen", "--library", "aanzee")["verdict"] == "allowed"
    with pytest.raises(CommandError):
        call_command("advise", "--action", "meekijken_coachen", "--library", "bestaat-niet")


def test_unknown_action_is_a_clear_error(db):
    with pytest.raises(CommandError, match=r"(?i)onbekend|bestaat"):
        call_command("advise", "--action", "vliegen")


@pytest.mark.skipif(not BAKEN.exists(), reason="console script not installed")
@pytest.mark.django_db(transaction=True)
def test_console_script_prints_one_json_object():
    result = subprocess.run(
        [str(BAKEN), "advise", "--action", "inloggen_voor_afwezige", "--visitor-present", "no"],
        capture_output=True,
        text=True,
        check=True,
    )
    answer = json.loads(result.stdout)
    assert answer["verdict"] == "not_allowed"
    assert len(result.stdout.strip().splitlines()) == 1


def test_library_policy_tightens_the_answer_at_once(demo, capsys):
    from baken.core.models import Library, User
    from baken.staff.models import PolicyVersion

    assert advise(capsys, "--action", "brief_inzien", "--library", "aanzee")["verdict"] == "conditional"
    latest = PolicyVersion.objects.filter(library__slug="aanzee").order_by("-created_at", "-id").first()
    PolicyVersion.objects.create(
        library=Library.objects.get(slug="aanzee"),
        created_by=User.objects.get(username="coordinator.aanzee"),
        forbidden_actions=["brief_inzien"],
        written_consent_actions=list(latest.written_consent_actions) if latest else [],
        retention_consent_days=latest.retention_consent_days if latest else 365,
        retention_referral_hours=latest.retention_referral_hours if latest else 24,
        inactivity_timeout_minutes=15,
    )
    answer = advise(capsys, "--action", "brief_inzien", "--library", "aanzee")
    assert answer["verdict"] == "not_allowed"
    assert advise(capsys, "--action", "brief_inzien", "--library", "rivierenland")["verdict"] == "conditional"
