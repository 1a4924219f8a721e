"""Seed 001, "Geheimhoudingsverklaring": paid staff are covered by the CAO, a volunteer only with a signed
declaration. ``User.has_confidentiality`` (read by the guidance engine) follows the staff register."""

from datetime import date

import pytest

from baken.core.models import User
from baken.core.roles import Role
from baken.staff import services
from baken.staff.models import StaffProfile
from baken.staff.selectors import staff_has_confidentiality


def test_demo_volunteer_has_no_declaration_and_everyone_else_at_the_desk_is_covered(user_named):
    assert user_named("vrijwilliger.aanzee").has_confidentiality is False
    for name in ["medewerker.aanzee", "coordinator.aanzee", "privacy.aanzee", "medewerker.rivierenland"]:
        assert user_named(name).has_confidentiality is True, name
    for name in ["gemeente.zeestad", "landelijk", "beheerder"]:
        assert user_named(name).has_confidentiality is False, name


def test_recording_a_signed_declaration_covers_the_volunteer_and_syncs_the_core_flag(user_named):
    volunteer = user_named("vrijwilliger.aanzee")
    services.staff_profile_save(
        actor=user_named("coordinator.aanzee"),
        user=volunteer,
        kind=StaffProfile.Kind.VOLUNTEER,
        declaration_signed_on=date(2025, 1, 6),
        declaration_renew_on=None,
    )
    fresh = User.objects.get(pk=volunteer.pk)
    assert fresh.has_confidentiality is True
    assert fresh.confidentiality_signed is True
    services.staff_profile_save(
        actor=None,
        user=fresh,
        kind=StaffProfile.Kind.VOLUNTEER,
        declaration_signed_on=None,
        declaration_renew_on=None,
    )
    fresh = User.objects.get(pk=volunteer.pk)
    assert fresh.has_confidentiality is False
    assert fresh.confidentiality_signed is False


def test_a_paid_medewerker_registered_as_volunteer_needs_a_declaration(user_named):
    person = user_named("medewerker.aanzee")
    services.staff_profile_save(
        actor=None,
        user=person,
        kind=StaffProfile.Kind.VOLUNTEER,
        declaration_signed_on=None,
        declaration_renew_on=None,
    )
    assert User.objects.get(pk=person.pk).has_confidentiality is False


@pytest.mark.parametrize(
    ("role", "flag", "expected"),
    [
        (Role.VRIJWILLIGER, False, False),
        (Role.VRIJWILLIGER, True, True),
        (Role.MEDEWERKER, False, True),
        (Role.GEMEENTE, True, False),
    ],
)
def test_without_a_profile_the_role_and_legacy_flag_decide(db, role, flag, expected):
    user = User(username="x", role=role, confidentiality_signed=flag)
    assert staff_has_confidentiality(user=user) is expected


def test_renewal_reminder_from_30_days_before(user_named):
    profile = StaffProfile(
        user=user_named("vrijwilliger.aanzee"),
        kind=StaffProfile.Kind.VOLUNTEER,
        declaration_signed_on=date(2024, 1, 1),
        declaration_renew_on=date(2026, 1, 31),
    )
    assert profile.renewal_due(today=date(2026, 1, 1)) is True
    assert profile.renewal_due(today=date(2025, 12, 31)) is False
    assert profile.covers_confidentiality is True  # a reminder, not an expiry (ADR 0030)
