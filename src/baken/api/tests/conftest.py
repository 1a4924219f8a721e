"""Fixtures of the API tests: a branch device token and a client that sends it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from baken.api import services
from baken.api.models import DeviceToken
from baken.core.models import Branch, User


@pytest.fixture
def zeestad(demo: None) -> Branch:
    return Branch.objects.get(slug="zeestad-centrum")


@pytest.fixture
def make_token(demo: None) -> Callable[..., tuple[DeviceToken, str]]:
    def make(username: str = "coordinator.aanzee", branch: Branch | None = None) -> tuple[DeviceToken, str]:
        issuer = User.objects.get(username=username)
        branch = branch or Branch.objects.filter(library=issuer.library).order_by("pk").first()
        assert branch is not None
        token, raw = services.device_token_create(
            actor=issuer, branch=branch, label="Kiosk", idempotency_key=uuid.uuid4()
        )
        assert raw is not None
        return token, raw

    return make


@pytest.fixture
def device(make_token: Callable[..., tuple[DeviceToken, str]], zeestad: Branch) -> tuple[DeviceToken, str]:
    return make_token(branch=zeestad)


@pytest.fixture
def device_client(device: tuple[DeviceToken, str]) -> Client:
    return Client(headers={"Authorization": f"Token {device[1]}"})


def contact_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "idempotentiesleutel": str(uuid.uuid4()),
        "datum": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "uurblok": 10,
        "kanaal": "balie",
        "duur": "15_30",
        "uitkomst": "geholpen",
        "doelgroepen": ["65plus"],
        "opmerking": "",
        "vragen": [{"onderwerp": "digid", "hulp": ["meekijken", "informatie"]}],
    }
    body.update(overrides)
    return body
