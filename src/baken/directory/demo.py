"""Demo sociaal-educatieve kaart for the demo gemeenten (issue 4). Names, addresses, numbers and e-mail
addresses are invented (``.example`` domains); the kinds of partner are the real ones an IDO refers to.
Idempotent: rows are found by their natural keys and brought back to this text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta

from django.utils import timezone

from baken.core.demo import demo_loader
from baken.core.models import Branch, Gemeente, Library
from baken.core.taxonomy import TargetGroup, Topic

from .models import (
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceKind,
    ServiceTerm,
)
from .services import set_service_terms


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    address: str = ""
    postcode: str = ""
    city: str = ""
    gemeente: str = ""
    branch: str = ""  # slug of a library branch: the location is in the library
    accessibility: str = ""


@dataclass(frozen=True)
class Hours:
    byday: str
    opens: time
    closes: time
    freq: str = Schedule.Freq.WEEKLY
    spreekuur: bool = False
    where: str = ""
    host: str = ""


@dataclass(frozen=True)
class Offer:
    name: str
    description: str
    topics: tuple[str, ...]
    kind: str = ServiceKind.HELP
    target_groups: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("nl",)
    phone: str = ""
    script: str = ""
    email: str = ""
    appointment_url: str = ""
    walk_in: bool = False
    fees: str = ""
    eligibility: str = ""
    apply: str = ""
    gemeenten: tuple[str, ...] = ()
    at: tuple[tuple[str, tuple[Hours, ...]], ...] = ()
    months_since_check: int = 1


@dataclass(frozen=True)
class Partner:
    library: str
    name: str
    description: str
    website: str = ""
    phone: str = ""
    shared_with: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()
    offers: tuple[Offer, ...] = field(default=())


SCRIPT = (
    "Goedendag, u spreekt met {me}, van het Informatiepunt Digitale Overheid in de bibliotheek. Ik heb "
    "iemand bij me met een vraag over {about}. Mag ik een afspraak voor hem of haar maken? De bezoeker "
    "geeft zelf zijn naam en telefoonnummer."
)

ZEESTAD_CENTRUM = "zeestad-centrum"

PARTNERS: tuple[Partner, ...] = (
    Partner(
        library="aanzee",
        name="Welzijn Zeestad",
        description="Welzijnsorganisatie voor alle inwoners van Zeestad: formulierenbrigade, ouderenadvies "
        "en buurtwerk.",
        website="https://www.welzijn-zeestad.example/",
        phone="0223 123 456",
        places=(
            Place(
                "welzijn-zeestad",
                "Buurthuis De Kaap",
                "Kaapstraat 14",
                "9901 CD",
                "Zeestad",
                "zeestad",
                accessibility="Ingang zonder drempel, lift aanwezig.",
            ),
            Place("bieb-zeestad", "Bibliotheek Zeestad Centrum", branch=ZEESTAD_CENTRUM, gemeente="zeestad"),
        ),
        offers=(
            Offer(
                name="Formulierenbrigade Zeestad",
                description="Hulp bij het invullen van formulieren en het begrijpen van brieven: toeslagen, "
                "belastingaangifte, kwijtschelding gemeentelijke belastingen en aanvragen bij de gemeente.",
                topics=(Topic.TOESLAGEN, Topic.BELASTINGAANGIFTE, Topic.GEMEENTE, Topic.WONEN),
                target_groups=(TargetGroup.LAAGGELETTERD, TargetGroup.PLUS65, TargetGroup.NT2),
                languages=("nl", "ar", "tr"),
                phone="0223 123 456",
                script=SCRIPT.format(me="[uw naam]", about="een formulier"),
                email="formulierenbrigade@welzijn-zeestad.example",
                walk_in=True,
                eligibility="Voor inwoners van Zeestad. Neem de brief of het formulier mee.",
                apply="Binnenlopen tijdens het spreekuur, of bel voor een afspraak.",
                gemeenten=("zeestad",),
                at=(
                    ("welzijn-zeestad", (Hours("MO,TH", time(9), time(12)),)),
                    (
                        "bieb-zeestad",
                        (
                            Hours(
                                "WE",
                                time(13, 30),
                                time(16),
                                spreekuur=True,
                                where="Tafel naast de IDO-balie",
                                host="Vrijwilliger formulierenbrigade",
                            ),
                        ),
                    ),
                ),
            ),
            Offer(
                name="Ouderenadvies Zeestad",
                description="Advies voor 65-plussers over zorg en ondersteuning, Wmo-aanvraag, eigen "
                "bijdrage en wonen.",
                topics=(Topic.GEMEENTE, Topic.ZORG_EIGEN_BIJDRAGE, Topic.ZORG_INDICATIE),
                target_groups=(TargetGroup.PLUS65,),
                phone="0223 123 460",
                script=SCRIPT.format(me="[uw naam]", about="zorg en ondersteuning"),
                email="ouderenadvies@welzijn-zeestad.example",
                eligibility="Voor inwoners van Zeestad van 65 jaar en ouder en hun mantelzorgers.",
                gemeenten=("zeestad",),
                at=(("welzijn-zeestad", (Hours("TU", time(9), time(12)),)),),
                months_since_check=8,
            ),
        ),
    ),
    Partner(
        library="aanzee",
        name="Sociaal Raadslieden Kust",
        description="Gratis en onafhankelijk advies over geldzaken, uitkeringen, toeslagen, belastingen en "
        "brieven van instanties.",
        website="https://www.raadslieden-kust.example/",
        phone="0223 555 010",
        places=(
            Place(
                "raadslieden-kust",
                "Stadskantoor Zeestad, loket 4",
                "Raadhuisplein 2",
                "9901 EF",
                "Zeestad",
                "zeestad",
            ),
        ),
        offers=(
            Offer(
                name="Sociaal raadslieden: spreekuur geldzaken",
                description="Uitleg en hulp bij uitkeringen (UWV, SVB), toeslagen, bezwaar maken, boetes "
                "en betalingsregelingen met het CJIB.",
                topics=(Topic.UITKERING, Topic.TOESLAGEN, Topic.BOETES, Topic.AOW_KINDERBIJSLAG),
                target_groups=(TargetGroup.FINANCIELE_ZORGEN,),
                languages=("nl", "en"),
                phone="0223 555 010",
                script=SCRIPT.format(me="[uw naam]", about="geldzaken"),
                email="intake@raadslieden-kust.example",
                appointment_url="https://afspraak.raadslieden-kust.example/",
                eligibility="Voor inwoners van Zeestad en Duinwijk.",
                gemeenten=("zeestad", "duinwijk"),
                at=(("raadslieden-kust", (Hours("MO,WE,FR", time(9), time(12, 30)),)),),
            ),
        ),
    ),
    Partner(
        library="aanzee",
        name="Humanitas Kust",
        description="Vrijwilligers die thuis helpen met de administratie en met het op orde brengen van "
        "geldzaken.",
        website="https://www.humanitas-kust.example/",
        places=(
            Place(
                "humanitas-duinwijk",
                "Huis van de Wijk Duinwijk",
                "Helmgras 3",
                "9902 CE",
                "Duinwijk",
                "duinwijk",
            ),
        ),
        offers=(
            Offer(
                name="Thuisadministratie",
                description="Een vrijwilliger komt bij u thuis en helpt een jaar lang om papieren, "
                "rekeningen en online bankieren op orde te krijgen.",
                topics=(Topic.BANKZAKEN, Topic.TOESLAGEN),
                target_groups=(TargetGroup.FINANCIELE_ZORGEN, TargetGroup.DIGITAAL),
                email="thuisadministratie@humanitas-kust.example",
                apply="Aanmelden per e-mail; een coördinator belt binnen twee weken terug.",
                gemeenten=("zeestad", "duinwijk"),
                at=(("humanitas-duinwijk", (Hours("TU,TH", time(10), time(12)),)),),
            ),
        ),
    ),
    Partner(
        library="aanzee",
        name="Schuldhulp Duinwijk",
        description="Schuldhulpverlening van de gemeente Duinwijk.",
        website="https://www.duinwijk.example/schuldhulp",
        places=(
            Place(
                "gemeentehuis-duinwijk",
                "Gemeentehuis Duinwijk",
                "Dorpsplein 1",
                "9902 AA",
                "Duinwijk",
                "duinwijk",
            ),
        ),
        offers=(
            Offer(
                name="Schuldhulpverlening Duinwijk",
                description="Hulp bij schulden en betalingsachterstanden: een gesprek, een plan en zo nodig "
                "een schuldregeling.",
                topics=(Topic.BOETES, Topic.BANKZAKEN, Topic.WONEN),
                target_groups=(TargetGroup.FINANCIELE_ZORGEN,),
                email="aanmelden@schuldhulp-duinwijk.example",
                appointment_url="https://afspraak.schuldhulp-duinwijk.example/",
                eligibility="Voor inwoners van Duinwijk.",
                gemeenten=("duinwijk",),
                at=(("gemeentehuis-duinwijk", (Hours("MO,TU,WE,TH,FR", time(9), time(16)),)),),
            ),
        ),
    ),
    Partner(
        library="aanzee",
        name="Het Juridisch Loket Kust en Rivier",
        description="Gratis juridisch advies over werk, wonen, schulden, familie en contact met de overheid.",
        website="https://www.juridischloket-kustenrivier.example/",
        phone="0223 700 800",
        shared_with=("rivierenland",),
        places=(
            Place("jl-zeestad", "Juridisch Loket Zeestad", "Stationsweg 20", "9901 GH", "Zeestad", "zeestad"),
            Place("jl-bieb-duinwijk", "Bibliotheek Duinwijk", branch="duinwijk", gemeente="duinwijk"),
        ),
        offers=(
            Offer(
                name="Juridisch advies",
                description="Advies over huur, ontslag, alimentatie, boetes en bezwaar tegen een besluit van "
                "de overheid. Zo nodig een verwijzing naar een advocaat (rechtsbijstand).",
                topics=(Topic.RECHTSBIJSTAND, Topic.ALIMENTATIE, Topic.WONEN, Topic.BOETES),
                languages=("nl", "en", "pl"),
                phone="0223 700 800",
                script=SCRIPT.format(me="[uw naam]", about="een juridische vraag"),
                appointment_url="https://afspraak.juridischloket-kustenrivier.example/",
                walk_in=True,
                gemeenten=("zeestad", "duinwijk", "dijkdorp"),
                at=(
                    ("jl-zeestad", (Hours("MO,TU,WE,TH,FR", time(9), time(17)),)),
                    (
                        "jl-bieb-duinwijk",
                        (
                            Hours(
                                "2TH",
                                time(14),
                                time(16),
                                freq=Schedule.Freq.MONTHLY,
                                spreekuur=True,
                                where="Studieruimte, eerste verdieping",
                                host="Jurist van het Juridisch Loket",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Partner(
        library="aanzee",
        name="SeniorWeb Zeestad",
        description="Vrijwilligers die senioren helpen met computer, tablet en smartphone.",
        website="https://www.seniorweb-zeestad.example/",
        places=(
            Place(
                "bieb-zeestad-sw", "Bibliotheek Zeestad Centrum", branch=ZEESTAD_CENTRUM, gemeente="zeestad"
            ),
        ),
        offers=(
            Offer(
                name="SeniorWeb digitaal spreekuur",
                description="Vragen over uw telefoon, tablet, e-mail, apps en wachtwoorden. Neem uw eigen "
                "apparaat mee.",
                topics=(Topic.APPARAAT_ACCOUNT, Topic.DIGID),
                target_groups=(TargetGroup.PLUS65, TargetGroup.DIGITAAL),
                walk_in=True,
                at=(
                    (
                        "bieb-zeestad-sw",
                        (
                            Hours(
                                "MO,WE,FR",
                                time(10),
                                time(12),
                                spreekuur=True,
                                where="Leestafel bij de ingang",
                                host="Vrijwilliger van SeniorWeb",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Partner(
        library="aanzee",
        name="Bibliotheek Aan Zee (cursussen)",
        description="Cursussen van de bibliotheek voor digitale vaardigheden en taal.",
        website="https://www.bibliotheekaanzee.example/cursussen",
        places=(
            Place(
                "bieb-zeestad-cursus",
                "Bibliotheek Zeestad Centrum",
                branch=ZEESTAD_CENTRUM,
                gemeente="zeestad",
            ),
            Place("bieb-duinwijk-cursus", "Bibliotheek Duinwijk", branch="duinwijk", gemeente="duinwijk"),
        ),
        offers=(
            Offer(
                name="Digisterker: werken met de e-overheid",
                kind=ServiceKind.COURSE,
                description="Cursus van vier lessen: DigiD gebruiken, MijnOverheid, de Berichtenbox en "
                "zaken regelen met de overheid.",
                topics=(Topic.CURSUS, Topic.DIGID, Topic.MIJNOVERHEID),
                target_groups=(TargetGroup.DIGITAAL, TargetGroup.PLUS65),
                email="cursus@bibliotheekaanzee.example",
                apply="Inschrijven aan de balie van de bibliotheek of per e-mail.",
                at=(
                    ("bieb-zeestad-cursus", (Hours("1TU", time(10), time(12), freq=Schedule.Freq.MONTHLY),)),
                ),
            ),
            Offer(
                name="Klik & Tik: de basis",
                kind=ServiceKind.COURSE,
                description="Leer in uw eigen tempo werken met de computer: muis, toetsenbord, internet en "
                "e-mail.",
                topics=(Topic.CURSUS, Topic.APPARAAT_ACCOUNT),
                target_groups=(TargetGroup.DIGITAAL, TargetGroup.LAAGGELETTERD),
                walk_in=True,
                at=(("bieb-duinwijk-cursus", (Hours("TU", time(14), time(16)),)),),
            ),
            Offer(
                name="Taalhuis Zeestad",
                kind=ServiceKind.COURSE,
                description="Beter leren lezen, schrijven en rekenen, of Nederlands oefenen als tweede taal. "
                "Een taalvrijwilliger zoekt met u wat past.",
                topics=(Topic.CURSUS,),
                target_groups=(TargetGroup.LAAGGELETTERD, TargetGroup.NT2),
                languages=("nl", "ar", "uk", "ti"),
                walk_in=True,
                at=(
                    (
                        "bieb-zeestad-cursus",
                        (
                            Hours(
                                "TH",
                                time(13),
                                time(15),
                                spreekuur=True,
                                where="Taalhuis-hoek",
                                host="Taalhuis-coördinator",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Partner(
        library="rivierenland",
        name="Sociaal Raadslieden Dijkdorp",
        description="Gratis advies over geldzaken, uitkeringen en brieven van instanties.",
        website="https://www.raadslieden-dijkdorp.example/",
        phone="0344 987 654",
        places=(
            Place(
                "raadslieden-dijkdorp",
                "Dienstencentrum De Uiterwaard",
                "Kade 8",
                "9903 DD",
                "Dijkdorp",
                "dijkdorp",
            ),
        ),
        offers=(
            Offer(
                name="Spreekuur sociaal raadslieden",
                description="Hulp bij uitkeringen, toeslagen, bezwaar en betalingsregelingen.",
                topics=(Topic.UITKERING, Topic.TOESLAGEN, Topic.AOW_KINDERBIJSLAG),
                target_groups=(TargetGroup.FINANCIELE_ZORGEN,),
                phone="0344 987 654",
                script=SCRIPT.format(me="[uw naam]", about="een uitkering"),
                email="intake@raadslieden-dijkdorp.example",
                gemeenten=("dijkdorp",),
                at=(("raadslieden-dijkdorp", (Hours("TU,TH", time(9), time(12)),)),),
            ),
        ),
    ),
    Partner(
        library="rivierenland",
        name="Humanitas Rivierenland",
        description="Vrijwilligers helpen met formulieren en de thuisadministratie.",
        website="https://www.humanitas-rivierenland.example/",
        places=(Place("bieb-dijkdorp", "Bibliotheek Dijkdorp", branch="dijkdorp", gemeente="dijkdorp"),),
        offers=(
            Offer(
                name="Formulierenhulp Dijkdorp",
                description="Hulp bij formulieren van de Belastingdienst, Toeslagen, UWV en de gemeente.",
                topics=(Topic.TOESLAGEN, Topic.BELASTINGAANGIFTE, Topic.GEMEENTE),
                target_groups=(TargetGroup.LAAGGELETTERD, TargetGroup.PLUS65),
                walk_in=True,
                gemeenten=("dijkdorp",),
                at=(
                    (
                        "bieb-dijkdorp",
                        (
                            Hours(
                                "MO",
                                time(9, 30),
                                time(12),
                                spreekuur=True,
                                where="Bij de IDO-balie",
                                host="Vrijwilliger van Humanitas",
                            ),
                        ),
                    ),
                ),
            ),
            Offer(
                name="Klik & Tik Dijkdorp",
                kind=ServiceKind.COURSE,
                description="Oefenen met computer en internet in de bibliotheek, met een vrijwilliger erbij.",
                topics=(Topic.CURSUS, Topic.APPARAAT_ACCOUNT),
                target_groups=(TargetGroup.DIGITAAL,),
                walk_in=True,
                at=(("bieb-dijkdorp", (Hours("TH", time(13), time(15)),)),),
            ),
        ),
    ),
)


@demo_loader(order=45)
def load_directory() -> None:
    libraries = {lib.slug: lib for lib in Library.objects.all()}
    gemeenten = {g.slug: g for g in Gemeente.objects.all()}
    for partner in PARTNERS:
        _load_partner(partner, libraries, gemeenten)


def _load_partner(partner: Partner, libraries: dict[str, Library], gemeenten: dict[str, Gemeente]) -> None:
    library = libraries[partner.library]
    org, _ = Organization.objects.update_or_create(
        library=library,
        name=partner.name,
        defaults={"description": partner.description, "website": partner.website},
    )
    org.shared_with.set([libraries[slug] for slug in partner.shared_with])
    org.phones.all().delete()
    if partner.phone:
        Phone.objects.create(organization=org, number=partner.phone)
    places = {place.key: _location(place, org, library, gemeenten) for place in partner.places}
    for offer in partner.offers:
        _service(offer, org, library, places, gemeenten)


def _location(place: Place, org: Organization, library: Library, gemeenten: dict[str, Gemeente]) -> Location:
    branch = Branch.objects.get(library=library, slug=place.branch) if place.branch else None
    location, _ = Location.objects.update_or_create(
        library=library,
        organization=org,
        name=place.name,
        defaults={
            "branch": branch,
            "address_1": place.address or (branch.street_address if branch else ""),
            "postal_code": place.postcode or (branch.postal_code if branch else ""),
            "city": place.city or (branch.city if branch else ""),
            "gemeente": gemeenten.get(place.gemeente) or (branch.gemeente if branch else None),
            "accessibility": place.accessibility,
        },
    )
    return location


def _service(
    offer: Offer,
    org: Organization,
    library: Library,
    places: dict[str, Location],
    gemeenten: dict[str, Gemeente],
) -> None:
    service, _ = Service.objects.update_or_create(
        organization=org,
        name=offer.name,
        defaults={
            "library": library,
            "kind": offer.kind,
            "description": offer.description,
            "referral_phone": offer.phone,
            "referral_phone_script": offer.script,
            "referral_email": offer.email,
            "appointment_url": offer.appointment_url,
            "walk_in": offer.walk_in,
            "fees_description": offer.fees,
            "is_free": not offer.fees,
            "eligibility_description": offer.eligibility,
            "application_process": offer.apply,
            "last_verified_on": timezone.localdate() - timedelta(days=30 * offer.months_since_check),
        },
    )
    service.gemeenten.set([gemeenten[slug] for slug in offer.gemeenten])
    set_service_terms(service=service, vocabulary=ServiceTerm.Vocabulary.TOPIC, codes=offer.topics)
    set_service_terms(
        service=service, vocabulary=ServiceTerm.Vocabulary.TARGET_GROUP, codes=offer.target_groups
    )
    set_service_terms(service=service, vocabulary=ServiceTerm.Vocabulary.LANGUAGE, codes=offer.languages)
    for place_key, hours in offer.at:
        sal, _ = ServiceAtLocation.objects.get_or_create(service=service, location=places[place_key])
        sal.schedules.all().delete()
        Schedule.objects.bulk_create(
            Schedule(
                service_at_location=sal,
                freq=h.freq,
                byday=h.byday,
                opens_at=h.opens,
                closes_at=h.closes,
                is_spreekuur=h.spreekuur,
                where=h.where,
                host=h.host,
            )
            for h in hours
        )


@demo_loader(order=46)
def index_directory() -> None:
    # The loader above writes schedules with bulk_create (no signals): rebuild the search index once.
    from .search import rebuild_index

    rebuild_index()
