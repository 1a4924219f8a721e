"""GET /api/v1/cijfers/: the figures of one dashboard view, as JSON.

The numbers come from the dashboard's own selector (``reports.selectors.dashboard``) with the
dashboard's own filter form, so they are the dashboard's numbers by construction: scoped by the
caller, and above library level protected against small numbers (``reports.suppression.protect``).
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from baken.core.models import AuditEvent
from baken.core.roles import FIGURES_ROLES
from baken.core.scope import Scope
from baken.core.services import audit_log
from baken.core.taxonomy import Bestuurslaag, Channel, Help, Organisation, Topic
from baken.reports import selectors as report_selectors
from baken.reports.forms import DashboardFilterForm
from baken.reports.models import Referral
from baken.reports.periods import PeriodKind

from ..serializers import ErrorSerializer, FiguresSerializer
from .base import BakenAPIView

# API parameter (Dutch) → the dashboard form's field. The dashboard form validates them.
PARAMETERS = {
    "periode": "period",
    "datum": "date",
    "van": "start",
    "tot_en_met": "end",
    "vestiging": "branch",
    "gemeente": "gemeente",
    "onderwerp": "topic",
    "organisatie": "organisation",
    "bestuurslaag": "bestuurslaag",
    "hulp": "help",
    "kanaal": "channel",
    "doorverwijzing": "referral",
}
FIELDS = {field: name for name, field in PARAMETERS.items()}


def _enum(name: str, choices: Any, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, enum=list(choices.values), description=description)


SCHEMA_PARAMETERS = [
    _enum("periode", PeriodKind, "Week, maand (standaard), kwartaal, jaar of eigen periode (custom)."),
    OpenApiParameter("datum", OpenApiTypes.DATE, description="Een dag in de periode; leeg: vandaag."),
    OpenApiParameter("van", OpenApiTypes.DATE, description="Eerste dag (alleen bij periode=custom)."),
    OpenApiParameter("tot_en_met", OpenApiTypes.DATE, description="Laatste dag (alleen bij periode=custom)."),
    OpenApiParameter(
        "vestiging", OpenApiTypes.INT, description="Id van een vestiging (bibliotheek- en gemeenteniveau)."
    ),
    OpenApiParameter("gemeente", OpenApiTypes.INT, description="Id van een gemeente (alleen landelijk)."),
    _enum("onderwerp", Topic, "Onderwerpcode."),
    _enum("organisatie", Organisation, "Organisatiecode."),
    _enum("bestuurslaag", Bestuurslaag, "Bestuurslaag."),
    _enum("hulp", Help, "Soort hulp."),
    _enum("kanaal", Channel, "Kanaal."),
    _enum("doorverwijzing", Referral, "Doorverwijzing."),
]


def _form_data(params: QueryDict) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, field in PARAMETERS.items():
        if name in params:
            data.setlist(field, params.getlist(name))
    return data


class FiguresView(BakenAPIView):
    allowed_roles = FIGURES_ROLES

    @extend_schema(
        operation_id="cijfers_lezen",
        summary="Cijfers van één dashboardweergave",
        description=(
            "Dezelfde cijfers als het dashboard met dezelfde filters, binnen uw eigen bereik "
            "(bibliotheek, gemeente of landelijk). Boven bibliotheekniveau zijn aantallen van 1 tot en "
            "met 4 onderdrukt (<5) en zo nodig aanvullende aantallen (×), zodat niets terug te rekenen "
            "is. Alleen voor aangemelde coördinatoren, gemeenten en landelijk (met tweestapsverificatie)."
        ),
        tags=["cijfers"],
        parameters=SCHEMA_PARAMETERS,
        responses={
            200: OpenApiResponse(
                FiguresSerializer, description="De cijfers, beschermd zoals op het dashboard."
            ),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Foutmeldingen per filter."),
            403: OpenApiResponse(ErrorSerializer, description="Niet aangemeld, of geen rol voor cijfers."),
            429: OpenApiResponse(ErrorSerializer, description="Te veel verzoeken; probeer het later."),
        },
    )
    def get(self, request: Request) -> Response:
        user: Any = request.user
        scope = Scope.for_user(user)
        data = _form_data(request.query_params)
        data.setdefault("period", PeriodKind.MONTH)  # as the dashboard: this month by default
        form = DashboardFilterForm(data, scope=scope)
        unavailable = [FIELDS[f] for f in data if f not in form.fields]
        if unavailable:
            message = _("This filter is not available at your level.")
            return Response({name: [message] for name in unavailable}, status=status.HTTP_400_BAD_REQUEST)
        if not form.is_valid():
            errors = {
                FIELDS.get(f, "non_field_errors"): [str(m) for m in messages]
                for f, messages in form.errors.items()
            }
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        filters = form.filters()
        board = report_selectors.dashboard(scope=scope, filters=filters)
        audit_log(
            actor=user,
            action=AuditEvent.Action.EXPORT,
            target="figures:api",
            detail={
                "level": str(scope.level),
                "period": filters.period.kind,
                "start": filters.period.start.isoformat(),
                "end": filters.period.end.isoformat(),
            },
        )
        return Response(FiguresSerializer(board).data)
