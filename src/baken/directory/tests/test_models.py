"""The directory's model rules: recurrence, referral methods, freshness and who sees what."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from baken.core.models import Library
from baken.core.scope import Level, Scope
from baken.directory import selectors
from baken.directory.models import Location, Organization, Schedule, Service

pytestmark = pytest.mark.django_db


def _scope(slug: str) -> Scope:
    return Scope(Level.LIBRARY, library_id=Library.objects.get(slug=slug).pk)


def _schedule(**kwargs: object) -> Schedule:
    fields = {"byday": "TU", "opens_at": time(10), "closes_at": time(12), **kwargs}
    return Schedule(**fields)


def test_weekly_schedule_knows_when_it_is_open() -> None:
    schedule = _schedule(byday="MO,WE")
    assert schedule.rrule_text == "FREQ=WEEKLY;BYDAY=MO,WE"
    assert schedule.is_open_at(datetime(2026, 12, 7, 10, 30))  # a Monday
    assert not schedule.is_open_at(datetime(2026, 12, 7, 12, 0))  # closes at twelve
    assert not schedule.is_open_at(datetime(2026, 12, 8, 10, 30))  # a Tuesday
    assert schedule.next_opening(datetime(2026, 12, 7, 12, 0)) == (
        datetime(2026, 12, 9, 10, 0),
        datetime(2026, 12, 9, 12, 0),
    )


def test_monthly_schedule_on_the_first_tuesday() -> None:
    schedule = _schedule(freq=Schedule.Freq.MONTHLY, byday="1TU")
    opens, _ = schedule.next_opening(datetime(2026, 12, 2, 9, 0)) or (None, None)
    assert opens == datetime(2027, 1, 5, 10, 0)


def test_every_other_week_stays_on_the_same_weeks() -> None:
    schedule = _schedule(byday="TH", interval=2)
    first = schedule.occurrences(start=date(2026, 12, 1), end=date(2026, 12, 31))
    later = schedule.occurrences(start=date(2026, 12, 12), end=date(2026, 12, 31))
    assert [opens.day for opens, _ in first] == [3, 17, 31]
    assert later == [when for when in first if when[0].date() >= date(2026, 12, 12)]


def test_schedule_valid_to_ends_the_rule() -> None:
    schedule = _schedule(byday="TU", valid_from=date(2026, 12, 1), valid_to=date(2026, 12, 15))
    assert "UNTIL=20261215T235959" in schedule.rrule_text
    assert len(schedule.occurrences(start=date(2026, 12, 1), end=date(2027, 2, 1))) == 3


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"byday": "1TU"}, "byday"),  # a weekly rule takes plain days
        ({"byday": "maandag"}, "byday"),
        ({"opens_at": time(12), "closes_at": time(10)}, "closes_at"),
    ],
)
def test_schedule_refuses_nonsense(fields: dict[str, object], field: str) -> None:
    schedule = _schedule(**fields)
    with pytest.raises(ValidationError) as caught:
        schedule.full_clean(exclude=["service_at_location", "location"])
    assert field in caught.value.message_dict


def test_referral_methods_follow_the_filled_fields(demo: None) -> None:
    service = Service.objects.get(name="Formulierenbrigade Zeestad")
    assert service.referral_methods == ["telefoon", "email", "binnenlopen"]
    service.referral_phone = ""
    service.appointment_url = "https://afspraak.example/"
    assert service.referral_methods == ["email", "afsprakensysteem", "binnenlopen"]


def test_a_service_goes_stale_after_six_months(demo: None) -> None:
    service = Service.objects.get(name="Ouderenadvies Zeestad")
    service.last_verified_on = date(2026, 6, 3)
    assert not service.is_stale(date(2026, 12, 1))
    assert service.is_stale(date(2026, 12, 4))
    stale = selectors.stale_services(scope=_scope("aanzee"), today=date.today())
    assert "Ouderenadvies Zeestad" in {s.name for s in stale}


def test_shared_partner_is_seen_but_not_editable_by_the_region(demo: None) -> None:
    rivierenland = _scope("rivierenland")
    shared = Organization.objects.get(name="Het Juridisch Loket Kust en Rivier")
    assert shared in selectors.visible_organizations(scope=rivierenland)
    assert shared not in selectors.editable_organizations(scope=rivierenland)
    seen = {s.name for s in selectors.visible_services(scope=rivierenland)}
    assert "Juridisch advies" in seen
    assert "Formulierenbrigade Zeestad" not in seen
    assert not selectors.editable_services(scope=rivierenland).filter(name="Juridisch advies").exists()


def test_own_services_under_a_shared_partner_are_seen_by_the_owner_of_the_partner(demo: None) -> None:
    shared = Organization.objects.get(name="Het Juridisch Loket Kust en Rivier")
    rivierenland = Library.objects.get(slug="rivierenland")
    own = Service.objects.create(
        library=rivierenland,
        organization=shared,
        name="Spreekuur in Dijkdorp",
        description="Juridisch spreekuur",
        last_verified_on=date.today(),
    )
    assert own in selectors.editable_services(scope=_scope("rivierenland"))
    assert own in selectors.visible_services(scope=_scope("aanzee"))
    assert own not in selectors.editable_services(scope=_scope("aanzee"))


@pytest.mark.parametrize("level", [Level.GEMEENTE, Level.NATIONAL, Level.SYSTEM, Level.NONE])
def test_only_library_scopes_read_records(level: Level) -> None:
    with pytest.raises(PermissionDenied):
        selectors.visible_services(scope=Scope(level))


def test_a_location_in_a_branch_must_be_a_branch_of_the_owner(demo: None) -> None:
    location = Location.objects.filter(branch__isnull=False, library__slug="aanzee").first()
    assert location is not None
    location.library = Library.objects.get(slug="rivierenland")
    with pytest.raises(ValidationError) as caught:
        location.full_clean()
    assert "branch" in caught.value.message_dict


def test_demo_is_idempotent(demo: None) -> None:
    from baken.directory.demo import load_directory

    before = (Service.objects.count(), Schedule.objects.count(), Location.objects.count())
    load_directory()
    assert (Service.objects.count(), Schedule.objects.count(), Location.objects.count()) == before
