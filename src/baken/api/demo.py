"""Demo device tokens: one per demo library, with a secret nobody knows (make your own on the page).

They give the isolation matrix another library's token to try; idempotent by fixed keys.
"""

from __future__ import annotations

import uuid

from baken.core.demo import demo_loader
from baken.core.models import Branch, User

from .models import DeviceToken
from .selectors import token_hash
from .services import new_raw_token

NAMESPACE = uuid.UUID("0b6f1e2a-8c1d-4f3e-9d7a-5e2c4b1a0f80")
DEMO_TOKENS = {"aanzee": "coordinator.aanzee", "rivierenland": "coordinator.rivierenland"}


@demo_loader(order=90)
def load_device_tokens() -> None:
    for slug, username in DEMO_TOKENS.items():
        key = uuid.uuid5(NAMESPACE, slug)
        if DeviceToken.objects.filter(idempotency_key=key).exists():
            continue
        coordinator = User.objects.filter(username=username).first()
        branch = Branch.objects.filter(library__slug=slug).order_by("pk").first()
        if coordinator is None or branch is None:
            continue
        key_id, raw = new_raw_token()
        DeviceToken.objects.create(
            library_id=branch.library_id,
            branch=branch,
            label="Registratiekiosk (demo)",
            key_id=key_id,
            token_hash=token_hash(raw),
            idempotency_key=key,
            created_by=coordinator,
        )
