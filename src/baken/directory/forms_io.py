"""Forms of the import page and the public search (kept apart from the desk's forms in ``forms.py``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baken.core.taxonomy import Topic

from .imports import MAX_BYTES


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (.csv or .xlsx)"),
        help_text=_("At most 2 MB and 5000 rows. Use the columns of the template."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB. Split it into smaller files."))
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class ImportConfirmForm(forms.Form):
    action = forms.ChoiceField(choices=[("opslaan", "opslaan"), ("annuleren", "annuleren")])


class PublicSearchForm(forms.Form):
    q = forms.CharField(
        label=_("What do you need help with?"),
        help_text=_("For example: toeslag, DigiD or belastingaangifte."),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    onderwerp = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["onderwerp"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All topics")), *Topic.choices]

    def clean_q(self) -> str:
        value: str = self.cleaned_data["q"]
        return "".join(ch for ch in value if ch.isprintable()).strip()
