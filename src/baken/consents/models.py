"""Consent records (toestemmingsformulieren, seed 001 "Het toestemmingsformulier").

A record holds the seven elements of the guideline and nothing about what is passed on: (1) that
consent is given (the record exists), (2) the recipient organisation, (3) the purpose, (4) the manner,
(5) date and time, (6) the staff member's name, (7) the visitor's signature. Recipient, purpose, staff
name and signature are encrypted at rest. Withdrawal is appended, never an edit. See ADR 0071.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baken.core.models import Branch, Library
from baken.privacy.fields import EncryptedBinaryField, EncryptedTextField


class Manner(models.TextChoices):
    PAPER = "papier", _("Signed on paper (scan uploaded)")
    TABLET = "tablet", _("Signed on the tablet")
    ORAL = "mondeling", _("Given orally and noted")


WRITTEN_MANNERS = frozenset({Manner.PAPER, Manner.TABLET})


class ConsentRecord(models.Model):
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch"))
    recipient = EncryptedTextField(_("recipient (organisation)"))
    purpose = EncryptedTextField(_("purpose"))
    manner = models.CharField(_("manner of consent"), max_length=12, choices=Manner.choices)
    given_at = models.DateTimeField(_("date and time of consent"))
    staff_name = EncryptedTextField(_("staff member"))
    signature = EncryptedBinaryField(_("signature"), null=True, blank=True)
    signature_content_type = models.CharField(max_length=40, blank=True)
    # Who made it: the only non-coordinator who may see it, and only for an hour (ADR 0071).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self) -> str:
        return f"toestemming {self.pk}"

    @property
    def is_written(self) -> bool:
        return self.manner in WRITTEN_MANNERS and bool(self.signature)


class ConsentWithdrawal(models.Model):
    """The visitor withdrew consent: appended, so the record shows it was given and later withdrawn."""

    consent = models.OneToOneField(ConsentRecord, on_delete=models.CASCADE, related_name="withdrawal")
    withdrawn_at = models.DateTimeField(_("withdrawn at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("withdrawal of consent")
        verbose_name_plural = _("withdrawals of consent")

    def __str__(self) -> str:
        return f"intrekking {self.consent_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A withdrawal is appended, never changed.")
        super().save(*args, **kwargs)


class ConsentTally(models.Model):
    """Anonymous count of purged consent records, so the figures survive the retention purge."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="First day of the month the consent was given.")
    manner = models.CharField(max_length=12, choices=Manner.choices)
    withdrawn = models.BooleanField(default=False)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["library", "branch", "month", "manner", "withdrawn"], name="consent_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.manner}: {self.count}"
