"""``baken load_cards``: bring the national waaier (cards.toml) into the database. Idempotent.

A card whose ``version`` in cards.toml is higher than the newest national version gets a new version;
an unchanged card is left alone. Versions are never rewritten: changing the text of a card without
raising its number is reported as a conflict and changes nothing.
"""

from typing import Any

from django.core.management.base import BaseCommand

from baken.guidance.services import cards_load_national


class Command(BaseCommand):
    help = "Laadt de landelijke vraagkaarten (cards.toml) in de database; veilig om vaker te draaien."

    def handle(self, *args: Any, **options: Any) -> None:
        report = cards_load_national()
        self.stdout.write(
            f"Kaarten nieuw: {len(report.cards_created)}, nieuwe versies: {len(report.versions_created)}, "
            f"ongewijzigd: {len(report.unchanged)}, conflicten: {len(report.conflicts)}"
        )
        for conflict in report.conflicts:
            self.stderr.write(f"Conflict (verhoog 'version' in cards.toml): {conflict}")
