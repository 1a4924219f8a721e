"""Demo referrals to services of the demo sociaal-educatieve kaart (idempotent; runs after the directory)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from baken.core.demo import demo_loader
from baken.core.models import Branch, Library
from baken.core.taxonomy import Topic
from baken.directory.models import Service

from .models import Referral, ReferralChannel, ReferralStatus, ReferralStatusEvent


@demo_loader(order=50)
def load_referrals() -> None:
    library = Library.objects.get(slug="aanzee")
    if Referral.objects.filter(library=library).exists():
        return
    brigade = Service.objects.get(organization__library=library, name="Formulierenbrigade Zeestad")
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
            service=brigade,
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
