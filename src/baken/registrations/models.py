"""Anonymous contact registration (seed 001, "Registratie van de bezoekers"; docs/domain.md).

A ``Contact`` (one visit, call or e-mail) holds one or more ``Question`` rows; each question holds one
``QuestionHelp`` row per kind of help given. Nothing here identifies a visitor: codes, a date and an
hour block only (never a clock time of the contact), and one optional remark that the personal-data
guard has passed.

Figures are built on ``Question`` and ``QuestionHelp``: they carry the contact's library, branch and
date (denormalised) so a GROUP BY needs no join. A deleted contact keeps its row (flag) and history,
but its questions and helps are removed, so figures can never count it by accident.

A tally (turven) stores one ``Contact`` with one ``Question`` per counted question, linked to its
``TallySheet``: every figure therefore adds up with the single registrations by construction
(docs/adr/0010-tally-as-contacts.md).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from baken.core.models import Branch, Library
from baken.core.taxonomy import Bestuurslaag, Channel, Domain, Duration, Help, Organisation, Outcome, Topic

REMARK_MAX_LENGTH = 200


class LocalTopic(models.Model):
    """A library's own sub-topic, always mapped to one national topic so national figures stay comparable."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="local_topics")
    label = models.CharField(_("name"), max_length=80)
    national_topic = models.CharField(_("national topic"), max_length=32, choices=Topic.choices)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["label"]
        verbose_name = _("local sub-topic")
        verbose_name_plural = _("local sub-topics")
        constraints = [
            models.UniqueConstraint(fields=["library", "label"], name="localtopic_unique_label"),
        ]

    def __str__(self) -> str:
        return self.label


class Source(models.TextChoices):
    DESK = "desk", _("Registered at the desk")
    TALLY = "tally", _("Tally")


class TallySheet(models.Model):
    """One tally entry (turven) for a busy day or a consultation hour: counts per topic and help."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    idempotency_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_deleted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")

    def __str__(self) -> str:
        return f"{self.branch_id} {self.date}"


class TallyLine(models.Model):
    """One line of a tally sheet: ``count`` questions about ``topic`` that got ``help``."""

    sheet = models.ForeignKey(TallySheet, on_delete=models.CASCADE, related_name="lines")
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    help = models.CharField(_("help"), max_length=32, choices=Help.choices)
    count = models.PositiveIntegerField(_("number"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gte=1), name="tallyline_count_positive")
        ]

    def __str__(self) -> str:
        return f"{self.topic}/{self.help} × {self.count}"


class Contact(models.Model):
    """One visit, call or e-mail at an IDO desk. Anonymous by construction."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch"))
    date = models.DateField(_("date"))
    # The hour block (0 = 00:00–01:00 … 23): never a clock time, so a contact cannot be matched to a
    # visitor through camera footage or an appointment book.
    hour = models.PositiveSmallIntegerField(
        _("hour block"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(23)]
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    duration = models.CharField(_("duration"), max_length=8, choices=Duration.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    # Optional staff impression, several TargetGroup codes; a list keeps one row per contact.
    target_groups = models.JSONField(_("target group indicators"), default=list, blank=True)
    remark = models.CharField(_("remark"), max_length=REMARK_MAX_LENGTH, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.DESK)
    tally_sheet = models.ForeignKey(
        TallySheet, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    idempotency_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    # Kept only for the 30-minute correction rule; never exported.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_deleted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-date", "-hour", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["library", "date"], name="contact_library_date"),
            models.Index(fields=["branch", "date"], name="contact_branch_date"),
            models.Index(fields=["created_by", "-id"], name="contact_created_by"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hour__isnull=True) | models.Q(hour__gte=0, hour__lte=23),
                name="contact_hour_block",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.date}"

    @property
    def hour_block(self) -> str:
        return hour_block_label(self.hour)


def hour_block_label(hour: int | None) -> str:
    if hour is None:
        return ""
    return f"{hour:02d}:00–{(hour + 1) % 24:02d}:00"


class FigureRow(models.Model):
    """Columns copied from the contact so figures group without a join."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()

    class Meta:
        abstract = True


class Question(FigureRow):
    """One question within a contact."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=1)
    domain = models.CharField(_("domain"), max_length=32, choices=Domain.choices)
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    local_topic = models.ForeignKey(
        LocalTopic, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.CharField(
        _("organisation"), max_length=32, choices=Organisation.choices, blank=True
    )
    bestuurslaag = models.CharField(
        _("level of government"), max_length=16, choices=Bestuurslaag.choices, blank=True
    )
    course_suggested = models.BooleanField(_("course suggested"), default=False)
    # Where the visitor was referred (a service of the sociaal-educatieve kaart). SET_NULL: a registration
    # stays valid when a coordinator removes a service; stop a service (status) to keep the link.
    referral_service = models.ForeignKey(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred to"),
    )

    class Meta:
        ordering = ["contact_id", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            models.Index(fields=["library", "date"], name="question_library_date"),
            models.Index(fields=["branch", "date", "topic"], name="question_branch_date_topic"),
        ]

    def __str__(self) -> str:
        return self.topic


class QuestionHelp(FigureRow):
    """One kind of help given for a question (several per question)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="helps")
    topic = models.CharField(max_length=32, choices=Topic.choices)
    help = models.CharField(_("help"), max_length=32, choices=Help.choices)

    class Meta:
        ordering = ["question_id", "id"]
        indexes = [models.Index(fields=["branch", "date", "help"], name="questionhelp_branch_date")]
        constraints = [
            models.UniqueConstraint(fields=["question", "help"], name="questionhelp_unique"),
        ]

    def __str__(self) -> str:
        return self.help


class ContactRevision(models.Model):
    """Append-only history of a contact or tally: a snapshot of codes after each create, edit or delete."""

    class Action(models.TextChoices):
        CREATE = "create", _("registered")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    tally_sheet = models.ForeignKey(
        TallySheet, on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    action = models.CharField(max_length=8, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Contact revisions are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Contact revisions are append-only.")


__all__ = [
    "REMARK_MAX_LENGTH",
    "Contact",
    "ContactRevision",
    "LocalTopic",
    "Question",
    "QuestionHelp",
    "Source",
    "TallyLine",
    "TallySheet",
]
