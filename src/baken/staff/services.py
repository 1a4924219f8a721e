"""Writes for the staff app. Every write is audit-logged with codes and ids only."""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from baken.core.models import AuditEvent, Library, User
from baken.core.roles import Role
from baken.core.services import audit_log

from .actions import ACTION_CODES, in_catalogue_order
from .models import BreachAction, BreachIncident, PolicyVersion, StaffProfile, Training, WeeklyCase

logger = logging.getLogger(__name__)


class AlreadyDecided(Exception):
    """The decision on a breach is taken once; later steps go in as actions."""


# --------------------------------------------------------------------------------------------------
# Staff register


def default_kind_for(user: User) -> str:
    return StaffProfile.Kind.VOLUNTEER if user.role == Role.VRIJWILLIGER else StaffProfile.Kind.PAID


def staff_profile_save(
    *,
    actor: User | None,
    user: User,
    kind: str,
    declaration_signed_on: date | None,
    declaration_renew_on: date | None,
    declaration_scan: UploadedFile | None = None,
    remove_scan: bool = False,
) -> StaffProfile:
    """Create or update the person's profile and keep ``User.confidentiality_signed`` in step with it."""
    with transaction.atomic():
        profile, _created = StaffProfile.objects.select_for_update().get_or_create(
            user=user, defaults={"kind": kind}
        )
        old_scan = profile.declaration_scan.name if profile.declaration_scan else ""
        profile.kind = kind
        profile.declaration_signed_on = declaration_signed_on
        profile.declaration_renew_on = declaration_renew_on
        if declaration_scan is not None:
            profile.declaration_scan = declaration_scan
        elif remove_scan:
            profile.declaration_scan = ""
        profile.save()
        user.confidentiality_signed = profile.covers_confidentiality
        user.save(update_fields=["confidentiality_signed"])
        audit_log(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=f"staff.profile:{user.pk}",
            detail={
                "kind": kind,
                "declaration_signed": declaration_signed_on is not None,
                "scan": bool(profile.declaration_scan),
            },
            library_id=user.library_id,
        )
    if old_scan and old_scan != (profile.declaration_scan.name if profile.declaration_scan else ""):
        # A replaced or removed scan is staff personal data that is no longer needed.
        profile.declaration_scan.storage.delete(old_scan)
    return profile


def training_create(
    *, actor: User | None, user: User, kind: str, completed_on: date, note: str = ""
) -> Training:
    training = Training.objects.create(user=user, kind=kind, completed_on=completed_on, note=note)
    audit_log(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=f"staff.training:{training.pk}",
        detail={"user": user.pk, "kind": kind},
        library_id=user.library_id,
    )
    return training


def training_delete(*, actor: User | None, training: Training) -> None:
    training_id, user = training.pk, training.user
    training.delete()
    audit_log(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        target=f"staff.training:{training_id}",
        detail={"user": user.pk},
        library_id=user.library_id,
    )


# --------------------------------------------------------------------------------------------------
# Library policy


def policy_version_create(
    *,
    actor: User | None,
    library: Library,
    forbidden_actions: list[str] | frozenset[str],
    written_consent_actions: list[str] | frozenset[str],
    retention_consent_days: int,
    retention_referral_hours: int,
    inactivity_timeout_minutes: int,
    note: str = "",
) -> PolicyVersion:
    """Append a new policy version; it is the library's policy from this moment on.

    Also sets ``Library.inactivity_timeout_minutes``, which the sign-out middleware reads on every request.
    """
    unknown = (set(forbidden_actions) | set(written_consent_actions)) - ACTION_CODES
    if unknown:
        raise ValueError(f"Unknown action codes: {sorted(unknown)}")
    with transaction.atomic():
        version = PolicyVersion.objects.create(
            library=library,
            created_by=actor,
            created_by_username=actor.get_username() if actor is not None else "",
            forbidden_actions=in_catalogue_order(set(forbidden_actions)),
            written_consent_actions=in_catalogue_order(set(written_consent_actions)),
            retention_consent_days=retention_consent_days,
            retention_referral_hours=retention_referral_hours,
            inactivity_timeout_minutes=inactivity_timeout_minutes,
            note=note,
        )
        Library.objects.filter(pk=library.pk).update(inactivity_timeout_minutes=inactivity_timeout_minutes)
        library.inactivity_timeout_minutes = inactivity_timeout_minutes
        audit_log(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=f"staff.policy:{version.pk}",
            detail={
                "forbidden": version.forbidden_actions,
                "written_consent": version.written_consent_actions,
                "retention_consent_days": retention_consent_days,
                "retention_referral_hours": retention_referral_hours,
                "inactivity_timeout_minutes": inactivity_timeout_minutes,
            },
            library_id=library.pk,
        )
    return version


# --------------------------------------------------------------------------------------------------
# Data-breach register (protocol datalekken)


def privacy_coordinators_of(*, library_id: int) -> list[User]:
    return list(
        User.objects.filter(library_id=library_id, role=Role.PRIVACY, is_active=True)
        .exclude(email="")
        .order_by("username")
    )


def breach_incident_report(
    *,
    actor: User,
    summary: str,
    discovered_at: datetime,
    severity: str,
    incident_url: str = "",
    notify: bool = True,
) -> BreachIncident:
    """Record an incident for the reporter's library and e-mail that library's privacy coordinators.

    ``incident_url`` builds the link in the e-mail; it gets ``{id}`` filled in. The e-mail names no
    details of the incident, only that there is one and where to read it (mail leaves Baken).
    """
    library_id = actor.library_id
    if library_id is None:
        raise ValueError("Only library staff report incidents.")
    incident = BreachIncident.objects.create(
        library_id=library_id,
        reported_by=actor,
        reported_by_username=actor.get_username(),
        reported_at=timezone.now(),
        discovered_at=discovered_at,
        summary=summary,
        severity=severity,
    )
    audit_log(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=f"staff.breach:{incident.pk}",
        detail={"severity": severity},
        library_id=library_id,
    )
    if notify:
        _mail_privacy_coordinators(incident=incident, url=incident_url.replace("{id}", str(incident.pk)))
    return incident


def _mail_privacy_coordinators(*, incident: BreachIncident, url: str) -> int:
    recipients = privacy_coordinators_of(library_id=incident.library_id)
    if not recipients:
        logger.warning(
            "Breach incident %s: library %s has no privacy coordinator with e-mail.",
            incident.pk,
            incident.library_id,
        )
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"incident": incident, "url": url, "library": incident.library}
        subject = render_to_string("staff/email/breach_subject.txt", context).strip()
        body = render_to_string("staff/email/breach_body.txt", context)
    try:
        sent = send_mail(subject, body, None, [user.email for user in recipients])
    except OSError:  # SMTP trouble must not lose the report: it is stored and on the list already
        logger.exception("Breach incident %s: e-mail to the privacy coordinator failed.", incident.pk)
        return 0
    audit_log(
        actor=None,
        action=AuditEvent.Action.SEND,
        target=f"staff.breach:{incident.pk}",
        detail={"mail_to_users": [user.pk for user in recipients]},
        library_id=incident.library_id,
    )
    return sent


def breach_decide(
    *, actor: User, incident: BreachIncident, notify_authority: bool, reason: str
) -> BreachIncident:
    """Record the decision whether to notify the Autoriteit Persoonsgegevens. Taken once."""
    with transaction.atomic():
        locked = BreachIncident.objects.select_for_update().get(pk=incident.pk)
        if locked.decided_at is not None:
            raise AlreadyDecided
        locked.notify_authority = notify_authority
        locked.decision_reason = reason
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.decided_by_username = actor.get_username()
        locked.save(
            update_fields=[
                "notify_authority",
                "decision_reason",
                "decided_at",
                "decided_by",
                "decided_by_username",
            ]
        )
        audit_log(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=f"staff.breach:{incident.pk}",
            detail={
                "decision": "notify" if notify_authority else "no_notify",
                "late": incident.is_overdue(now=locked.decided_at),
            },
            library_id=locked.library_id,
        )
    return locked


def breach_action_add(*, actor: User, incident: BreachIncident, text: str) -> BreachAction:
    action = BreachAction.objects.create(
        incident=incident, by=actor, by_username=actor.get_username(), text=text, at=timezone.now()
    )
    audit_log(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=f"staff.breach_action:{action.pk}",
        detail={"incident": incident.pk},
        library_id=incident.library_id,
    )
    return action


# --------------------------------------------------------------------------------------------------
# Casus van de week


def weekly_case_post(*, actor: User, title: str, body: str) -> WeeklyCase:
    if actor.library_id is None:
        raise ValueError("Only library staff post a case.")
    case = WeeklyCase.objects.create(
        library_id=actor.library_id,
        title=title,
        body=body,
        created_by=actor,
        created_by_username=actor.get_username(),
        created_at=timezone.now(),
    )
    audit_log(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=f"staff.case:{case.pk}",
        library_id=actor.library_id,
    )
    return case
