"""One throttle for the API, keyed on who calls: a device token, a signed-in user or an address.

Rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (``device``, ``user``, ``anon``) and are
read per request, so tests can switch throttling on with ``override_settings``. Counts live in the
cache: with several app processes, configure a shared cache (docs/adr/0080-rest-api.md).
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .authentication import Device


class BakenRateThrottle(SimpleRateThrottle):
    def __init__(self) -> None:  # the scope is known per request, not per class
        self.scope = "anon"

    def get_rate(self) -> str | None:
        rates: dict[str, str | None] = dict(api_settings.DEFAULT_THROTTLE_RATES)  # type: ignore[arg-type]
        return rates.get(str(self.scope))

    def allow_request(self, request: Request, view: Any) -> bool:
        user = request.user
        if isinstance(user, Device):
            self.scope, ident = "device", user.token.key_id
        elif user is not None and user.is_authenticated:
            self.scope, ident = "user", str(user.pk)
        else:
            self.scope, ident = "anon", self.get_ident(request)
        self.ident = ident
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.ident}
