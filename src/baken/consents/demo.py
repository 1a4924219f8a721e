"""One demo consent record for Bibliotheek Aan Zee (idempotent)."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone

from baken.core.demo import demo_loader
from baken.core.models import Branch, Library, User

from .models import ConsentRecord, Manner


def _demo_signature_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(image).line([(20, 70), (80, 30), (140, 75), (200, 25), (280, 60)], fill="black", width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@demo_loader(order=60)
def load_consents() -> None:
    library = Library.objects.get(slug="aanzee")
    if ConsentRecord.objects.filter(library=library).exists():
        return
    staff = User.objects.get(username="medewerker.aanzee")
    ConsentRecord.objects.create(
        library=library,
        branch=Branch.objects.get(library=library, slug="zeestad-centrum"),
        recipient="Welzijn Zeestad",
        purpose="Zodat Welzijn Zeestad u kan bellen over uw vraag over zorgtoeslag en uw gezondheid.",
        manner=Manner.TABLET,
        given_at=timezone.now() - timedelta(days=2),
        staff_name=staff.get_full_name(),
        signature=_demo_signature_png(),
        signature_content_type="image/png",
        created_by=staff,
    )
