"""``baken advise``: "Mag ik dit?" for one action in one context, as one JSON object (docs/domain.md)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baken.core.models import Library
from baken.guidance.engine import Context, UnknownAction, advise_json
from baken.guidance.policy import policy_for_library


class Command(BaseCommand):
    help = "Geeft het antwoord op 'Mag ik dit?' voor één handeling als JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--action", required=True, help="code van de handeling, bv. bsn_invoeren")
        parser.add_argument("--visitor-present", default="yes", choices=["yes", "no"])
        parser.add_argument("--consent", default="none", choices=["none", "oral", "written"])
        parser.add_argument("--staff-confidentiality", default="yes", choices=["yes", "no"])
        parser.add_argument("--library", default=None, help="slug van de bibliotheek (haar eigen beleid)")

    def handle(self, *args: Any, **options: Any) -> None:
        context = Context.parse(
            visitor_present=options["visitor_present"],
            consent=options["consent"],
            staff_confidentiality=options["staff_confidentiality"],
        )
        library_id = None
        if options["library"]:
            library = Library.objects.filter(slug=options["library"]).first()
            if library is None:
                raise CommandError(f"Onbekende bibliotheek: {options['library']!r}")
            library_id = library.pk
        try:
            answer = advise_json(options["action"], context, policy_for_library(library_id=library_id))
        except UnknownAction as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(answer, ensure_ascii=False))
