"""Forms of the directory: the desk search and the coordinator's management of the kaart."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from baken.core.models import Branch, Gemeente, Library
from baken.core.scope import Scope
from baken.core.taxonomy import TargetGroup, Topic
from baken.privacy import pii

from . import selectors
from .models import (
    WEEKDAY_CODES,
    Language,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceKind,
    ServiceTerm,
    service_terms,
)

WEEKDAYS = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]
WEEK_OF_MONTH = [
    ("1", _("first")),
    ("2", _("second")),
    ("3", _("third")),
    ("4", _("fourth")),
    ("-1", _("last")),
]


class SearchForm(forms.Form):
    """The desk search: words about a topic, and filters (codes). Read from GET (docs/adr/0091)."""

    q = forms.CharField(
        label=_("What is the question about?"),
        help_text=_("For example: huurtoeslag formulier. Do not type names or other data of the visitor."),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search", "spellcheck": "false"}),
    )
    onderwerp = forms.MultipleChoiceField(
        label=_("Topic"), choices=Topic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    gemeente = forms.ModelChoiceField(
        label=_("Municipality where the visitor lives"),
        queryset=Gemeente.objects.order_by("name"),
        required=False,
        empty_label=_("Any municipality"),
    )
    doelgroep = forms.MultipleChoiceField(
        label=_("Target group"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    soort = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Help and courses")), *ServiceKind.choices],
        required=False,
    )
    nu_open = forms.BooleanField(label=_("Open now"), required=False)
    vandaag_bieb = forms.BooleanField(label=_("Today in the library"), required=False)

    def clean_q(self) -> str:
        words = self.cleaned_data["q"].strip()
        findings = pii.scan(words)
        if findings:
            raise forms.ValidationError(
                _(
                    "The words seem to contain personal data (%(found)s). Search with words about the "
                    "question only."
                ),
                params={"found": ", ".join(pii.describe_findings(findings))},
            )
        return words

    def has_query(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(
            data.get(name)
            for name in ("q", "onderwerp", "gemeente", "doelgroep", "soort", "nu_open", "vandaag_bieb")
        )


# --- coordinator forms -----------------------------------------------------------------------------


def _https_urls(field: Any, **kwargs: Any) -> Any:
    """Web addresses typed without a scheme become https:// (Django 6's default, and what partners use)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class _ChoicesWithinIdRange(forms.ModelMultipleChoiceField):
    """Refuses ids outside the database's integer range before asking the database (SQLite raises
    OverflowError, PostgreSQL an out-of-range error, on 2**63 and up: hostile input must be a form error)."""

    def _check_values(self, value: Any) -> Any:
        for pk in value or ():
            try:
                number = int(str(pk))
            except (TypeError, ValueError):
                continue  # Django's own check gives its "not a valid value" message
            if not 0 < number < 2**31:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)  # type: ignore[misc]


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        formfield_callback = _https_urls
        fields = ["name", "alternate_name", "description", "email", "website", "shared_with"]
        field_classes = {"shared_with": _ChoicesWithinIdRange}
        widgets = {
            "shared_with": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, library: Library, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.library = library
        self.instance.library = library
        field = self.fields["shared_with"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Library.objects.exclude(pk=library.pk).order_by("name")

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        clash = Organization.objects.filter(library=self.library, name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Your library already has a partner with this name."))
        return name


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = [
            "organization",
            "name",
            "location_type",
            "branch",
            "address_1",
            "postal_code",
            "city",
            "gemeente",
            "description",
            "accessibility",
            "bag_id",
            "latitude",
            "longitude",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, library: Library, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.library = library
        org = self.fields["organization"]
        branch = self.fields["branch"]
        assert isinstance(org, forms.ModelChoiceField) and isinstance(branch, forms.ModelChoiceField)
        org.queryset = selectors.editable_organizations(scope=scope).order_by("name")
        branch.queryset = Branch.objects.filter(library=library).order_by("name")


class ServiceForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        required=False,
        initial=["nl"],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Service
        formfield_callback = _https_urls
        fields = [
            "organization",
            "kind",
            "status",
            "name",
            "alternate_name",
            "description",
            "eligibility_description",
            "application_process",
            "fees_description",
            "is_free",
            "minimum_age",
            "maximum_age",
            "gemeenten",
            "referral_phone",
            "referral_phone_script",
            "referral_email",
            "appointment_url",
            "walk_in",
            "url",
            "email",
        ]
        field_classes = {"gemeenten": _ChoicesWithinIdRange}
        widgets = {
            "gemeenten": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "eligibility_description": forms.Textarea(attrs={"rows": 2}),
            "application_process": forms.Textarea(attrs={"rows": 2}),
            "referral_phone_script": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, library: Library, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.library = library
        org = self.fields["organization"]
        assert isinstance(org, forms.ModelChoiceField)
        # Own partners and those shared with the library: a library may add its own services to them.
        org.queryset = selectors.visible_organizations(scope=scope).order_by("name")
        if self.instance.pk:
            for name, vocabulary in self.TERM_FIELDS.items():
                self.initial[name] = service_terms(self.instance, vocabulary)

    TERM_FIELDS = {
        "topics": ServiceTerm.Vocabulary.TOPIC,
        "target_groups": ServiceTerm.Vocabulary.TARGET_GROUP,
        "languages": ServiceTerm.Vocabulary.LANGUAGE,
    }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(
            data.get(name) for name in ("referral_phone", "referral_email", "appointment_url", "walk_in")
        ):
            raise forms.ValidationError(
                _(
                    "Give at least one way to refer: a phone number, an e-mail address, an appointment "
                    "system or walk-in."
                )
            )
        return data

    def terms(self) -> dict[str, list[str]]:
        return {vocabulary: list(self.cleaned_data[name]) for name, vocabulary in self.TERM_FIELDS.items()}


class PlaceForm(forms.ModelForm):
    """Where a service is given: one of the locations the library can see."""

    class Meta:
        model = ServiceAtLocation
        fields = ["location", "description"]

    def __init__(self, *args: Any, scope: Scope, service: Service | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locations = selectors.visible_locations(scope=scope).order_by("name")
        if service is not None:
            self.instance.service = service
            locations = locations.exclude(service_at_locations__service=service)
        field = self.fields["location"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = locations


class ScheduleForm(forms.ModelForm):
    """Opening hours or a spreekuur: weekdays, or "the first Tuesday" of the month (RFC 5545 BYDAY)."""

    days = forms.MultipleChoiceField(label=_("Days"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple)
    week_of_month = forms.ChoiceField(
        label=_("Which week of the month"),
        help_text=_("Only for a monthly schedule, for example the first Tuesday."),
        choices=[("", _("not monthly")), *WEEK_OF_MONTH],
        required=False,
    )

    class Meta:
        model = Schedule
        fields = [
            "freq",
            "interval",
            "opens_at",
            "closes_at",
            "is_spreekuur",
            "where",
            "host",
            "description",
            "valid_from",
            "valid_to",
        ]
        widgets = {
            "freq": forms.RadioSelect,
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(
        self, *args: Any, service_at_location: ServiceAtLocation | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if service_at_location is not None:
            self.instance.service_at_location = service_at_location

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        days = [code for code in WEEKDAY_CODES if code in data.get("days", [])]
        week = data.get("week_of_month") or ""
        if data.get("freq") == Schedule.Freq.MONTHLY and not week:
            self.add_error("week_of_month", _("Choose the week of the month for a monthly schedule."))
        if data.get("freq") == Schedule.Freq.WEEKLY:
            week = ""
        self.instance.byday = ",".join(f"{week}{code}" for code in days)
        return data
