"""``Authorization: Token bkn_…``: a branch device speaks to the API as that branch, nothing more.

The principal is a ``Device``, not a user: it has no role, so no role-checked view (API or page)
lets it in; only views that say ``accepts_devices = True`` do (docs/adr/0080-rest-api.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from baken.core.roles import COORDINATOR_ROLES

from . import selectors, services
from .models import DeviceToken

KEYWORD = "Token"


@dataclass(frozen=True)
class Device:
    """The request's principal for a branch device token."""

    token: DeviceToken
    is_authenticated = True
    is_anonymous = False
    role = ""  # never one of the roles: a device passes no @role_required check

    @property
    def library_id(self) -> int:
        return self.token.library_id

    @property
    def branch_id(self) -> int:
        return self.token.branch_id

    def get_username(self) -> str:
        return f"apparaat:{self.token.key_id}"


def issuer_still_responsible(token: DeviceToken) -> bool:
    """A token works while the coordinator who made it is an active coordinator of that library."""
    issuer = token.created_by
    return bool(
        issuer.is_active and issuer.role in COORDINATOR_ROLES and issuer.library_id == token.library_id
    )


class DeviceTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Device, DeviceToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None  # not ours: another authenticator may try
        if len(parts) != 2:
            raise AuthenticationFailed(_("Send the header as: Authorization: Token <token>."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed(_("This token is not valid.")) from error
        token = selectors.device_token_for(raw)
        if token is None:
            raise AuthenticationFailed(_("This token is not valid."))
        if token.revoked_at is not None:
            raise AuthenticationFailed(_("This token has been revoked."))
        if not issuer_still_responsible(token):
            raise AuthenticationFailed(
                _("The coordinator who made this token no longer has that role. Ask for a new token.")
            )
        services.device_token_touch(token=token)
        return Device(token), token

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class SessionSchemeForBaken(SessionScheme):
    """The session as the schema shows it. On device views the session only identifies a signed-in
    user in order to refuse them (403 rather than 401), so it is not listed as a way in there."""

    target_class = "rest_framework.authentication.SessionAuthentication"
    priority = 1  # over drf-spectacular's own SessionScheme

    def get_security_requirement(self, auto_schema: Any) -> Any:
        if getattr(auto_schema.view, "accepts_devices", False):
            return None
        return super().get_security_requirement(auto_schema)


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the device token."""

    target_class = "baken.api.authentication.DeviceTokenAuthentication"
    name = "apparaatsleutel"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token bkn_…: de sleutel van één vestiging (een apparaat aan de balie).",
        }
