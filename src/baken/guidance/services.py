"""Writes of guidance: the national card set from cards.toml, and a library's own card versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from baken.core.models import AuditEvent, User
from baken.core.scope import Scope
from baken.core.services import audit_log

from . import content
from .models import Card, CardVersion


@dataclass(frozen=True)
class CardText:
    """The editable text of a card (what a coordinator may change for the library)."""

    title: str
    question: str
    can_do: list[str]
    pages: list[dict[str, str]]
    partners: list[str]
    refer_when: list[str]
    keywords: list[str]
    review_date: dt.date


@dataclass
class LoadReport:
    cards_created: list[str] = field(default_factory=list)
    versions_created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Same version number in cards.toml but other text: versions are never rewritten, so raise the number.
    conflicts: list[str] = field(default_factory=list)


def _toml_fields(card: content.Card) -> dict[str, object]:
    return {
        "title": card.title,
        "question": card.question,
        "can_do": list(card.can_do),
        "pages": [{"title": page.title, "url": page.url} for page in card.pages],
        "partners": list(card.partners),
        "refer_when": list(card.refer_when),
        "actions": list(card.actions),
        "review_date": card.review_date,
    }


def _same_text(version: CardVersion, fields: dict[str, object]) -> bool:
    return all(getattr(version, name) == value for name, value in fields.items())


@transaction.atomic
def cards_load_national(*, cards: tuple[content.Card, ...] | None = None) -> LoadReport:
    """Bring the national set up to cards.toml. Idempotent; appends a version when a card's number goes up."""
    report = LoadReport()
    for item in cards if cards is not None else content.load_cards():
        card, created = Card.objects.get_or_create(
            slug=item.slug, defaults={"topic": item.topic, "organisation": item.organisation}
        )
        if created:
            report.cards_created.append(item.slug)
        elif (card.topic, card.organisation) != (item.topic, item.organisation):
            card.topic, card.organisation = item.topic, item.organisation
            card.save(update_fields=["topic", "organisation"])
        latest = card.versions.filter(library__isnull=True).order_by("-number").first()
        fields = _toml_fields(item)
        if latest is None or latest.number < item.version:
            CardVersion.objects.create(card=card, library=None, number=item.version, **fields)
            report.versions_created.append(f"{item.slug} v{item.version}")
        elif latest.number == item.version and _same_text(latest, fields):
            report.unchanged.append(item.slug)
        else:
            report.conflicts.append(f"{item.slug} v{item.version} (database: v{latest.number})")
    return report


@transaction.atomic
def card_version_create(*, scope: Scope, actor: User, card: Card, text: CardText, note: str) -> CardVersion:
    """Add the library's next version of a card. The national text is never touched."""
    library_id = scope.require_library()
    # Lock the card row so two coordinators saving at once get consecutive numbers.
    Card.objects.select_for_update().filter(pk=card.pk).first()
    last = card.versions.filter(library_id=library_id).aggregate(last=Max("number"))["last"] or 0
    current = card.versions.filter(library_id=library_id).order_by("-number").first()
    national = card.versions.filter(library__isnull=True).order_by("-number").first()
    version = CardVersion.objects.create(
        card=card,
        library_id=library_id,
        number=last + 1,
        based_on=national,
        title=text.title,
        question=text.question,
        can_do=text.can_do,
        pages=text.pages,
        partners=text.partners,
        refer_when=text.refer_when,
        # The link to "Mag ik dit?" actions follows the text the library started from.
        actions=list(start.actions) if (start := current or national) is not None else [],
        keywords=text.keywords,
        review_date=text.review_date,
        note=note,
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=f"guidance.cardversion:{version.pk}",
        detail={"card": card.slug, "version": version.number},
        library_id=library_id,
    )
    return version
