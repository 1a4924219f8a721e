"""The action catalogue of "Mag ik dit?" (docs/domain.md): stable codes with their Dutch labels.

A library's policy names actions by these codes. The labels are Dutch on purpose: they are the same
text the guideline (seed 001) and the desk cards use, in both UI languages.
"""

from __future__ import annotations

from typing import Final

ACTIONS: Final[dict[str, str]] = {
    "meekijken_coachen": "Meekijken en coachen terwijl de bezoeker het zelf doet",
    "algemene_informatie": "Algemene informatie opzoeken op openbare websites",
    "brief_inzien": "Een brief van een overheidsinstantie inzien om goed door te verwijzen",
    "meekijken_mijn_omgeving": "Meekijken in een ingelogde 'mijn omgeving' van de bezoeker",
    "meekijken_bij_inloggen": "Meekijken terwijl de bezoeker zijn DigiD-gegevens intypt",
    "digid_aanvragen_voor_bezoeker": "Een DigiD aanvragen voor de bezoeker (invullen én verzenden)",
    "digid_gegevens_invoeren": (
        "Gegevens (niet het BSN) invoeren in de DigiD-aanvraag terwijl de bezoeker erbij is"
    ),
    "bsn_invoeren": "Het BSN van de bezoeker intypen",
    "digid_verzenden": "Op 'verzenden' drukken bij de DigiD-aanvraag voor de bezoeker",
    "inloggegevens_bedenken": "Een gebruikersnaam, wachtwoord of pincode bedenken voor de bezoeker",
    "inloggegevens_aannemen": "Een briefje met inloggegevens van de bezoeker aannemen",
    "inloggen_voor_bezoeker": "Inloggen in het account van de bezoeker met zijn gegevens (ook sms-code)",
    "inloggen_voor_afwezige": "Inloggen in het account van iemand die er niet bij is",
    "afspraak_voor_afwezige": "Een afspraak maken in het account van iemand die er niet bij is",
    "gemachtigd_worden": "Je laten machtigen door de bezoeker",
    "formulier_invullen_derde": "Een formulier van een andere organisatie invullen met wat de bezoeker zegt",
    "inhoudelijk_advies": "Inhoudelijk advies geven (recht op, welke keuze)",
    "bedragen_uitrekenen": "Bedragen uitrekenen (toeslag, belasting)",
    "aantekeningen_papier": "Aantekeningen op papier maken met gegevens van de bezoeker",
    "gegevens_bibliotheeksysteem": (
        "Persoonsgegevens van de bezoeker vastleggen in een systeem van de bibliotheek"
    ),
    "doorverwijzen_telefonisch": "Een partner bellen om een afspraak te maken voor de bezoeker",
    "doorverwijzen_email": "Een partner de contactgegevens van de bezoeker mailen voor een afspraak",
    "doorverwijzen_afsprakensysteem": "De bezoeker inplannen in het afsprakensysteem van een partner",
    "bijzondere_gegevens_doorgeven": (
        "Bijzondere persoonsgegevens (bv. een medische reden) doorgeven bij een doorverwijzing"
    ),
    "qr_code_ophalen": "Een (vaccinatie-)QR-code ophalen voor de bezoeker",
    "app_installeren": "Een app installeren op de telefoon van de bezoeker",
}

ACTION_CODES: Final[frozenset[str]] = frozenset(ACTIONS)


def action_label(code: str) -> str:
    return ACTIONS.get(code, code)


def action_choices() -> list[tuple[str, str]]:
    return list(ACTIONS.items())


def in_catalogue_order(codes: frozenset[str] | set[str] | list[str]) -> list[str]:
    """Codes sorted as in the catalogue, so policy pages and history read the same way every time."""
    wanted = set(codes)
    return [code for code in ACTIONS if code in wanted]
