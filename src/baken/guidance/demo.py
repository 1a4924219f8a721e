"""Demo data for guidance: the national waaier, and one card that Bibliotheek Aan Zee adapted."""

from __future__ import annotations

import datetime as dt

from baken.core.demo import demo_loader
from baken.core.models import Library, User
from baken.core.scope import Level, Scope

from .models import Card, CardVersion
from .services import CardText, card_version_create, cards_load_national

DEMO_LOCAL_CARD = "digid-aanvragen"


@demo_loader(order=30)
def load_guidance() -> None:
    cards_load_national()
    _aanzee_card()


def _aanzee_card() -> None:
    library = Library.objects.get(slug="aanzee")
    card = Card.objects.get(slug=DEMO_LOCAL_CARD)
    if CardVersion.objects.filter(card=card, library=library).exists():
        return
    national = card.versions.filter(library__isnull=True).order_by("-number").first()
    assert national is not None
    card_version_create(
        scope=Scope(Level.LIBRARY, library_id=library.pk),
        actor=User.objects.get(username="coordinator.aanzee"),
        card=card,
        text=CardText(
            title=national.title,
            question=national.question,
            can_do=list(national.can_do),
            pages=list(national.pages),
            partners=[
                "Digisterker-cursus in Bibliotheek Zeestad Centrum (elke dinsdagochtend)",
                *national.partners[1:],
            ],
            refer_when=list(national.refer_when),
            keywords=["digid aanvragen", "activeringscode"],
            review_date=dt.date(2027, 6, 1),
        ),
        note="Eigen Digisterker-cursus van Bibliotheek Aan Zee toegevoegd.",
    )
