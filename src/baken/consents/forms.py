"""The consent form: the seven elements, with a signature drawn on the tablet or a scan of paper."""

from __future__ import annotations

import base64
import binascii
from datetime import timedelta
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.core.models import Branch
from baken.privacy import pii

from .models import Manner

MAX_DRAWN_SIGNATURE = 300 * 1024
MAX_SCAN = 5 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SCAN_TYPES = {PNG_MAGIC: "image/png", b"\xff\xd8\xff": "image/jpeg", b"%PDF-": "application/pdf"}
DATA_URL_PREFIX = "data:image/png;base64,"


def scan_content_type(head: bytes) -> str | None:
    """The type of an uploaded scan from its first bytes (the browser's claim is not trusted)."""
    for magic, content_type in SCAN_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


def _no_personal_data(value: str) -> str:
    findings = pii.scan(value)
    if findings:
        listed = ", ".join(pii.describe_findings(findings))
        raise forms.ValidationError(
            _("The consent form never holds the visitor's data. Remove it; we saw: %(found)s."),
            params={"found": listed},
        )
    return value


class ConsentForm(forms.Form):
    branch = forms.ModelChoiceField(queryset=Branch.objects.none(), label=_("Branch"), empty_label=None)
    recipient = forms.CharField(
        label=_("To which organisation does the data go?"),
        help_text=_("The name of the organisation, not of a person."),
        max_length=150,
    )
    purpose = forms.CharField(
        label=_("For what purpose?"),
        help_text=_(
            "In plain words, e.g. 'So the organisation can call you about your question on allowances'."
        ),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    manner = forms.ChoiceField(
        label=_("How does the visitor give consent?"), choices=Manner.choices, widget=forms.RadioSelect
    )
    given_at = forms.DateTimeField(
        label=_("Date and time"),
        input_formats=["%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    signature_data = forms.CharField(
        required=False, widget=forms.HiddenInput(attrs={"data-signature-data": ""})
    )
    scan = forms.FileField(
        label=_("Scan or photo of the signed paper form"),
        help_text=_("PDF, JPEG or PNG, at most 5 MB. Only when signed on paper."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args: Any, branches: QuerySet[Branch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]
        self.signature: bytes | None = None
        self.signature_content_type = ""

    def clean_recipient(self) -> str:
        return _no_personal_data(self.cleaned_data["recipient"].strip())

    def clean_purpose(self) -> str:
        return _no_personal_data(self.cleaned_data["purpose"].strip())

    def clean_given_at(self) -> Any:
        given_at = self.cleaned_data["given_at"]
        if given_at > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("The date and time cannot be in the future."))
        return given_at

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        manner = cleaned.get("manner")
        if manner == Manner.TABLET:
            self._clean_drawn_signature(cleaned.get("signature_data") or "")
        elif manner == Manner.PAPER:
            self._clean_scan(cleaned.get("scan"))
        return cleaned

    def _clean_drawn_signature(self, data_url: str) -> None:
        if not data_url:
            self.add_error(
                "manner",
                _(
                    "There is no signature yet. Let the visitor sign in the box, or choose "
                    "'Signed on paper' and upload a scan."
                ),
            )
            return
        if not data_url.startswith(DATA_URL_PREFIX) or len(data_url) > MAX_DRAWN_SIGNATURE * 4 // 3 + 64:
            self.add_error("manner", _("The signature could not be read. Please sign again."))
            return
        try:
            png = base64.b64decode(data_url[len(DATA_URL_PREFIX) :], validate=True)
        except (binascii.Error, ValueError):
            png = b""
        if not png.startswith(PNG_MAGIC):
            self.add_error("manner", _("The signature could not be read. Please sign again."))
            return
        self.signature, self.signature_content_type = png, "image/png"

    def _clean_scan(self, scan: UploadedFile | None) -> None:
        if scan is None:
            self.add_error("scan", _("Upload the scan or photo of the form the visitor signed on paper."))
            return
        if scan.size is None or scan.size > MAX_SCAN:
            self.add_error("scan", _("The file is larger than 5 MB."))
            return
        data = scan.read()
        content_type = scan_content_type(data[:8])
        if content_type is None:
            self.add_error("scan", _("Upload a PDF, JPEG or PNG file."))
            return
        self.signature, self.signature_content_type = data, content_type


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(label=_("The visitor withdraws this consent"))
