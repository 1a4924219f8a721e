"""Throttling: off in the test settings, on in production; switched on here to prove a 429."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from baken.settings import base

from .conftest import contact_body

pytestmark = pytest.mark.django_db


def test_production_settings_throttle_every_api_view():
    assert base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == ["baken.api.throttling.BakenRateThrottle"]
    assert set(base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]) == {"anon", "user", "device"}


def test_too_many_requests_get_429_per_device_and_per_user(device_client, client_for):
    throttled = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_CLASSES": ["baken.api.throttling.BakenRateThrottle"],
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "2/min", "device": "2/min"},
    }
    cache.clear()
    with override_settings(REST_FRAMEWORK=throttled):
        codes = [
            device_client.post(
                "/api/v1/contacten/", contact_body(), content_type="application/json"
            ).status_code
            for _n in range(3)
        ]
        assert codes == [201, 201, 429]
        user = client_for("coordinator.aanzee")
        assert [user.get("/api/v1/cijfers/").status_code for _n in range(3)] == [200, 200, 429]
        response = user.get("/api/v1/cijfers/")
        assert "Retry-After" in response
        assert response.json()["detail"]
    cache.clear()
    assert (
        device_client.post("/api/v1/contacten/", contact_body(), content_type="application/json").status_code
        == 201
    )
