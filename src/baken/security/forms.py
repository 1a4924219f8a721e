from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .services import normalise_code


class CodeForm(forms.Form):
    """One code: six digits from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not code.isascii() or not code.isalnum() or not 6 <= len(code) <= 16:
            raise ValidationError(_("Enter the six digits from your app, or a recovery code."))
        return code


class SetupForm(forms.Form):
    """The first code from the newly added app, to prove it was set up correctly."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=20,
        help_text=_("Six digits."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise ValidationError(_("Enter the six digits the app shows."))
        return code
