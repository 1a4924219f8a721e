"""Library policy: append-only versions, a change counts at once, staff read it in plain words."""

import pytest

from baken.core.models import AuditEvent, Library
from baken.staff.actions import ACTION_CODES, ACTIONS
from baken.staff.models import PolicyVersion
from baken.staff.selectors import BASELINE_POLICY, current_policy

VALID = {
    "forbidden_actions": ["app_installeren", "meekijken_mijn_omgeving"],
    "written_consent_actions": ["doorverwijzen_email"],
    "retention_consent_days": "180",
    "retention_referral_hours": "48",
    "inactivity_timeout_minutes": "10",
    "note": "Afgesproken in het teamoverleg.",
}


def test_catalogue_matches_domain_md():
    from pathlib import Path

    domain = Path(__file__).resolve().parents[5] / "shared/docs/domain.md"
    if not domain.exists():
        pytest.skip("shared docs not mounted")
    text = domain.read_text()
    section = text.split("## Guidance: action catalogue", 1)[1].split("## Consent form", 1)[0]
    import re

    codes = set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M))
    assert codes == ACTION_CODES
    assert all(ACTIONS.values())


def test_baseline_when_no_version_exists(db):
    library = Library.objects.create(slug="nieuw", name="Nieuw")
    assert current_policy(library_id=library.pk) == BASELINE_POLICY
    assert current_policy(library_id=library.pk).is_baseline


def test_coordinator_changes_policy_and_it_counts_at_once(client_for, user_named):
    library = user_named("coordinator.aanzee").library
    response = client_for("coordinator.aanzee").post("/team/beleid/wijzigen/", VALID)
    assert response.status_code == 302
    policy = current_policy(library_id=library.pk)
    assert policy.forbidden == frozenset({"app_installeren", "meekijken_mijn_omgeving"})
    assert policy.written_consent_required == frozenset({"doorverwijzen_email"})
    assert (policy.retention_consent_days, policy.retention_referral_hours) == (180, 48)
    assert policy.created_by_username == "coordinator.aanzee"
    assert Library.objects.get(pk=library.pk).inactivity_timeout_minutes == 10
    # the other library is untouched
    other = user_named("coordinator.rivierenland").library
    assert current_policy(library_id=other.pk).forbidden == frozenset()
    assert AuditEvent.objects.filter(action="update", target__startswith="staff.policy:").exists()

    # staff read it in plain words, and the sign-out follows
    desk = client_for("medewerker.aanzee").get("/team/beleid/")
    body = desk.content.decode()
    assert ACTIONS["app_installeren"] in body
    assert ACTIONS["doorverwijzen_email"] in body
    assert "180 dagen" in body
    assert desk.context["session_timeout_seconds"] == 600

    # the history shows who and when and what changed
    history = client_for("coordinator.aanzee").get("/team/beleid/geschiedenis/").content.decode()
    assert "coordinator.aanzee" in history
    assert "Niet meer toegestaan:" in history
    assert history.count("<section") == 2  # demo baseline + this change


def test_versions_are_append_only(client_for, user_named):
    version = PolicyVersion.objects.filter(library=user_named("coordinator.aanzee").library).first()
    assert version is not None
    with pytest.raises(ValueError, match="append-only"):
        version.save()
    with pytest.raises(ValueError, match="append-only"):
        version.delete()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"forbidden_actions": ["bestaat_niet"]}, "Selecteer een geldige keuze"),
        ({"written_consent_actions": ["app_installeren"]}, "kan niet ook met schriftelijke toestemming"),
        ({"inactivity_timeout_minutes": "1"}, "minstens 2"),
        ({"retention_consent_days": "veel"}, "Voer een geheel getal in"),
        ({"note": "Besproken met mevrouw Jansen, tel 06-12345678"}, "persoonsgegevens"),
    ],
)
def test_invalid_policy_is_refused_in_dutch_and_not_stored(client_for, user_named, change, message):
    library = user_named("coordinator.aanzee").library
    before = PolicyVersion.objects.filter(library=library).count()
    response = client_for("coordinator.aanzee").post("/team/beleid/wijzigen/", {**VALID, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert PolicyVersion.objects.filter(library=library).count() == before


def test_volunteer_without_declaration_is_told_to_stop_on_the_policy_page(client_for):
    body = client_for("vrijwilliger.aanzee").get("/team/beleid/").content.decode()
    assert "lees dan geen brieven van bezoekers" in body
    covered = client_for("medewerker.aanzee").get("/team/beleid/").content.decode()
    assert "geheimhoudingsclausule van de cao" in covered


@pytest.mark.parametrize("username", ["medewerker.aanzee", "vrijwilliger.aanzee", "privacy.aanzee"])
def test_only_the_coordinator_changes_the_policy(client_for, username):
    assert client_for(username).post("/team/beleid/wijzigen/", VALID).status_code == 403
