"""The coordinator's form to make a branch device token."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baken.core.models import Branch
from baken.privacy import pii

from .models import LABEL_MAX_LENGTH


class DeviceTokenForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    branch = forms.ModelChoiceField(
        queryset=Branch.objects.none(), label=gettext_lazy("Branch"), empty_label=None
    )
    label = forms.CharField(
        label=gettext_lazy("Name of the device"),
        help_text=gettext_lazy("For example: kiosk at the entrance. No names of people."),
        max_length=LABEL_MAX_LENGTH,
    )

    def __init__(self, *args: Any, branches: QuerySet[Branch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]

    def clean_label(self) -> str:
        label: str = self.cleaned_data["label"].strip()
        if not label:
            raise ValidationError(_("Enter a name for the device."))
        if pii.contains_personal_data(label):
            raise ValidationError(_("The name may not contain personal data."))
        return label
