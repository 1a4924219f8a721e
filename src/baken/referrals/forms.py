"""Referral forms: count an anonymous referral, and the minimal e-mail referral (seed 001 "Per mail")."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from baken.consents.models import ConsentRecord
from baken.core.models import Branch
from baken.core.taxonomy import Topic
from baken.privacy import pii

from .special import SpecialHit, find_special_categories

PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()./-]{7,20}$")


SALUTATIONS = [("mevrouw", _("Mrs")), ("heer", _("Mr")), ("", _("No salutation"))]


class CountForm(forms.Form):
    channel = forms.ChoiceField(label=_("How did you refer?"), widget=forms.RadioSelect)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    branch = forms.ModelChoiceField(queryset=Branch.objects.none(), label=_("Branch"), empty_label=None)

    def __init__(
        self, *args: Any, channels: list[tuple[str, Any]], branches: QuerySet[Branch], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = channels  # type: ignore[attr-defined]
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]


class ConsentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        record: ConsentRecord = obj
        return f"{record.given_at:%d-%m-%Y %H:%M} · {record.recipient} · {record.get_manner_display()}"


class EmailReferralForm(forms.Form):
    branch = forms.ModelChoiceField(queryset=Branch.objects.none(), label=_("Branch"), empty_label=None)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    salutation = forms.ChoiceField(label=_("Salutation"), choices=SALUTATIONS, required=False)
    surname = forms.CharField(label=_("Surname"), max_length=100)
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail address"), max_length=200, required=False)
    description = forms.CharField(
        label=_("General description of the question"),
        help_text=_(
            "Only what the partner needs to make an appointment, in general words. No BSN, account number, "
            "date of birth or address; phone and e-mail go in their own fields."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    special_category = forms.BooleanField(
        label=_("The question is about health, religion or other special data"), required=False
    )
    consent = ConsentChoiceField(
        queryset=ConsentRecord.objects.none(),
        label=_("Signed consent form"),
        help_text=_("Needed when the question is about health, religion or other special data."),
        required=False,
        empty_label=_("None"),
    )

    def __init__(
        self,
        *args: Any,
        branches: QuerySet[Branch],
        consents: list[ConsentRecord],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]
        self.fields["consent"].queryset = ConsentRecord.objects.filter(  # type: ignore[attr-defined]
            pk__in=[record.pk for record in consents]
        )
        self.special_hits: list[SpecialHit] = []

    def clean_surname(self) -> str:
        surname = self.cleaned_data["surname"].strip()
        if any(ch.isdigit() for ch in surname) or "@" in surname:
            raise forms.ValidationError(_("Only the surname, without numbers."))
        return surname

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(_("Enter a phone number like 06 12345678 or +31 6 12345678."))
        return phone

    def clean_description(self) -> str:
        description = self.cleaned_data["description"].strip()
        findings = pii.scan(description)
        if findings:
            raise forms.ValidationError(
                _(
                    "The description seems to hold personal data. Keep it general; phone and e-mail go in "
                    "their own fields. We saw: %(found)s."
                ),
                params={"found": ", ".join(pii.describe_findings(findings))},
            )
        self.special_hits = find_special_categories(description)
        return description

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("phone") and not cleaned.get("email") and "phone" not in self.errors:
            self.add_error(
                "phone", _("Give a phone number or an e-mail address, so the partner can reach the visitor.")
            )
        return cleaned

    @property
    def needs_written_consent(self) -> bool:
        return bool(self.special_hits) or bool(self.cleaned_data.get("special_category"))


class FeedbackForm(forms.Form):
    status = forms.ChoiceField(label=_("What is the status?"), choices=[], widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import PARTNER_STATUSES

        self.fields["status"].choices = [(s.value, s.label) for s in PARTNER_STATUSES]  # type: ignore[attr-defined]
