"""The action catalogue grouped by theme, for the browsable list on the "Mag ik dit?" page.

Every catalogue code sits in exactly one theme (tested), so a new action cannot go missing from the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Theme:
    slug: str
    label: str | Promise
    codes: tuple[str, ...]


THEMES: tuple[Theme, ...] = (
    Theme(
        "meekijken",
        _("Looking along and information"),
        (
            "meekijken_coachen",
            "algemene_informatie",
            "brief_inzien",
            "meekijken_mijn_omgeving",
            "meekijken_bij_inloggen",
        ),
    ),
    Theme(
        "digid-aanvragen",
        _("Applying for DigiD"),
        ("digid_aanvragen_voor_bezoeker", "digid_gegevens_invoeren", "bsn_invoeren", "digid_verzenden"),
    ),
    Theme(
        "inloggen",
        _("Logging in and login details"),
        (
            "inloggegevens_bedenken",
            "inloggegevens_aannemen",
            "inloggen_voor_bezoeker",
            "inloggen_voor_afwezige",
            "afspraak_voor_afwezige",
            "gemachtigd_worden",
        ),
    ),
    Theme(
        "formulieren-advies",
        _("Forms and advice"),
        ("formulier_invullen_derde", "inhoudelijk_advies", "bedragen_uitrekenen"),
    ),
    Theme(
        "gegevens", _("Keeping the visitor's data"), ("aantekeningen_papier", "gegevens_bibliotheeksysteem")
    ),
    Theme(
        "doorverwijzen",
        _("Referring"),
        (
            "doorverwijzen_telefonisch",
            "doorverwijzen_email",
            "doorverwijzen_afsprakensysteem",
            "bijzondere_gegevens_doorgeven",
        ),
    ),
    Theme("apps", _("Apps and phone"), ("qr_code_ophalen", "app_installeren")),
)
