"""Writes of registrations: register, correct and delete contacts and tallies, manage local topics.

Every write appends a ``ContactRevision`` (snapshot of codes). Callers pass validated data (forms);
the services still refuse a branch or local topic of another library, so a tampered id can never
store anything.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.core.models import AuditEvent, Branch, User
from baken.core.roles import COORDINATOR_ROLES
from baken.core.scope import Level, Scope
from baken.core.services import audit_log
from baken.core.taxonomy import (
    DEFAULT_ORGANISATION_BY_TOPIC,
    DOMAIN_BY_TOPIC,
    Help,
    Outcome,
    bestuurslaag_for,
)
from baken.directory.selectors import visible_services

from .models import (
    Contact,
    ContactRevision,
    LocalTopic,
    Question,
    QuestionHelp,
    Source,
    TallyLine,
    TallySheet,
)

CORRECTION_WINDOW = timedelta(minutes=30)


@dataclass(frozen=True)
class QuestionData:
    topic: str
    helps: tuple[str, ...]
    local_topic: LocalTopic | None = None
    domain: str = ""
    organisation: str = ""
    bestuurslaag: str = ""
    course_suggested: bool = False
    referral_service_id: int | None = None


@dataclass(frozen=True)
class ContactData:
    branch: Branch
    date: date
    hour: int | None
    channel: str
    duration: str
    outcome: str
    questions: tuple[QuestionData, ...]
    target_groups: tuple[str, ...] = ()
    remark: str = ""


@dataclass(frozen=True)
class TallyLineData:
    topic: str
    help: str
    count: int


@dataclass(frozen=True)
class TallyData:
    branch: Branch
    date: date
    channel: str
    lines: tuple[TallyLineData, ...] = field(default_factory=tuple)


class IdempotencyConflict(Exception):
    """The key belongs to a record of another library or another kind: a tampered form."""


def _check_tenancy(*, actor: User, data: ContactData) -> None:
    if actor.library_id is None or data.branch.library_id != actor.library_id:
        raise ValidationError(_("Choose one of your library's branches."))
    for question in data.questions:
        local = question.local_topic
        if local is not None and (
            local.library_id != actor.library_id or local.national_topic != question.topic
        ):
            raise ValidationError(_("Choose one of your library's sub-topics."))
    if not data.questions:
        raise ValidationError(_("Register at least one question."))
    _check_referral_services(actor=actor, data=data)


def _check_referral_services(*, actor: User, data: ContactData) -> None:
    """A referral may only name a service the library sees on its kaart (one query, only when named)."""
    wanted = {q.referral_service_id for q in data.questions if q.referral_service_id is not None}
    if not wanted:
        return
    scope = Scope(Level.LIBRARY, library_id=actor.library_id)
    if visible_services(scope=scope).filter(pk__in=wanted).count() != len(wanted):
        raise ValidationError(_("Choose a partner from your library's sociaal-educatieve kaart."))


def _derived(question: QuestionData) -> dict[str, Any]:
    """Fill what the desk may leave out: domain from the topic, organisation and level of government."""
    organisation = question.organisation or DEFAULT_ORGANISATION_BY_TOPIC.get(question.topic, "")
    return {
        "topic": question.topic,
        "local_topic": question.local_topic,
        "domain": question.domain or DOMAIN_BY_TOPIC.get(question.topic, "overig"),
        "organisation": organisation,
        "bestuurslaag": question.bestuurslaag or (bestuurslaag_for(organisation) or ""),
        "course_suggested": question.course_suggested or Help.CURSUS in question.helps,
        "referral_service_id": question.referral_service_id,
    }


def _create_questions(contact: Contact, questions: tuple[QuestionData, ...]) -> list[dict[str, Any]]:
    """Insert the questions and their helps; returns their snapshot (codes) without reading them back."""
    rows = [
        Question(
            contact=contact,
            library_id=contact.library_id,
            branch_id=contact.branch_id,
            date=contact.date,
            position=position,
            **_derived(question),
        )
        for position, question in enumerate(questions, start=1)
    ]
    Question.objects.bulk_create(rows)
    if rows[0].pk is None:  # backends without RETURNING on bulk insert
        rows = list(contact.questions.order_by("position"))
    QuestionHelp.objects.bulk_create(
        QuestionHelp(
            question=row,
            library_id=contact.library_id,
            branch_id=contact.branch_id,
            date=contact.date,
            topic=row.topic,
            help=help_code,
        )
        for row, question in zip(rows, questions, strict=True)
        for help_code in dict.fromkeys(question.helps)
    )
    return [
        {
            "topic": row.topic,
            "local_topic": row.local_topic_id,
            "domain": row.domain,
            "organisation": row.organisation,
            "bestuurslaag": row.bestuurslaag,
            "course_suggested": row.course_suggested,
            "referral_service": row.referral_service_id,
            "helps": list(dict.fromkeys(question.helps)),
        }
        for row, question in zip(rows, questions, strict=True)
    ]


def snapshot(contact: Contact, questions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Codes only: what a contact looked like after a change (for the history)."""
    if questions is None:
        questions = [
            {
                "topic": q.topic,
                "local_topic": q.local_topic_id,
                "domain": q.domain,
                "organisation": q.organisation,
                "bestuurslaag": q.bestuurslaag,
                "course_suggested": q.course_suggested,
                "referral_service": q.referral_service_id,
                "helps": [h.help for h in q.helps.all()],
            }
            for q in contact.questions.order_by("position").prefetch_related("helps")
        ]
    return {
        "branch": contact.branch_id,
        "date": contact.date.isoformat(),
        "hour": contact.hour,
        "channel": contact.channel,
        "duration": contact.duration,
        "outcome": contact.outcome,
        "target_groups": list(contact.target_groups),
        "remark": contact.remark,
        "deleted": contact.is_deleted,
        "questions": questions,
    }


def _revision(*, contact: Contact, actor: User, action: str, questions: list[dict[str, Any]]) -> None:
    ContactRevision.objects.create(
        library_id=contact.library_id,
        contact=contact,
        actor=actor,
        action=action,
        snapshot=snapshot(contact, questions),
    )


def _existing(*, model: type[Contact] | type[TallySheet], key: uuid.UUID, actor: User) -> Any:
    found = model.objects.filter(idempotency_key=key).first()
    if found is not None and found.library_id != actor.library_id:
        raise IdempotencyConflict
    return found


def contact_register(*, actor: User, data: ContactData, idempotency_key: uuid.UUID) -> tuple[Contact, bool]:
    """Store one contact with its questions, exactly once per key: a resubmit returns the stored one."""
    _check_tenancy(actor=actor, data=data)
    # No look-up first: the unique key makes a resubmit fail the insert, and then we fetch the stored one.
    try:
        with transaction.atomic():
            contact = Contact.objects.create(
                library_id=data.branch.library_id,
                branch=data.branch,
                date=data.date,
                hour=data.hour,
                channel=data.channel,
                duration=data.duration,
                outcome=data.outcome,
                target_groups=sorted(set(data.target_groups)),
                remark=data.remark,
                source=Source.DESK,
                idempotency_key=idempotency_key,
                created_by=actor,
            )
            questions = _create_questions(contact, data.questions)
            _revision(contact=contact, actor=actor, action=ContactRevision.Action.CREATE, questions=questions)
    except IntegrityError:
        # A resubmit (double click, back button, retried request): the first one was stored.
        existing = _existing(model=Contact, key=idempotency_key, actor=actor)
        if existing is None:
            raise
        return existing, False
    return contact, True


def can_correct(*, user: User, contact: Contact, now: datetime | None = None) -> bool:
    """The registering staff member for 30 minutes; the library's coordinator always."""
    if user.library_id != contact.library_id or contact.is_deleted:
        return False
    if user.role in COORDINATOR_ROLES:
        return True
    now = now or timezone.now()
    return contact.created_by_id == user.pk and now - contact.created_at <= CORRECTION_WINDOW


def _require_correction(*, actor: User, contact: Contact) -> None:
    if not can_correct(user=actor, contact=contact):
        raise PermissionDenied


def contact_update(*, actor: User, contact: Contact, data: ContactData) -> Contact:
    """Correct a desk contact: its questions are replaced; the history keeps what was there before."""
    _require_correction(actor=actor, contact=contact)
    _check_tenancy(actor=actor, data=data)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        contact.branch = data.branch
        contact.date = data.date
        contact.hour = data.hour
        contact.channel = data.channel
        contact.duration = data.duration
        contact.outcome = data.outcome
        contact.target_groups = sorted(set(data.target_groups))
        contact.remark = data.remark
        contact.save()
        contact.questions.all().delete()
        questions = _create_questions(contact, data.questions)
        _revision(contact=contact, actor=actor, action=ContactRevision.Action.UPDATE, questions=questions)
    audit_log(actor=actor, action=AuditEvent.Action.UPDATE, target=f"contact:{contact.pk}")
    return contact


def contact_delete(*, actor: User, contact: Contact) -> None:
    """Soft-delete: the contact row and its history stay, its questions leave every figure."""
    _require_correction(actor=actor, contact=contact)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        contact.is_deleted = True
        contact.save(update_fields=["is_deleted"])
        # The snapshot keeps the questions; take it before they go.
        data = snapshot(contact)
        contact.questions.all().delete()
        ContactRevision.objects.create(
            library_id=contact.library_id,
            contact=contact,
            actor=actor,
            action=ContactRevision.Action.DELETE,
            snapshot=data,
        )
    audit_log(actor=actor, action=AuditEvent.Action.DELETE, target=f"contact:{contact.pk}")


def outcome_for_help(help_code: str) -> str:
    if help_code == Help.NIET_GEHOLPEN:
        return Outcome.NIET_GEHOLPEN
    if help_code in (Help.KOUD_DOORVERWEZEN, Help.WARM_DOORVERWEZEN):
        return Outcome.DOORVERWEZEN
    return Outcome.GEHOLPEN


def _tally_snapshot(sheet: TallySheet) -> dict[str, Any]:
    return {
        "branch": sheet.branch_id,
        "date": sheet.date.isoformat(),
        "channel": sheet.channel,
        "deleted": sheet.is_deleted,
        "lines": [
            {"topic": line.topic, "help": line.help, "count": line.count} for line in sheet.lines.all()
        ],
    }


def tally_register(*, actor: User, data: TallyData, idempotency_key: uuid.UUID) -> tuple[TallySheet, bool]:
    """Store a tally as one contact with one question per count, so figures add up by construction."""
    if actor.library_id is None or data.branch.library_id != actor.library_id:
        raise ValidationError(_("Choose one of your library's branches."))
    if not data.lines:
        raise ValidationError(_("Enter at least one count."))
    existing = _existing(model=TallySheet, key=idempotency_key, actor=actor)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            sheet = TallySheet.objects.create(
                library_id=actor.library_id,
                branch=data.branch,
                date=data.date,
                channel=data.channel,
                idempotency_key=idempotency_key,
                created_by=actor,
            )
            TallyLine.objects.bulk_create(
                TallyLine(sheet=sheet, topic=line.topic, help=line.help, count=line.count)
                for line in data.lines
            )
            _tally_contacts(sheet=sheet, actor=actor, lines=data.lines)
            ContactRevision.objects.create(
                library_id=sheet.library_id,
                tally_sheet=sheet,
                actor=actor,
                action=ContactRevision.Action.CREATE,
                snapshot=_tally_snapshot(sheet),
            )
    except IntegrityError:
        existing = _existing(model=TallySheet, key=idempotency_key, actor=actor)
        if existing is None:
            raise
        return existing, False
    return sheet, True


def _tally_contacts(*, sheet: TallySheet, actor: User, lines: tuple[TallyLineData, ...]) -> None:
    """Each tallied question becomes a contact of one question with one help, without hour or duration."""
    contacts = [
        Contact(
            library_id=sheet.library_id,
            branch_id=sheet.branch_id,
            date=sheet.date,
            hour=None,
            channel=sheet.channel,
            duration="",
            outcome=outcome_for_help(line.help),
            source=Source.TALLY,
            tally_sheet=sheet,
            idempotency_key=uuid.uuid4(),
            created_by=actor,
        )
        for line in lines
        for _n in range(line.count)
    ]
    Contact.objects.bulk_create(contacts)
    if contacts and contacts[0].pk is None:
        contacts = list(sheet.contacts.order_by("id"))
    questions = []
    helps = []
    flat_lines = [line for line in lines for _n in range(line.count)]
    for contact, line in zip(contacts, flat_lines, strict=True):
        questions.append(
            Question(
                contact=contact,
                library_id=sheet.library_id,
                branch_id=sheet.branch_id,
                date=sheet.date,
                **_derived(QuestionData(topic=line.topic, helps=(line.help,))),
            )
        )
    Question.objects.bulk_create(questions)
    if questions and questions[0].pk is None:
        questions = list(Question.objects.filter(contact__tally_sheet=sheet).order_by("contact_id"))
    for question, line in zip(questions, flat_lines, strict=True):
        helps.append(
            QuestionHelp(
                question=question,
                library_id=sheet.library_id,
                branch_id=sheet.branch_id,
                date=sheet.date,
                topic=line.topic,
                help=line.help,
            )
        )
    QuestionHelp.objects.bulk_create(helps)


def can_correct_tally(*, user: User, sheet: TallySheet, now: datetime | None = None) -> bool:
    if user.library_id != sheet.library_id or sheet.is_deleted:
        return False
    if user.role in COORDINATOR_ROLES:
        return True
    now = now or timezone.now()
    return sheet.created_by_id == user.pk and now - sheet.created_at <= CORRECTION_WINDOW


def tally_delete(*, actor: User, sheet: TallySheet) -> None:
    if not can_correct_tally(user=actor, sheet=sheet):
        raise PermissionDenied
    with transaction.atomic():
        sheet = TallySheet.objects.select_for_update().get(pk=sheet.pk)
        sheet.is_deleted = True
        sheet.save(update_fields=["is_deleted"])
        Question.objects.filter(contact__tally_sheet=sheet).delete()
        sheet.contacts.update(is_deleted=True)
        ContactRevision.objects.create(
            library_id=sheet.library_id,
            tally_sheet=sheet,
            actor=actor,
            action=ContactRevision.Action.DELETE,
            snapshot=_tally_snapshot(sheet),
        )
    audit_log(actor=actor, action=AuditEvent.Action.DELETE, target=f"tally:{sheet.pk}")


def local_topic_save(*, actor: User, topic: LocalTopic) -> LocalTopic:
    """Create or change a local sub-topic of the actor's library."""
    if actor.library_id is None:
        raise PermissionDenied
    created = topic.pk is None
    topic.library_id = actor.library_id
    topic.full_clean()
    topic.save()
    audit_log(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        target=f"local_topic:{topic.pk}",
    )
    return topic
