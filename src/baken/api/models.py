"""Branch device tokens: how a desk device (a kiosk, a registration app) speaks to the API.

A token belongs to one branch of one library. Only the SHA-256 of the token is stored; the token
itself is shown once, when it is made. ``key_id`` is the public first part of the token: it finds the
row, the hash is then compared in constant time (docs/adr/0080-rest-api.md).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baken.core.models import Branch, Library

LABEL_MAX_LENGTH = 80


class DeviceToken(models.Model):
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch"))
    label = models.CharField(_("name"), max_length=LABEL_MAX_LENGTH)
    key_id = models.CharField(max_length=16, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    # A resubmitted form (back button, reload) makes no second token.
    idempotency_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["revoked_at", "-created_at", "-id"]
        verbose_name = _("device token")
        verbose_name_plural = _("device tokens")

    def __str__(self) -> str:
        return f"{self.key_id} ({self.branch_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
