"""Demo partners, consultation hours and a few anonymous referrals (idempotent)."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from baken.core.demo import demo_loader
from baken.core.models import Branch, Library
from baken.core.taxonomy import Topic

from .models import (
    ConsultationHour,
    Partner,
    Referral,
    ReferralChannel,
    ReferralStatus,
    ReferralStatusEvent,
)

PARTNERS = [
    # library, name, topic, phone, script, e-mail, appointment url
    (
        "aanzee",
        "Welzijn Zeestad",
        Topic.TOESLAGEN,
        "0223 123 456",
        "Goedendag, u spreekt met het IDO van Bibliotheek Aan Zee. Ik heb een bezoeker bij me met een vraag "
        "over toeslagen. Kunt u een afspraak met hem of haar maken?",
        "doorverwijzing@welzijn-zeestad.example",
        "",
    ),
    (
        "aanzee",
        "Schuldhulp Duinwijk",
        Topic.BANKZAKEN,
        "",
        "",
        "aanmelden@schuldhulp-duinwijk.example",
        "https://afspraak.schuldhulp-duinwijk.example/",
    ),
    (
        "aanzee",
        "SeniorWeb Zeestad",
        Topic.APPARAAT_ACCOUNT,
        "",
        "",
        "",
        "",
    ),
    (
        "rivierenland",
        "Sociaal Raadslieden Dijkdorp",
        Topic.UITKERING,
        "0344 987 654",
        "Goedendag, ik bel vanuit het IDO van Bibliotheek Rivierenland voor een bezoeker met een vraag over "
        "een uitkering.",
        "intake@raadslieden-dijkdorp.example",
        "",
    ),
]


@demo_loader(order=50)
def load_referrals() -> None:
    for slug, name, topic, phone, script, email, url in PARTNERS:
        Partner.objects.update_or_create(
            library=Library.objects.get(slug=slug),
            name=name,
            defaults={
                "topic": topic,
                "phone": phone,
                "phone_script": script,
                "email": email,
                "appointment_url": url,
                "active": True,
            },
        )
    seniorweb = Partner.objects.get(library__slug="aanzee", name="SeniorWeb Zeestad")
    centrum = Branch.objects.get(library__slug="aanzee", slug="zeestad-centrum")
    seniorweb.consultation_hours.all().delete()
    for weekday in (0, 2, 4):
        ConsultationHour.objects.create(
            partner=seniorweb,
            branch=centrum,
            weekday=weekday,
            starts=time(10),
            ends=time(12),
            location="Leestafel bij de ingang",
            host="Vrijwilliger van SeniorWeb",
        )
    _demo_referrals()


def _demo_referrals() -> None:
    library = Library.objects.get(slug="aanzee")
    if Referral.objects.filter(library=library).exists():
        return
    welzijn = Partner.objects.get(library=library, name="Welzijn Zeestad")
    branch = Branch.objects.get(library=library, slug="zeestad-centrum")
    today = timezone.localdate()
    for days_ago, status in (
        (9, ReferralStatus.SENT),
        (3, ReferralStatus.CONTACTED),
        (20, ReferralStatus.HELPED),
    ):
        referral = Referral.objects.create(
            library=library,
            branch=branch,
            partner=welzijn,
            topic=Topic.TOESLAGEN,
            channel=ReferralChannel.EMAIL,
            referred_on=today - timedelta(days=days_ago),
            sent_at=timezone.now() - timedelta(days=days_ago),
            status=status,
        )
        ReferralStatusEvent.objects.create(
            referral=referral, status=ReferralStatus.SENT, source=ReferralStatusEvent.Source.SYSTEM
        )
        if status != ReferralStatus.SENT:
            ReferralStatusEvent.objects.create(
                referral=referral, status=status, source=ReferralStatusEvent.Source.PARTNER
            )
