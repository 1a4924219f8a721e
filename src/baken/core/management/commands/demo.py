from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from baken.core.demo import load_all, login_table


class Command(BaseCommand):
    help = "Laadt de demogegevens (idempotent) of toont de demo-accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--logins", action="store_true", help="Toon alleen de demo-accounts.")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("nl"):
            if options["logins"]:
                self.stdout.write(login_table())
                return
            ran = load_all()
            self.stdout.write(self.style.SUCCESS(f"Demogegevens geladen ({len(ran)} onderdelen)."))
