"""The national registration taxonomy (docs/domain.md). Codes are stable identifiers used in the
database, exports, the API and the CLI; labels are UI text (Dutch in the nl catalogue).

Every app takes its codes from here so national figures stay comparable.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    DIGITALE_OVERHEID = "digitale_overheid", _("Digital government")
    BIBLIOTHEEK = "bibliotheek", _("Library service")
    OVERIG = "overig", _("Other (bank, health insurer, device)")


class Bestuurslaag(models.TextChoices):
    RIJK = "rijk", _("Central government")
    GEMEENTE = "gemeente", _("Municipality")
    PROVINCIE = "provincie", _("Province")
    WATERSCHAP = "waterschap", _("Water board")
    GEEN = "geen", _("Not government")


class Topic(models.TextChoices):
    DIGID = "digid", _("DigiD: apply, activate, log in")
    MIJNOVERHEID = "mijnoverheid", _("MijnOverheid / Message box")
    BELASTINGAANGIFTE = "belastingaangifte", _("Tax return")
    TOESLAGEN = "toeslagen", _("Allowances (rent, healthcare, childcare, child budget)")
    UITKERING = "uitkering", _("Benefits / work (UWV)")
    AOW_KINDERBIJSLAG = "aow_kinderbijslag", _("State pension, child benefit, Anw (SVB)")
    STUDIEFINANCIERING = "studiefinanciering", _("Student finance (DUO)")
    RIJBEWIJS = "rijbewijs", _("Driving licence and health declaration (CBR, 75+)")
    VOERTUIG = "voertuig", _("Vehicle and registration (RDW)")
    BOETES = "boetes", _("Fines and collection (CJIB)")
    ZORG_EIGEN_BIJDRAGE = "zorg_eigen_bijdrage", _("Personal contribution Wmo/Wlz (CAK)")
    ZORG_INDICATIE = "zorg_indicatie", _("Long-term care assessment (CIZ)")
    ALIMENTATIE = "alimentatie", _("Alimony (LBIO)")
    RECHTSBIJSTAND = "rechtsbijstand", _("Legal aid (Raad voor Rechtsbijstand)")
    GEMEENTE = "gemeente", _("Municipal matters (passport, waste, local taxes, remission, Wmo)")
    ZORGVERZEKERING = "zorgverzekering", _("Health insurance")
    WONEN = "wonen", _("Rent and housing")
    BANKZAKEN = "bankzaken", _("Online banking and payments (not government)")
    APPARAAT_ACCOUNT = "apparaat_account", _("Device, app, e-mail, account or password")
    CURSUS = "cursus", _("Course or learning (digital/language)")
    OVERIG = "overig", _("Other")


class Organisation(models.TextChoices):
    BELASTINGDIENST = "belastingdienst", _("Belastingdienst (incl. Toeslagen)")
    CAK = "cak", "CAK"
    CBR = "cbr", "CBR"
    CIZ = "ciz", "CIZ"
    CJIB = "cjib", "CJIB"
    DUO = "duo", "DUO"
    LBIO = "lbio", "LBIO"
    LOGIUS = "logius", _("Logius (DigiD)")
    RVR = "rvr", _("Raad voor Rechtsbijstand")
    RDW = "rdw", "RDW"
    SVB = "svb", "SVB"
    UWV = "uwv", "UWV"
    HUURCOMMISSIE = "huurcommissie", _("Huurcommissie")
    KVK = "kvk", _("KVK")
    KADASTER = "kadaster", _("Kadaster")
    KIFID = "kifid", _("Kifid")
    SKGZ = "skgz", _("SKGZ")
    GEMEENTE = "gemeente", _("Municipality")
    ZORGVERZEKERAAR = "zorgverzekeraar", _("Health insurer")
    BANK = "bank", _("Bank")
    OVERIG = "overig", _("Other")


class Help(models.TextChoices):
    INFORMATIE = "informatie", _("Information given")
    WEGWIJZEN = "wegwijzen", _("Pointed to website/app")
    MEEKIJKEN = "meekijken", _("Looked along and coached")
    INVOEREN = "invoeren", _("Entered data in another organisation's system (as the visitor instructed)")
    BRIEF_UITGELEGD = "brief_uitgelegd", _("Letter read and explained")
    KOUD_DOORVERWEZEN = "koud_doorverwezen", _("Referred (contact details given)")
    WARM_DOORVERWEZEN = "warm_doorverwezen", _("Referred warmly (appointment or contact made)")
    CURSUS = "cursus", _("Course suggested or enrolled")
    NIET_GEHOLPEN = "niet_geholpen", _("Could not help")


class Channel(models.TextChoices):
    BALIE = "balie", _("At the desk (walk-in)")
    AFSPRAAK = "afspraak", _("By appointment")
    TELEFOON = "telefoon", _("By phone")
    EMAIL = "email", _("By e-mail")
    EXTERN = "extern", _("Consultation hour at an external location")


class Duration(models.TextChoices):
    LT5 = "lt5", _("< 5 min")
    FROM_5_TO_15 = "5_15", _("5–15 min")
    FROM_15_TO_30 = "15_30", _("15–30 min")
    FROM_30_TO_60 = "30_60", _("30–60 min")
    GT60 = "gt60", _("> 60 min")


class Outcome(models.TextChoices):
    GEHOLPEN = "geholpen", _("Question answered")
    DOORVERWEZEN = "doorverwezen", _("Referred")
    TERUGKOMEN = "terugkomen", _("Comes back (e.g. activation code)")
    NIET_GEHOLPEN = "niet_geholpen", _("Not helped")


class TargetGroup(models.TextChoices):
    PLUS65 = "65plus", _("65+")
    LAAGGELETTERD = "laaggeletterd", _("Difficulty reading/writing")
    DIGITAAL = "digitaal", _("Limited digital skills")
    NT2 = "nt2", _("Dutch as a second language")
    JONGERE = "jongere", _("Young person/student")
    BEPERKING = "beperking", _("Physical disability")
    FINANCIELE_ZORGEN = "financiele_zorgen", _("Signs of financial worries")


# Level of government derived from the organisation involved (docs/domain.md: "derived where possible").
BESTUURSLAAG_BY_ORGANISATION: dict[str, str] = {
    **{
        code: Bestuurslaag.RIJK
        for code in (
            "belastingdienst",
            "cak",
            "cbr",
            "ciz",
            "cjib",
            "duo",
            "lbio",
            "logius",
            "rvr",
            "rdw",
            "svb",
            "uwv",
            "huurcommissie",
            "kvk",
            "kadaster",
        )
    },
    "gemeente": Bestuurslaag.GEMEENTE,
    "kifid": Bestuurslaag.GEEN,
    "skgz": Bestuurslaag.GEEN,
    "zorgverzekeraar": Bestuurslaag.GEEN,
    "bank": Bestuurslaag.GEEN,
}

# The organisation a topic usually concerns: a suggestion for the desk, never forced.
DEFAULT_ORGANISATION_BY_TOPIC: dict[str, str] = {
    "digid": "logius",
    "mijnoverheid": "logius",
    "belastingaangifte": "belastingdienst",
    "toeslagen": "belastingdienst",
    "uitkering": "uwv",
    "aow_kinderbijslag": "svb",
    "studiefinanciering": "duo",
    "rijbewijs": "cbr",
    "voertuig": "rdw",
    "boetes": "cjib",
    "zorg_eigen_bijdrage": "cak",
    "zorg_indicatie": "ciz",
    "alimentatie": "lbio",
    "rechtsbijstand": "rvr",
    "gemeente": "gemeente",
    "zorgverzekering": "zorgverzekeraar",
    "bankzaken": "bank",
}

DOMAIN_BY_TOPIC: dict[str, str] = {
    **{code: Domain.DIGITALE_OVERHEID for code in Topic.values},
    "zorgverzekering": Domain.OVERIG,
    "bankzaken": Domain.OVERIG,
    "apparaat_account": Domain.OVERIG,
    "cursus": Domain.BIBLIOTHEEK,
    "overig": Domain.OVERIG,
}


def bestuurslaag_for(organisation: str | None) -> str | None:
    """The level of government for an organisation code, or None when it cannot be derived."""
    if not organisation:
        return None
    return BESTUURSLAAG_BY_ORGANISATION.get(organisation)
