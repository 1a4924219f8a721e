"""POST /api/v1/contacten/: a branch device registers one anonymous contact with its questions."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response

from baken.registrations import services as registration_services

from ..authentication import DeviceTokenAuthentication
from ..models import DeviceToken
from ..serializers import ContactInSerializer, ContactOutSerializer, ErrorSerializer
from .base import BakenAPIView

IDEMPOTENCY_HEADER = "Idempotency-Key"
KEY_FIELD = "idempotentiesleutel"


def _key(request: Request, body_key: uuid.UUID | None) -> uuid.UUID | Response:
    header = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    header_key = None
    if header:
        try:
            header_key = uuid.UUID(header)
        except ValueError:
            return _bad({KEY_FIELD: [_("The Idempotency-Key header must be a UUID.")]})
    if header_key and body_key and header_key != body_key:
        return _bad({KEY_FIELD: [_("The Idempotency-Key header and the field differ.")]})
    key = header_key or body_key
    if key is None:
        return _bad(
            {KEY_FIELD: [_("Send an idempotency key (a UUID), so a retried request is stored only once.")]}
        )
    return key


def _bad(errors: dict[str, list[str]]) -> Response:
    return Response(errors, status=status.HTTP_400_BAD_REQUEST)


class ContactCreateView(BakenAPIView):
    # Only branch devices: staff register at the desk page. A signed-in user is refused (403).
    allowed_roles: frozenset[str] = frozenset()
    accepts_devices = True
    # The session only recognises a signed-in user, to refuse them with 403 (audit-logged), not 401.
    authentication_classes = [DeviceTokenAuthentication, SessionAuthentication]

    @extend_schema(
        operation_id="contact_registreren",
        summary="Een contact registreren",
        description=(
            "Registreert één anoniem contact met een of meer vragen voor de vestiging van de sleutel "
            "(de vestiging komt nooit uit het verzoek). Zelfde regels als aan de balie: codes uit de "
            "landelijke indeling, een datum binnen het afgelopen jaar, een opmerking zonder "
            "persoonsgegevens. Geef een idempotentiesleutel mee: een herhaald verzoek met dezelfde "
            "sleutel slaat niets nieuws op en geeft het eerder opgeslagen contact terug (200)."
        ),
        tags=["contacten"],
        request=ContactInSerializer,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.UUID,
                OpenApiParameter.HEADER,
                required=False,
                description="Idempotentiesleutel (UUID); mag ook in het veld idempotentiesleutel.",
            )
        ],
        responses={
            201: OpenApiResponse(ContactOutSerializer, description="Opgeslagen: het anonieme contact."),
            200: OpenApiResponse(ContactOutSerializer, description="Herhaald verzoek: al opgeslagen."),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT, description="Foutmeldingen per veld, in het Nederlands."
            ),
            401: OpenApiResponse(
                ErrorSerializer, description="Geen, een onbekende of een ingetrokken sleutel."
            ),
            403: OpenApiResponse(ErrorSerializer, description="Aangemeld als gebruiker: alleen apparaten."),
            409: OpenApiResponse(ErrorSerializer, description="Deze idempotentiesleutel is elders gebruikt."),
            415: OpenApiResponse(ErrorSerializer, description="Stuur JSON."),
            429: OpenApiResponse(ErrorSerializer, description="Te veel verzoeken; probeer het later."),
        },
    )
    def post(self, request: Request) -> Response:
        token: DeviceToken = request.auth  # type: ignore[assignment]  # set by DeviceTokenAuthentication
        serializer = ContactInSerializer(data=request.data, context={"library_id": token.library_id})
        serializer.is_valid(raise_exception=True)
        key = _key(request, serializer.validated_data.get(KEY_FIELD))
        if isinstance(key, Response):
            return key
        try:
            contact, created = registration_services.contact_register(
                # The coordinator who made the token answers for the device (docs/adr/0080).
                actor=token.created_by,
                data=serializer.contact_data(branch=token.branch),
                idempotency_key=key,
            )
        except ValidationError as error:
            return _bad({"non_field_errors": [str(m) for m in error.messages]})
        except registration_services.IdempotencyConflict:
            return Response(
                {"detail": _("This idempotency key was already used. Send a new one.")},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(
            ContactOutSerializer(contact).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
