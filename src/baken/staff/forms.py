"""Forms of the staff app. Free text that could hold visitor data goes through the personal-data guard."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.core.models import AuditEvent

from .actions import action_choices
from .guard import personal_data_problem
from .models import BreachIncident, StaffProfile, Training

MAX_SCAN_BYTES = 10 * 1024 * 1024
# What a scanner or phone produces; checked on the first bytes, not only the file name.
SCAN_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class RadioSelect(forms.RadioSelect):
    """Radio group whose field id points at the first option, so the error summary link lands on it."""

    def id_for_label(self, id_: str, index: str | None = "0") -> str:
        return super().id_for_label(id_, index)


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_: str, index: str | None = "0") -> str:
        return super().id_for_label(id_, index)


def guarded(form: forms.Form, field: str) -> str:
    """Return the stripped text, or add the guard's error to ``field``."""
    text: str = form.cleaned_data.get(field, "") or ""
    problem = personal_data_problem(text)
    if problem:
        form.add_error(field, problem)
    return text


def not_in_future(value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("This date lies in the future."))


# --------------------------------------------------------------------------------------------------
# Staff register


class StaffProfileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of staff"), choices=StaffProfile.Kind.choices, widget=RadioSelect)
    declaration_signed_on = forms.DateField(
        label=_("Confidentiality declaration signed on"),
        required=False,
        widget=DateInput(),
        validators=[not_in_future],
        help_text=_("Only for volunteers. Leave empty when there is no signed declaration."),
    )
    declaration_renew_on = forms.DateField(
        label=_("Renew the declaration on"),
        required=False,
        widget=DateInput(),
        help_text=_("You see a reminder on the staff page from 30 days before this date."),
    )
    declaration_scan = forms.FileField(
        label=_("Scan of the signed declaration"),
        required=False,
        help_text=_("A PDF, JPG or PNG file of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    remove_scan = forms.BooleanField(label=_("Remove the stored scan"), required=False)

    def clean_declaration_scan(self) -> UploadedFile | None:
        scan: UploadedFile | None = self.cleaned_data.get("declaration_scan")
        if not scan or isinstance(scan, bool):
            return None
        suffix = "." + (scan.name or "").rsplit(".", 1)[-1].lower() if "." in (scan.name or "") else ""
        if suffix not in SCAN_SIGNATURES:
            raise forms.ValidationError(_("Upload a PDF, JPG or PNG file."))
        if (scan.size or 0) > MAX_SCAN_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        head = scan.read(8)
        scan.seek(0)
        if not any(head.startswith(signature) for signature in SCAN_SIGNATURES[suffix]):
            raise forms.ValidationError(_("This file is not a readable PDF, JPG or PNG file."))
        return scan

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        signed, renew = data.get("declaration_signed_on"), data.get("declaration_renew_on")
        if data.get("kind") == StaffProfile.Kind.VOLUNTEER and data.get("declaration_scan") and not signed:
            self.add_error("declaration_signed_on", _("Enter the date on which the declaration was signed."))
        if signed and renew and renew <= signed:
            self.add_error("declaration_renew_on", _("The renewal date must come after the signing date."))
        return data


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Training"), choices=Training.Kind.choices, widget=RadioSelect)
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput(), validators=[not_in_future])
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


# --------------------------------------------------------------------------------------------------
# Library policy


class PolicyForm(forms.Form):
    forbidden_actions = forms.MultipleChoiceField(
        label=_("Actions our library does not allow, even where the guideline allows them"),
        choices=action_choices,
        required=False,
        widget=CheckboxSelectMultiple,
    )
    written_consent_actions = forms.MultipleChoiceField(
        label=_("Actions that always need written consent of the visitor"),
        choices=action_choices,
        required=False,
        widget=CheckboxSelectMultiple,
        help_text=_(
            "The guideline already asks written consent for special personal data; Baken adds that itself."
        ),
    )
    retention_consent_days = forms.IntegerField(
        label=_("Keep consent forms for (days)"), min_value=1, max_value=3650
    )
    retention_referral_hours = forms.IntegerField(
        label=_("Delete contact details of a referral after (hours)"), min_value=1, max_value=720
    )
    inactivity_timeout_minutes = forms.IntegerField(
        label=_("Sign out desk computers automatically after (minutes)"), min_value=2, max_value=120
    )
    note = forms.CharField(
        label=_("Reason for the change"),
        max_length=300,
        required=False,
        help_text=_("Staff see this with the policy."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both = set(data.get("forbidden_actions", [])) & set(data.get("written_consent_actions", []))
        if both:
            self.add_error(
                "written_consent_actions",
                _("An action that is not allowed cannot also be allowed with written consent. Choose one."),
            )
        guarded(self, "note")
        return data

    @classmethod
    def initial_from(cls, policy: Any) -> dict[str, Any]:
        return {
            "forbidden_actions": sorted(policy.forbidden_actions),
            "written_consent_actions": sorted(policy.written_consent_actions),
            "retention_consent_days": policy.retention_consent_days,
            "retention_referral_hours": policy.retention_referral_hours,
            "inactivity_timeout_minutes": policy.inactivity_timeout_minutes,
        }


# --------------------------------------------------------------------------------------------------
# Data-breach register


class BreachReportForm(forms.Form):
    summary = forms.CharField(
        label=_("What happened?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "In general terms, for example: an e-mail went to the wrong address. "
            "Do not write names, numbers or other data of visitors."
        ),
    )
    discovered_on = forms.DateField(
        label=_("Date discovered"), widget=DateInput(), validators=[not_in_future]
    )
    discovered_time = forms.TimeField(label=_("Time discovered"), widget=TimeInput())
    severity = forms.ChoiceField(
        label=_("How serious is it?"), choices=BreachIncident.Severity.choices, widget=RadioSelect
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        guarded(self, "summary")
        day, moment = data.get("discovered_on"), data.get("discovered_time")
        if day and moment:
            discovered = timezone.make_aware(datetime.combine(day, moment))
            if discovered > timezone.now() + timedelta(minutes=5):
                self.add_error("discovered_time", _("This time lies in the future."))
            data["discovered_at"] = discovered
        return data


class BreachDecisionForm(forms.Form):
    notify_authority = forms.TypedChoiceField(
        label=_("Notify the Autoriteit Persoonsgegevens?"),
        choices=[("yes", _("Yes, we notify the AP")), ("no", _("No, no notification needed"))],
        coerce=lambda value: value == "yes",
        widget=RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the decision"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        guarded(self, "reason")
        return data


class BreachActionForm(forms.Form):
    text = forms.CharField(
        label=_("Action taken"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: e-mail recalled, password changed, staff reminded of the protocol."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        guarded(self, "text")
        return data


# --------------------------------------------------------------------------------------------------
# Casus van de week


class WeeklyCaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("The case"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A success or a challenge at the desk, with tips. Without names or other personal data."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        guarded(self, "title")
        guarded(self, "body")
        return data


# --------------------------------------------------------------------------------------------------
# Audit log viewer


class AuditFilterForm(forms.Form):
    actor = forms.ChoiceField(label=_("Who"), required=False)
    action = forms.ChoiceField(
        label=_("What"), required=False, choices=[("", _("All actions")), *AuditEvent.Action.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Up to and including"), required=False, widget=DateInput())

    def __init__(self, *args: Any, actor_names: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor = self.fields["actor"]
        assert isinstance(actor, forms.ChoiceField)
        actor.choices = [("", _("Everyone")), *((name, name) for name in actor_names)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("This date lies before the start date."))
        return data
