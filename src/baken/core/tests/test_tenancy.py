import pytest
from django.core.exceptions import PermissionDenied

from baken.core import selectors
from baken.core.models import AuditEvent, Branch, User
from baken.core.scope import Level, Scope


def scope_of(username: str) -> Scope:
    return Scope.for_user(User.objects.get(username=username))


def test_library_scope_sees_only_own_branches(demo):
    names = set(
        selectors.branch_list(scope=scope_of("medewerker.aanzee")).values_list("library__slug", flat=True)
    )
    assert names == {"aanzee"}
    names = set(
        selectors.branch_list(scope=scope_of("medewerker.rivierenland")).values_list(
            "library__slug", flat=True
        )
    )
    assert names == {"rivierenland"}


def test_gemeente_scope_sees_branches_in_its_territory_across_libraries(demo):
    branches = selectors.branch_list(scope=scope_of("gemeente.zeestad"))
    assert {b.gemeente.slug for b in branches} == {"zeestad"}


def test_national_scope_sees_all_branches(demo):
    assert selectors.branch_list(scope=scope_of("landelijk")).count() == Branch.objects.count()


def test_above_library_level_record_selectors_refuse(demo):
    for username in ("gemeente.zeestad", "landelijk", "beheerder"):
        with pytest.raises(PermissionDenied):
            selectors.staff_list(scope=scope_of(username))
        with pytest.raises(PermissionDenied):
            selectors.audit_event_list(scope=scope_of(username))


def test_branch_get_refuses_other_library(demo):
    other = Branch.objects.get(slug="dijkdorp")
    with pytest.raises(Branch.DoesNotExist):
        selectors.branch_get(scope=scope_of("medewerker.aanzee"), branch_id=other.pk)


def test_anonymous_scope_sees_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    scope = Scope.for_user(AnonymousUser())
    assert scope.level == Level.NONE
    assert selectors.branch_list(scope=scope).count() == 0


def test_desk_and_overview_show_nothing_of_the_other_library(client_for):
    desk = client_for("medewerker.rivierenland").get("/balie/").content.decode()
    assert "Dijkdorp" in desk and "Zeestad" not in desk and "Duinwijk" not in desk
    overview = client_for("coordinator.aanzee").get("/coordinatie/").content.decode()
    assert "medewerker.rivierenland" not in overview and "Romy" not in overview
    assert "Mirjam" in overview


def test_privacy_audit_view_shows_only_own_library(client_for):
    client_for("medewerker.rivierenland").get("/coordinatie/")  # a denial inside Rivierenland
    AuditEvent.objects.create(
        actor_username="medewerker.aanzee",
        action="login",
        library_id=User.objects.get(username="medewerker.aanzee").library_id,
    )
    body = client_for("privacy.aanzee").get("/privacy/").content.decode()
    assert "medewerker.aanzee" in body
    assert "medewerker.rivierenland" not in body
