"""Reads for the staff app, always through the caller's scope (``current_policy`` takes a library id
because the guidance engine and the sign-out middleware ask on behalf of a library, not a person)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from baken.core import selectors as core_selectors
from baken.core.models import AuditEvent, User
from baken.core.roles import LIBRARY_ROLES, Role
from baken.core.scope import Scope

from .actions import in_catalogue_order
from .models import (
    BREACH_DECISION_HOURS,
    BreachAction,
    BreachIncident,
    PolicyVersion,
    StaffProfile,
    Training,
    WeeklyCase,
)

# --------------------------------------------------------------------------------------------------
# Confidentiality (seed 001, "Geheimhoudingsverklaring")


def staff_has_confidentiality(*, user: User) -> bool:
    """True when the person may read letters and look along in a 'mijn omgeving' as far as
    confidentiality goes: paid staff under the CAO clause, or a volunteer with a signed declaration.

    The staff register decides when the person has a profile; without one the role decides (paid
    library roles are covered, a volunteer only with the ``confidentiality_signed`` flag).
    """
    if user.role not in LIBRARY_ROLES:
        return False
    try:
        profile = user.staff_profile
    except StaffProfile.DoesNotExist:
        return user.role != Role.VRIJWILLIGER or bool(user.confidentiality_signed)
    return profile.covers_confidentiality


def staff_member_list(*, scope: Scope) -> QuerySet[User]:
    """Active desk and privacy staff of the own library, with profile and trainings."""
    return (
        User.objects.filter(library_id=scope.require_library(), is_active=True, role__in=LIBRARY_ROLES)
        .select_related("staff_profile")
        .prefetch_related(Prefetch("trainings", queryset=Training.objects.order_by("-completed_on", "-id")))
        .order_by("last_name", "first_name", "username")
    )


def staff_member_get(*, scope: Scope, user_id: int) -> User:
    """One staff member of the own library; raises User.DoesNotExist for anyone else."""
    return staff_member_list(scope=scope).get(pk=user_id)


def profile_for(*, user: User) -> StaffProfile | None:
    try:
        return user.staff_profile
    except StaffProfile.DoesNotExist:
        return None


# --------------------------------------------------------------------------------------------------
# Library policy


@dataclass(frozen=True)
class PolicySnapshot:
    """The library's policy as the guidance engine and the pages read it. Baseline when never set."""

    forbidden_actions: frozenset[str]
    written_consent_actions: frozenset[str]
    retention_consent_days: int
    retention_referral_hours: int
    inactivity_timeout_minutes: int
    note: str = ""
    version_id: int | None = None
    created_at: datetime | None = None
    created_by_username: str = ""

    # The names the guidance engine's ``Policy(forbidden=..., written_consent_required=...)`` uses.
    @property
    def forbidden(self) -> frozenset[str]:
        return self.forbidden_actions

    @property
    def written_consent_required(self) -> frozenset[str]:
        return self.written_consent_actions

    @property
    def is_baseline(self) -> bool:
        return self.version_id is None


# The guideline's baseline: nothing forbidden beyond the guideline itself, written consent only where
# the guideline asks it (the engine knows those cases). Retention periods are Baken's defaults (ADR 0031).
BASELINE_POLICY = PolicySnapshot(
    forbidden_actions=frozenset(),
    written_consent_actions=frozenset(),
    retention_consent_days=365,
    retention_referral_hours=24,
    inactivity_timeout_minutes=15,
)


def snapshot_of(version: PolicyVersion) -> PolicySnapshot:
    return PolicySnapshot(
        forbidden_actions=frozenset(version.forbidden_actions),
        written_consent_actions=frozenset(version.written_consent_actions),
        retention_consent_days=version.retention_consent_days,
        retention_referral_hours=version.retention_referral_hours,
        inactivity_timeout_minutes=version.inactivity_timeout_minutes,
        note=version.note,
        version_id=version.pk,
        created_at=version.created_at,
        created_by_username=version.created_by_username,
    )


def current_policy(*, library_id: int) -> PolicySnapshot:
    """The newest policy version of the library, read fresh each time so a change counts at once."""
    version = PolicyVersion.objects.filter(library_id=library_id).order_by("-created_at", "-id").first()
    return BASELINE_POLICY if version is None else snapshot_of(version)


def policy_version_list(*, scope: Scope) -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.filter(library_id=scope.require_library()).order_by("-created_at", "-id")


# --------------------------------------------------------------------------------------------------
# Data-breach register


def breach_incident_list(*, scope: Scope) -> QuerySet[BreachIncident]:
    return BreachIncident.objects.filter(library_id=scope.require_library()).order_by(
        "decided_at", "-discovered_at", "-id"
    )


def breach_incident_get(*, scope: Scope, incident_id: int) -> BreachIncident:
    """One incident of the own library with its actions; raises BreachIncident.DoesNotExist otherwise."""
    return (
        breach_incident_list(scope=scope)
        .prefetch_related(Prefetch("actions", queryset=BreachAction.objects.order_by("at", "id")))
        .get(pk=incident_id)
    )


def breach_overdue_list(*, scope: Scope, now: datetime | None = None) -> QuerySet[BreachIncident]:
    """Undecided incidents discovered more than 72 hours ago: the deadline for notifying the AP passed."""
    cutoff = (now or timezone.now()) - timedelta(hours=BREACH_DECISION_HOURS)
    return breach_incident_list(scope=scope).filter(decided_at__isnull=True, discovered_at__lt=cutoff)


# --------------------------------------------------------------------------------------------------
# Audit log viewer


def audit_event_search(
    *,
    scope: Scope,
    actor_username: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """The own library's audit events filtered by who, what and a date range (both days included)."""
    events = core_selectors.audit_event_list(scope=scope)
    if actor_username:
        events = events.filter(actor_username=actor_username)
    if action:
        events = events.filter(action=action)
    zone = timezone.get_current_timezone()
    if date_from is not None:
        events = events.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to is not None:
        events = events.filter(at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone))
    return events.order_by("-at", "-id")


def audit_actor_names(*, scope: Scope) -> list[str]:
    """Account names that occur in the own library's log, for the "who" filter."""
    names = (
        core_selectors.audit_event_list(scope=scope)
        .exclude(actor_username="")
        .order_by("actor_username")
        .values_list("actor_username", flat=True)
        .distinct()
    )
    return list(names)


# --------------------------------------------------------------------------------------------------
# Casus van de week


def weekly_case_list(*, scope: Scope) -> QuerySet[WeeklyCase]:
    return WeeklyCase.objects.filter(library_id=scope.require_library()).order_by("-created_at", "-id")


def weekly_case_latest(*, scope: Scope) -> WeeklyCase | None:
    return weekly_case_list(scope=scope).first()


# --------------------------------------------------------------------------------------------------
# Policy history: what changed in each version compared to the one before


@dataclass(frozen=True)
class PolicyChange:
    version: PolicyVersion
    forbidden_added: list[str]
    forbidden_removed: list[str]
    consent_added: list[str]
    consent_removed: list[str]
    numbers_changed: list[str]  # field names whose value changed
    is_first: bool


NUMBER_FIELDS = ("retention_consent_days", "retention_referral_hours", "inactivity_timeout_minutes")


def policy_history_entries(versions: list[PolicyVersion]) -> list[PolicyChange]:
    """``versions`` newest first (as ``policy_version_list`` gives them); each compared to its predecessor."""
    entries = []
    for index, version in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else None
        before = snapshot_of(previous) if previous is not None else BASELINE_POLICY
        after = snapshot_of(version)
        entries.append(
            PolicyChange(
                version=version,
                forbidden_added=in_catalogue_order(after.forbidden_actions - before.forbidden_actions),
                forbidden_removed=in_catalogue_order(before.forbidden_actions - after.forbidden_actions),
                consent_added=in_catalogue_order(
                    after.written_consent_actions - before.written_consent_actions
                ),
                consent_removed=in_catalogue_order(
                    before.written_consent_actions - after.written_consent_actions
                ),
                numbers_changed=[f for f in NUMBER_FIELDS if getattr(after, f) != getattr(before, f)],
                is_first=previous is None,
            )
        )
    return entries
