"""The base of every API view: it names its roles like a page does, and reads throttles per request."""

from __future__ import annotations

from collections.abc import Sequence

from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from ..permissions import RolePermission


class BakenAPIView(APIView):
    """``allowed_roles`` is read by ``RolePermission`` and by the isolation matrix (testing/routes.py);
    ``accepts_devices`` lets branch device tokens in. A view without either opens to nobody."""

    allowed_roles: frozenset[str] = frozenset()
    accepts_devices = False
    authentication_classes: Sequence[type[BaseAuthentication]] = [SessionAuthentication]
    permission_classes = [RolePermission]

    def get_throttles(self) -> list[BaseThrottle]:
        # Read at request time (DRF reads them once, at import): override_settings works in tests.
        classes: list[type[BaseThrottle]] = list(api_settings.DEFAULT_THROTTLE_CLASSES)  # type: ignore[arg-type]
        return [throttle() for throttle in classes]
