"""Question cards (the IDO-waaier): a national set, with each library's own versions on top.

A card's text lives only in ``CardVersion`` rows, which are append-only: an edit adds a version, so the
history of what the desk was told, and when, stays complete. A version without a library belongs to the
national set (loaded from cards.toml by ``baken load_cards``); a version with a library is that library's
own text and is seen only by that library. The "Mag ik dit?" rules are not stored: they are data in
rules.toml (ADR 0050).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baken.core.models import Library
from baken.core.taxonomy import Organisation, Topic


class Card(models.Model):
    """The identity of one question card; what it says is in its versions."""

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    organisation = models.CharField(_("organisation"), max_length=30, choices=Organisation.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["topic", "slug"]
        verbose_name = _("question card")
        verbose_name_plural = _("question cards")

    def __str__(self) -> str:
        return self.slug


class CardVersion(models.Model):
    """One version of a card's text, national (no library) or of one library. Never changed, never deleted."""

    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="versions")
    library = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("library"),
    )
    number = models.PositiveIntegerField(_("version"))
    # The national version a library's text was written on, so the desk can see when the base moved on.
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("based on")
    )
    title = models.CharField(_("title"), max_length=150)
    question = models.TextField(_("the visitor's question"))
    can_do = models.JSONField(_("what the visitor can do"), default=list)
    pages = models.JSONField(_("official pages"), default=list)
    partners = models.JSONField(_("partners who help"), default=list)
    refer_when = models.JSONField(_("when to refer"), default=list)
    actions = models.JSONField(_("related actions"), default=list)
    keywords = models.JSONField(_("search words"), default=list, blank=True)
    review_date = models.DateField(_("review date"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["card", "library", "-number"]
        verbose_name = _("question card version")
        verbose_name_plural = _("question card versions")
        constraints = [
            models.UniqueConstraint(
                fields=["card", "number"],
                condition=models.Q(library__isnull=True),
                name="cardversion_unique_national_number",
            ),
            models.UniqueConstraint(
                fields=["card", "library", "number"],
                condition=models.Q(library__isnull=False),
                name="cardversion_unique_library_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.card.slug} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Card versions are append-only: add a new version instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Card versions are append-only.")

    @property
    def is_national(self) -> bool:
        return self.library_id is None
