"""`baken refresh_rollups`: bring the figures up to date with the registrations (docs/adr/0092).

Run every minute from cron or a systemd timer. Dashboards refresh before every read anyway, so a missed
run never shows stale figures; it only makes that read pay for the refresh. ``--rebuild`` recomputes
every rollup from the registrations (after a repair or a bulk import past the models).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from baken.reports import rollups


class Command(BaseCommand):
    help = "Refresh the rollups of changed branch-days (or rebuild them all with --rebuild)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="recompute every rollup")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rebuild"]:
            rollups.rebuild_all()
            rollups.vacuum()
            self.stdout.write("rollups rebuilt")
            return
        count = rollups.refresh_dirty()
        if options["verbosity"] > 1 or count:
            self.stdout.write(f"branch-days refreshed: {count}")
