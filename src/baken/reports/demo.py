"""Demo figures: funding inputs and spending for the three demo gemeenten, impact survey answers, and
rollups built over the demo registrations (which are written in bulk, past the signals).

Idempotent: fixed keys and update_or_create; the rollups are rebuilt from scratch.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from baken.core.demo import demo_loader
from baken.core.models import Branch, Gemeente

from .models import Answer, FundingInput, ImpactResponse, Reserve, SpendingEntry
from .rollups import rebuild_all

NAMESPACE = uuid.UUID("0b6d5a43-8f7e-4f0e-a8c6-7d2d3f1a9e21")
# Invented numbers (the demo gemeenten are invented too): inhabitants, of whom 15–75 with at most vmbo.
FUNDING = {
    "zeestad": (48_250, 14_630),
    "duinwijk": (21_400, 6_810),
    "dijkdorp": (12_520, 4_090),
}
SPENDING = {
    "zeestad": [
        ("Subsidie Bibliotheek Aan Zee voor het IDO", Decimal("31000.00")),
        ("Promotie IDO", Decimal("2400.00")),
    ],
    "duinwijk": [("Subsidie Bibliotheek Aan Zee voor het IDO", Decimal("15500.00"))],
    "dijkdorp": [("Subsidie Bibliotheek Rivierenland voor het IDO", Decimal("9800.00"))],
}
SURVEY_DAYS = 40


@demo_loader(order=70)
def load_reports() -> None:
    year = timezone.localdate().year
    for slug, (inhabitants, low) in FUNDING.items():
        gemeente = Gemeente.objects.get(slug=slug)
        for y in (year - 1, year):
            FundingInput.objects.update_or_create(
                gemeente=gemeente,
                year=y,
                defaults={
                    "inhabitants": inhabitants,
                    "inhabitants_low_education": low,
                    "source_year": y - 1,
                    "source_note": "CBS, 1 januari (demo)",
                },
            )
        for description, amount in SPENDING[slug]:
            SpendingEntry.objects.update_or_create(
                gemeente=gemeente, year=year - 1, description=description, defaults={"amount": amount}
            )
        Reserve.objects.update_or_create(
            gemeente=gemeente, year=year - 1, defaults={"amount": Decimal("1500.00")}
        )
    _survey()
    rebuild_all()


def _survey() -> None:
    rng = random.Random(70)
    today = timezone.localdate()
    answers = [Answer.JA] * 7 + [Answer.BEETJE] * 2 + [Answer.NEE]
    rows = []
    for branch in Branch.objects.filter(has_ido=True, library__slug__in=["aanzee", "rivierenland"]):
        for index in range(rng.randint(25, 45)):
            key = uuid.uuid5(NAMESPACE, f"{branch.library.slug}/{branch.slug}/{index}")
            rows.append(
                ImpactResponse(
                    id=key,
                    library_id=branch.library_id,
                    branch=branch,
                    date=today - timedelta(days=rng.randrange(SURVEY_DAYS)),
                    helped=rng.choice(answers),
                    self_next_time=rng.choice([*answers, ""]),
                    knows_where=rng.choice([*answers, ""]),
                )
            )
    ImpactResponse.objects.bulk_create(rows, ignore_conflicts=True)
