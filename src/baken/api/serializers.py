"""The API's shapes. Field names are Dutch, like the export columns; values are the national codes
(``core.taxonomy``). Validation is the desk's: the same date rule, the same personal-data guard on
the remark (``registrations.forms``), the same service with its tenancy check and idempotency key.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from baken.core.taxonomy import (
    Bestuurslaag,
    Channel,
    Domain,
    Duration,
    Help,
    Organisation,
    Outcome,
    TargetGroup,
    Topic,
)
from baken.registrations import forms as registration_forms
from baken.registrations.forms import MAX_QUESTIONS, RemarkRefused
from baken.registrations.models import REMARK_MAX_LENGTH, Contact, LocalTopic, Question
from baken.registrations.services import ContactData, QuestionData

UNKNOWN_CODE = _("Unknown code: use a code of the national taxonomy (see /api/v1/docs/).")


def code_field(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices.choices, error_messages={"invalid_choice": UNKNOWN_CODE}, **kwargs
    )


def _django_errors(error: DjangoValidationError) -> list[str]:
    return [str(message) for message in error.messages]


class QuestionInSerializer(serializers.Serializer[dict[str, Any]]):
    onderwerp = code_field(Topic, help_text="Landelijke onderwerpcode.")
    lokaal_subonderwerp = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2_147_483_647,
        help_text="Id van een eigen subonderwerp van de bibliotheek, bij hetzelfde landelijke onderwerp.",
    )
    hulp = serializers.ListField(
        child=code_field(Help),
        min_length=1,
        max_length=len(Help.values),
        help_text="Een of meer soorten hulp.",
    )
    organisatie = code_field(Organisation, required=False, allow_blank=True)
    domein = code_field(Domain, required=False, allow_blank=True)
    bestuurslaag = code_field(Bestuurslaag, required=False, allow_blank=True)
    cursus_aangeraden = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        local_id = attrs.get("lokaal_subonderwerp")
        attrs["local_topic"] = None
        if local_id is not None:
            library_id = self.context["library_id"]
            local = LocalTopic.objects.filter(pk=local_id, library_id=library_id, is_active=True).first()
            if local is None or local.national_topic != attrs["onderwerp"]:
                raise serializers.ValidationError(
                    {"lokaal_subonderwerp": [_("Choose one of your library's sub-topics.")]}
                )
            attrs["local_topic"] = local
        return attrs


class ContactInSerializer(serializers.Serializer[dict[str, Any]]):
    idempotentiesleutel = serializers.UUIDField(
        required=False,
        help_text="Dezelfde sleutel bij een herhaald verzoek: het contact wordt één keer opgeslagen. "
        "Mag ook als header Idempotency-Key.",
    )
    datum = serializers.DateField(help_text="Niet in de toekomst, niet meer dan een jaar geleden.")
    uurblok = serializers.IntegerField(
        min_value=0, max_value=23, help_text="Het uur waarin het contact begon (9 = 09:00–10:00)."
    )
    kanaal = code_field(Channel)
    duur = code_field(Duration)
    uitkomst = code_field(Outcome)
    doelgroepen = serializers.ListField(
        child=code_field(TargetGroup), required=False, default=list, max_length=len(TargetGroup.values)
    )
    opmerking = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=REMARK_MAX_LENGTH,
        trim_whitespace=True,
        help_text="Geen namen, nummers, adressen of andere persoonsgegevens: "
        "dan wordt het contact geweigerd.",
    )
    vragen = serializers.ListField(
        child=QuestionInSerializer(), min_length=1, max_length=MAX_QUESTIONS, help_text="Een tot vijf vragen."
    )

    def validate_datum(self, value: Any) -> Any:
        try:
            return registration_forms._validate_date(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(_django_errors(error)) from None

    def validate_opmerking(self, value: str) -> str:
        if not value:
            return ""
        try:
            return registration_forms.validate_remark(value)
        except RemarkRefused as refused:
            # The refused remark is never echoed, stored or logged: only what kind of data was found.
            raise serializers.ValidationError(_django_errors(refused)) from None

    def contact_data(self, *, branch: Any) -> ContactData:
        data = self.validated_data
        return ContactData(
            branch=branch,
            date=data["datum"],
            hour=data["uurblok"],
            channel=data["kanaal"],
            duration=data["duur"],
            outcome=data["uitkomst"],
            target_groups=tuple(data["doelgroepen"]),
            remark=data["opmerking"],
            questions=tuple(
                QuestionData(
                    topic=q["onderwerp"],
                    local_topic=q["local_topic"],
                    helps=tuple(q["hulp"]),
                    domain=q.get("domein", ""),
                    organisation=q.get("organisatie", ""),
                    bestuurslaag=q.get("bestuurslaag", ""),
                    course_suggested=q.get("cursus_aangeraden", False),
                )
                for q in data["vragen"]
            ),
        )


class QuestionOutSerializer(serializers.Serializer[Question]):
    onderwerp = serializers.CharField(source="topic")
    lokaal_subonderwerp = serializers.IntegerField(source="local_topic_id", allow_null=True)
    domein = serializers.CharField(source="domain")
    organisatie = serializers.CharField(source="organisation")
    bestuurslaag = serializers.CharField()
    cursus_aangeraden = serializers.BooleanField(source="course_suggested")
    hulp = serializers.SerializerMethodField()

    def get_hulp(self, question: Question) -> list[str]:
        return [h.help for h in question.helps.all()]


class ContactOutSerializer(serializers.Serializer[Contact]):
    """The anonymous record as stored: codes, the date and the hour block, no staff member."""

    id = serializers.IntegerField()
    vestiging = serializers.IntegerField(source="branch_id")
    datum = serializers.DateField(source="date")
    uurblok = serializers.IntegerField(source="hour", allow_null=True)
    kanaal = serializers.CharField(source="channel")
    duur = serializers.CharField(source="duration")
    uitkomst = serializers.CharField(source="outcome")
    doelgroepen = serializers.ListField(child=serializers.CharField(), source="target_groups")
    opmerking = serializers.CharField(source="remark")
    vragen = serializers.SerializerMethodField()

    @extend_schema_field(QuestionOutSerializer(many=True))
    def get_vragen(self, contact: Contact) -> list[dict[str, Any]]:
        questions = contact.questions.order_by("position").prefetch_related("helps")
        return list(QuestionOutSerializer(questions, many=True).data)  # type: ignore[arg-type]


# --- figures ----------------------------------------------------------------------------------------

SUPPRESSION = {"": None, "small": "klein", "complement": "aanvullend"}


class CellSerializer(serializers.Serializer[Any]):
    """One number. Above library level a hidden number has ``waarde`` null and says why."""

    waarde = serializers.IntegerField(allow_null=True, source="value")
    weergave = serializers.CharField(source="display", help_text="Zoals op het dashboard: 1.234, <5 of ×.")
    onderdrukt = serializers.SerializerMethodField(
        help_text="klein: 1 tot en met 4; aanvullend: verborgen zodat een klein getal "
        "niet terug te rekenen is."
    )

    @extend_schema_field(serializers.ChoiceField(choices=["klein", "aanvullend"], allow_null=True))
    def get_onderdrukt(self, cell: Any) -> str | None:
        return SUPPRESSION.get(cell.mark, "aanvullend")

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.hidden:
            data["waarde"] = None
        return data


class RowSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    omschrijving = serializers.CharField(source="label")
    cel = CellSerializer(source="cell")


class TableSerializer(serializers.Serializer[Any]):
    sleutel = serializers.CharField(source="key")
    titel = serializers.CharField(source="title")
    eenheid = serializers.CharField(source="unit")
    toelichting = serializers.CharField(source="note")
    rijen = RowSerializer(source="rows", many=True)
    totaal = CellSerializer(source="total")


class PeriodSerializer(serializers.Serializer[Any]):
    soort = serializers.CharField(source="kind")
    van = serializers.DateField(source="start")
    tot_en_met = serializers.DateField(source="end")


class FiguresSerializer(serializers.Serializer[Any]):
    """One dashboard view: exactly the (protected) numbers the dashboard page shows."""

    niveau = serializers.ChoiceField(choices=["library", "gemeente", "national"], source="level")
    beschermd = serializers.BooleanField(
        source="protected", help_text="Boven bibliotheekniveau: kleine aantallen zijn onderdrukt."
    )
    periode = PeriodSerializer(source="period")
    vorige_periode = PeriodSerializer(source="previous")
    vragen = CellSerializer(source="questions")
    vragen_vorige_periode = CellSerializer(source="previous_questions")
    contacten = CellSerializer(
        source="contacts", allow_null=True, help_text="Leeg bij een filter op codes van een vraag."
    )
    trend = serializers.CharField(allow_null=True)
    tabellen = serializers.SerializerMethodField()

    @extend_schema_field(TableSerializer(many=True))
    def get_tabellen(self, board: Any) -> list[dict[str, Any]]:
        return list(TableSerializer(board.all_tables(), many=True).data)


class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
