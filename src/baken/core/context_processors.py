from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .middleware import inactivity_limit_seconds
from .navigation import navigation_for


def baken(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": navigation_for(user, request.path),
        "session_timeout_seconds": inactivity_limit_seconds(user),
        "session_warning_seconds": settings.BAKEN_INACTIVITY_WARNING_SECONDS,
    }
