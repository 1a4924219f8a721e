"""Reads of guidance: answers to "Mag ik dit?", the waaier cards as a library sees them, and search.

Nothing here logs or stores what was typed in a search: the words may hold a visitor's name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from baken.core.scope import Scope
from baken.core.taxonomy import Organisation, Topic

from . import policy
from .engine import (
    ActionMatch,
    ActionSpec,
    Advice,
    Context,
    evaluate,
    find_actions,
    load_rules,
    normalise,
    query_tokens,
    stem,
)
from .models import Card, CardVersion
from .themes import THEMES

# --------------------------------------------------------------------------- "Mag ik dit?"


def action_spec(*, code: str) -> ActionSpec:
    """One catalogue action; raises engine.UnknownAction (a KeyError) for an unknown code."""
    return load_rules().action(code)


def action_themes() -> list[tuple[str, str, list[ActionSpec]]]:
    """(slug, label, actions) per theme, in catalogue order within a theme."""
    book = load_rules()
    return [(theme.slug, str(theme.label), [book.action(code) for code in theme.codes]) for theme in THEMES]


def advice_for(*, scope: Scope, action: str, context: Context) -> Advice:
    """The answer for the caller's library: the guideline, tightened by the library's own policy."""
    library_policy = policy.policy_for_library(library_id=scope.require_library())
    return evaluate(action, context, library_policy)


# --------------------------------------------------------------------------- the waaier


@dataclass(frozen=True)
class CardView:
    """A card as one library's desk sees it: its own newest version, else the national one."""

    card: Card
    current: CardVersion
    national: CardVersion | None

    @property
    def is_local(self) -> bool:
        return self.current.library_id is not None

    @property
    def national_moved_on(self) -> bool:
        """The national text changed after the library wrote its own version."""
        return self.is_local and self.national is not None and self.current.based_on_id != self.national.pk

    def is_due(self, today: dt.date) -> bool:
        return today >= self.current.review_date


def _visible_versions(library_id: int) -> QuerySet[CardVersion]:
    return CardVersion.objects.filter(Q(library__isnull=True) | Q(library_id=library_id))


def card_views(*, scope: Scope, topic: str | None = None) -> list[CardView]:
    """Every card with a text, as the scope's library sees it, ordered by topic and title."""
    library_id = scope.require_library()
    versions = _visible_versions(library_id).select_related("card", "created_by").order_by("-number")
    if topic:
        versions = versions.filter(card__topic=topic)
    national: dict[int, CardVersion] = {}
    local: dict[int, CardVersion] = {}
    for version in versions:
        target = national if version.library_id is None else local
        target.setdefault(version.card_id, version)
    views = []
    for card_id, nat in national.items():
        current = local.get(card_id, nat)
        views.append(CardView(card=nat.card, current=current, national=nat))
    return sorted(views, key=lambda view: (view.card.topic, view.current.title))


def card_view_get(*, scope: Scope, slug: str) -> CardView:
    """One card as the scope's library sees it; raises Card.DoesNotExist."""
    for view in card_views(scope=scope):
        if view.card.slug == slug:
            return view
    raise Card.DoesNotExist


def card_history(*, scope: Scope, card: Card) -> QuerySet[CardVersion]:
    """The national versions and the scope's own library versions of a card, newest first."""
    return (
        _visible_versions(scope.require_library())
        .filter(card=card)
        .select_related("created_by", "library", "based_on")
        .order_by("-created_at", "-pk")
    )


def cards_due(*, scope: Scope, today: dt.date) -> list[CardView]:
    """Cards whose text the library's desk sees is past its review date, oldest date first."""
    due = [view for view in card_views(scope=scope) if view.is_due(today)]
    return sorted(due, key=lambda view: (view.current.review_date, view.current.title))


def cards_for_action(*, scope: Scope, action: str) -> list[CardView]:
    return [view for view in card_views(scope=scope) if action in view.current.actions]


# --------------------------------------------------------------------------- search over both


@dataclass(frozen=True)
class CardMatch:
    slug: str
    title: str
    score: float


@dataclass(frozen=True)
class SearchResult:
    actions: list[ActionMatch]
    cards: list[CardMatch]

    @property
    def empty(self) -> bool:
        return not self.actions and not self.cards


# Where a word is found says how much it tells about the card.
_CARD_FIELD_WEIGHTS = (
    ("title", 3.0),
    ("keywords", 2.0),
    ("topic", 1.5),
    ("organisation", 1.5),
    ("question", 1.0),
)
# A card that explains an action the question is about is relevant even without a shared word.
_LINKED_ACTION_BONUS = 1.0
_CARD_MIN_SCORE = 1.0


def _stems(text: str) -> set[str]:
    return {stem(word) for word in normalise(text).split()}


def _hit(query_stem: str, field_stems: set[str]) -> bool:
    if query_stem in field_stems:
        return True
    # Dutch compounds: "toeslag" in "zorgtoeslag", "digid" in "digidapp".
    return len(query_stem) >= 4 and any(
        query_stem in word or (len(word) >= 4 and word in query_stem) for word in field_stems
    )


def _card_fields(view: CardView) -> dict[str, set[str]]:
    version = view.current
    return {
        "title": _stems(version.title),
        "keywords": _stems(" ".join(version.keywords)),
        "topic": _stems(f"{view.card.topic} {Topic(view.card.topic).label}"),
        "organisation": _stems(f"{view.card.organisation} {Organisation(view.card.organisation).label}"),
        "question": _stems(version.question),
    }


def _card_score(view: CardView, query_stems: list[str], linked: set[str]) -> float:
    fields = _card_fields(view)
    score = 0.0
    for query_stem in set(query_stems):
        score += max(
            (weight for name, weight in _CARD_FIELD_WEIGHTS if _hit(query_stem, fields[name])), default=0.0
        )
    if linked & set(view.current.actions):
        score += _LINKED_ACTION_BONUS
    return score


def search(*, scope: Scope, query: str, limit: int = 5) -> SearchResult:
    """Actions (find_actions) and the library's cards that match the question, best first."""
    matched_actions = find_actions(query, limit=limit)
    query_stems = query_tokens(query)
    if not query_stems:
        return SearchResult(actions=[], cards=[])
    # Only the best action lends its cards a bonus: the tail of the list is often a loose match.
    linked = {matched_actions[0].code} if matched_actions else set()
    scored = []
    for view in card_views(scope=scope):
        score = _card_score(view, query_stems, linked)
        if score >= _CARD_MIN_SCORE:
            scored.append(CardMatch(slug=view.card.slug, title=view.current.title, score=round(score, 3)))
    scored.sort(key=lambda match: -match.score)
    return SearchResult(actions=matched_actions, cards=scored[:limit])
