"""Warm referrals (seed 001 "Warm doorverwijzen").

What stays is the anonymous referral: partner, topic, date, channel, status. For an e-mail referral the
visitor's contact details live encrypted in ``ReferralOutbox`` only until the e-mail is sent (then the
row is deleted in the same transaction) or at most 24 hours (``baken purge``). The partner reports back
through a one-time link; only the token's hash is stored. See ADR 0072 and 0073.

A referral points at a service of the sociaal-educatieve kaart (``directory.Service``): its referral
methods (phone and script, e-mail address, appointment system, walk-in) and its spreekuren in the
library's branches decide how the desk can refer (ADR 0073).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from baken.consents.models import ConsentRecord
from baken.core.models import Branch, Library
from baken.core.taxonomy import Topic
from baken.directory.models import Service
from baken.privacy.fields import EncryptedTextField


class ReferralChannel(models.TextChoices):
    TELEFOON = "telefoon", _("By phone")
    AFSPRAKENSYSTEEM = "afsprakensysteem", _("In the partner's appointment system")
    SPREEKUUR = "spreekuur", _("Consultation hour in the library")
    BINNENLOPEN = "binnenlopen", _("Walk in at the partner")
    EMAIL = "email", _("By e-mail")


class ReferralStatus(models.TextChoices):
    COUNTED = "geteld", _("Counted")
    QUEUED = "wachtrij", _("Waiting to be sent")
    SENT = "verzonden", _("Sent, waiting for the partner")
    CONTACTED = "contact_opgenomen", _("Contact made")
    HELPED = "geholpen", _("Helped")
    UNREACHABLE = "niet_bereikt", _("Could not reach the visitor")
    NOT_SUITABLE = "niet_passend", _("Not the right place")
    NOT_SENT = "niet_verzonden", _("Not sent (data deleted)")


# What the partner may choose on the one-time page.
PARTNER_STATUSES = (
    ReferralStatus.CONTACTED,
    ReferralStatus.HELPED,
    ReferralStatus.UNREACHABLE,
    ReferralStatus.NOT_SUITABLE,
)
# Waiting for the partner: the coordinator's list of open referrals.
OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.CONTACTED)


class Referral(models.Model):
    """The anonymous referral: counts in the figures. Holds no visitor data."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("service")
    )
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=ReferralChannel.choices)
    referred_on = models.DateField(_("date"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices)
    sent_at = models.DateTimeField(null=True, blank=True)
    special_category = models.BooleanField(default=False)
    consent = models.ForeignKey(
        ConsentRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["library", "status"])]

    def __str__(self) -> str:
        return f"doorverwijzing {self.pk}"


class ReferralStatusEvent(models.Model):
    """The status history: appended, never changed."""

    class Source(models.TextChoices):
        DESK = "balie", _("desk")
        PARTNER = "partner", _("partner")
        SYSTEM = "systeem", _("Baken")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Status history is append-only.")
        super().save(*args, **kwargs)


class PartnerLink(models.Model):
    """A one-time, expiring link for the partner's feedback. Only the SHA-256 of the token is stored."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"link {self.referral_id}"


class ReferralOutbox(models.Model):
    """The personal part of an e-mail referral, encrypted, only until it is sent (or at most 24 h)."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="outbox")
    payload = EncryptedTextField()  # JSON: salutation, surname, phone, email, description
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=100, blank=True)  # the exception class only, never content

    def __str__(self) -> str:
        return f"outbox {self.referral_id}"
