"""Staff register (confidentiality, training), library policy versions, data-breach register, casus.

None of these models holds visitor data: the breach register and the casus van de week hold text that the
personal-data guard has checked, in general terms only.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# AVG art. 33: notify the Autoriteit Persoonsgegevens within 72 hours after discovery, so the decision
# whether to notify is due by then.
BREACH_DECISION_HOURS = 72


def declaration_upload_to(instance: StaffProfile, filename: str) -> str:
    """A random name: the file name a scanner gives often holds the person's name."""
    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"staff/declarations/{uuid.uuid4().hex}{suffix}"


class AppendOnly(models.Model):
    """Rows that are history: written once, never changed or removed through the ORM instance."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValueError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError(f"{type(self).__name__} rows are append-only.")


class StaffProfile(models.Model):
    """One desk worker's confidentiality arrangement (seed 001, "Geheimhoudingsverklaring")."""

    class Kind(models.TextChoices):
        PAID = "paid", _("Paid staff (CAO confidentiality clause)")
        VOLUNTEER = "volunteer", _("Volunteer (signed declaration needed)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    kind = models.CharField(_("kind of staff"), max_length=10, choices=Kind.choices)
    declaration_signed_on = models.DateField(_("declaration signed on"), null=True, blank=True)
    declaration_scan = models.FileField(
        _("scan of the signed declaration"), upload_to=declaration_upload_to, blank=True
    )
    declaration_renew_on = models.DateField(_("renew declaration on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def covers_confidentiality(self) -> bool:
        """Paid staff: the CAO clause. Volunteers: only with a signed declaration on record."""
        if self.kind == self.Kind.PAID:
            return True
        return self.declaration_signed_on is not None

    def renewal_due(self, *, today: Any = None, within_days: int = 30) -> bool:
        """A reminder for the coordinator; the declaration itself stays valid (ADR 0030)."""
        if self.kind != self.Kind.VOLUNTEER or self.declaration_renew_on is None:
            return False
        today = today or timezone.localdate()
        return self.declaration_renew_on <= today + timedelta(days=within_days)


class Training(models.Model):
    """A training a desk worker completed (seed 000: e-learning and vaardigheidstraining)."""

    class Kind(models.TextChoices):
        ELEARNING = "elearning", _("E-learning IDO")
        SKILLS = "vaardigheid", _("Skills training (vaardigheidstraining)")
        OTHER = "overig", _("Other training")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainings")
    kind = models.CharField(_("training"), max_length=20, choices=Kind.choices)
    completed_on = models.DateField(_("completed on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.completed_on:%Y-%m-%d}"


class PolicyVersion(AppendOnly):
    """One version of a library's own IDO policy. The newest version is the policy; older ones are history."""

    library = models.ForeignKey("core.Library", on_delete=models.PROTECT, related_name="policy_versions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as text so the history survives when an account is removed.
    created_by_username = models.CharField(_("changed by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("changed on"), default=timezone.now, db_index=True)
    forbidden_actions = models.JSONField(_("actions this library does not allow"), default=list, blank=True)
    written_consent_actions = models.JSONField(
        _("actions that need written consent"), default=list, blank=True
    )
    retention_consent_days = models.PositiveIntegerField(
        _("keep consent forms (days)"), validators=[MinValueValidator(1), MaxValueValidator(3650)]
    )
    retention_referral_hours = models.PositiveIntegerField(
        _("keep referral contact details (hours)"), validators=[MinValueValidator(1), MaxValueValidator(720)]
    )
    inactivity_timeout_minutes = models.PositiveSmallIntegerField(
        _("automatic sign-out after (minutes)"), validators=[MinValueValidator(2), MaxValueValidator(120)]
    )
    note = models.CharField(_("reason for the change"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")

    def __str__(self) -> str:
        return f"{self.library} {self.created_at:%Y-%m-%d %H:%M}"


class BreachIncident(models.Model):
    """A security incident or possible data breach (seed 001, "Weet wat je moet doen bij een datalek")."""

    class Severity(models.TextChoices):
        LOW = "low", _("Low: no personal data reached others")
        MEDIUM = "medium", _("Medium: personal data may have reached others")
        HIGH = "high", _("High: sensitive or much personal data reached others")

    library = models.ForeignKey("core.Library", on_delete=models.PROTECT, related_name="breach_incidents")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported_by_username = models.CharField(_("reported by"), max_length=150, blank=True)
    reported_at = models.DateTimeField(_("reported on"), default=timezone.now)
    discovered_at = models.DateTimeField(_("discovered on"))
    summary = models.TextField(_("what happened, in general terms"), max_length=1000)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    # The decision is taken once; later steps are recorded as actions (append-only history).
    notify_authority = models.BooleanField(_("notify the Autoriteit Persoonsgegevens"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), max_length=1000, blank=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by_username = models.CharField(_("decided by"), max_length=150, blank=True)

    class Meta:
        ordering = ["-discovered_at", "-id"]
        verbose_name = _("data breach incident")
        verbose_name_plural = _("data breach incidents")
        indexes = [models.Index(fields=["library", "decided_at", "discovered_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.discovered_at:%Y-%m-%d}"

    @property
    def decision_due_at(self) -> Any:
        return self.discovered_at + timedelta(hours=BREACH_DECISION_HOURS)

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None

    def is_overdue(self, *, now: Any = None) -> bool:
        return not self.is_decided and (now or timezone.now()) > self.decision_due_at


class BreachAction(AppendOnly):
    """A step taken on an incident (contained, informed, measure taken): history, never edited."""

    incident = models.ForeignKey(BreachIncident, on_delete=models.PROTECT, related_name="actions")
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_username = models.CharField(_("by"), max_length=150, blank=True)
    text = models.TextField(_("action taken"), max_length=1000)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("data breach action")
        verbose_name_plural = _("data breach actions")

    def __str__(self) -> str:
        return f"{self.incident_id} {self.at:%Y-%m-%d %H:%M}"


class WeeklyCase(models.Model):
    """The casus van de week (seed 001, "Samen pionieren": the IDO story of the week), without names."""

    library = models.ForeignKey("core.Library", on_delete=models.PROTECT, related_name="weekly_cases")
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("the case"), max_length=1500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by_username = models.CharField(_("posted by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("posted on"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case of the week")
        verbose_name_plural = _("cases of the week")

    def __str__(self) -> str:
        return self.title
