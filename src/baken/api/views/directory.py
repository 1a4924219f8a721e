"""GET /api/v1/kaart/diensten/: the public sociaal-educatieve kaart of one gemeente in HSDS 3.0 form.

The same documents as the public HSDS download of the citizen pages (``directory.hsds``, public=True:
no warm-referral e-mail, no phone script, no staff names), paged in the HSDS API's envelope. Open to
everyone, like the citizen pages; throttled per address.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from baken.core.models import Gemeente
from baken.directory import hsds
from baken.directory.selectors_public import services_for_gemeente

from ..serializers import ErrorSerializer

MAX_PAGE_SIZE = 100


class DirectoryQuerySerializer(serializers.Serializer[Any]):
    gemeente = serializers.CharField(max_length=40)
    pagina = serializers.IntegerField(min_value=1, max_value=100_000, default=1)
    per_pagina = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, default=50)


def _gemeente(value: str) -> Gemeente | None:
    return Gemeente.objects.filter(Q(slug=value) | Q(cbs_code=value.upper())).first()


class DirectoryServicesView(APIView):
    allowed_roles = "public"  # read by the isolation matrix: open like the citizen pages
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    def get_throttles(self) -> list[BaseThrottle]:
        classes: list[type[BaseThrottle]] = list(api_settings.DEFAULT_THROTTLE_CLASSES)  # type: ignore[arg-type]
        return [throttle() for throttle in classes]

    @extend_schema(
        operation_id="kaart_diensten",
        summary="De sociaal-educatieve kaart van een gemeente (HSDS 3.0)",
        description=(
            "Actieve diensten en cursussen voor inwoners van de gemeente, als Open Referral HSDS 3.0 "
            "service-documenten in de gepagineerde envelop van de HSDS-API. Openbaar, zoals de pagina's "
            "voor inwoners: zonder het e-mailadres voor warme doorverwijzingen, het belscript of namen "
            "van medewerkers."
        ),
        tags=["kaart"],
        auth=[],
        parameters=[
            OpenApiParameter(
                "gemeente", OpenApiTypes.STR, required=True, description="Slug of CBS-code (GM0123)."
            ),
            OpenApiParameter("pagina", OpenApiTypes.INT, description="Paginanummer, vanaf 1."),
            OpenApiParameter(
                "per_pagina", OpenApiTypes.INT, description=f"Aantal per pagina (1–{MAX_PAGE_SIZE})."
            ),
        ],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="Een pagina HSDS-diensten."),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Foutmeldingen per parameter."),
            404: OpenApiResponse(ErrorSerializer, description="Deze gemeente kent Baken niet."),
            429: OpenApiResponse(ErrorSerializer, description="Te veel verzoeken; probeer het later."),
        },
    )
    def get(self, request: Request) -> Response:
        query = DirectoryQuerySerializer(data=request.query_params)
        if not query.is_valid():
            return Response(query.errors, status=status.HTTP_400_BAD_REQUEST)
        gemeente = _gemeente(query.validated_data["gemeente"])
        if gemeente is None:
            return Response(
                {"detail": _("This municipality is not known.")}, status=status.HTTP_404_NOT_FOUND
            )
        number, size = query.validated_data["pagina"], query.validated_data["per_pagina"]
        services = services_for_gemeente(gemeente=gemeente).order_by("organization__name", "name", "pk")
        total = services.count()
        rows = hsds.prefetch_for_hsds(services)[(number - 1) * size : number * size]
        pages = max(1, -(-total // size))
        return Response(
            {
                "total_items": total,
                "total_pages": pages,
                "page_number": number,
                "size": size,
                "first_page": number == 1,
                "last_page": number >= pages,
                "empty": total == 0,
                "contents": [hsds.service_document(service, public=True) for service in rows],
            }
        )
