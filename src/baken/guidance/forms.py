"""Forms of guidance: the "Mag ik dit?" question, the situation toggles, and a library's card edit."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .engine import Consent, Context
from .services import CardText

PRESENT_CHOICES = [("ja", _("Yes")), ("nee", _("No"))]
CONSENT_CHOICES = [("geen", _("None")), ("mondeling", _("Oral")), ("schriftelijk", _("Written"))]
# The URL speaks Dutch; the engine speaks its own codes.
CONSENT_CODES: dict[str, Consent] = {"geen": "none", "mondeling": "oral", "schriftelijk": "written"}
DEFAULT_CONTEXT_PARAMS = {"aanwezig": "ja", "toestemming": "geen"}


class SearchForm(forms.Form):
    # autocomplete off: a shared desk PC must not remember what was typed (it may hold a name).
    vraag = forms.CharField(
        label=_("What do you want to do?"),
        help_text=_("In your own words, for example: may I type in his BSN, log in for his wife."),
        max_length=200,
        error_messages={
            "required": _("Type what you want to do."),
            "max_length": _("Use at most 200 characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ContextForm(forms.Form):
    """The situation at the desk, from the query string (codes only, never personal data)."""

    aanwezig = forms.ChoiceField(
        label=_("Is the visitor at the desk?"),
        choices=PRESENT_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    toestemming = forms.ChoiceField(
        label=_("Has the visitor given consent?"),
        choices=CONSENT_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, data: Any, **kwargs: Any) -> None:
        merged = {**DEFAULT_CONTEXT_PARAMS, **{k: v for k, v in data.items() if k in DEFAULT_CONTEXT_PARAMS}}
        super().__init__(merged, **kwargs)

    def context(self, *, staff_confidentiality: bool) -> Context:
        """The engine's context; an invalid toggle falls back to the desk default (the form shows why)."""
        cleaned = self.cleaned_data if self.is_bound and self.is_valid() else {}
        present = cleaned.get("aanwezig") or DEFAULT_CONTEXT_PARAMS["aanwezig"]
        consent = cleaned.get("toestemming") or DEFAULT_CONTEXT_PARAMS["toestemming"]
        return Context(
            visitor_present=present == "ja",
            consent=CONSENT_CODES[consent],
            staff_confidentiality=staff_confidentiality,
        )

    def params(self) -> dict[str, str]:
        cleaned = self.cleaned_data if self.is_valid() else {}
        return {key: cleaned.get(key) or default for key, default in DEFAULT_CONTEXT_PARAMS.items()}


_PAGE_LINE = re.compile(r"^(?P<title>.+?)\s*\|\s*(?P<url>https://[^\s|]+)$")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class CardVersionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    question = forms.CharField(label=_("The visitor's question"), widget=forms.Textarea(attrs={"rows": 2}))
    can_do = forms.CharField(
        label=_("What the visitor can do"),
        help_text=_("One step per line."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    pages = forms.CharField(
        label=_("Official pages to show"),
        help_text=_("One page per line: title | https://address"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    partners = forms.CharField(
        label=_("Partners who help"), help_text=_("One per line."), widget=forms.Textarea(attrs={"rows": 3})
    )
    refer_when = forms.CharField(
        label=_("When to refer"),
        help_text=_("One situation per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    keywords = forms.CharField(
        label=_("Search words"),
        help_text=_("Words staff may type to find this card, one per line."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    review_date = forms.DateField(
        label=_("Review date"),
        help_text=_("The date by which this card must be checked again. For example 1-6-2027."),
        input_formats=["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(format="%d-%m-%Y", attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Write the date as day-month-year, for example 1-6-2027.")},
    )
    note = forms.CharField(
        label=_("What did you change?"),
        help_text=_("A short note for the version history."),
        max_length=300,
    )

    def clean_review_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["review_date"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("The review date must be in the future."))
        return value

    def clean_pages(self) -> list[dict[str, str]]:
        pages = []
        for line in _lines(self.cleaned_data["pages"]):
            match = _PAGE_LINE.match(line)
            if match is None:
                raise forms.ValidationError(
                    _("Write each page as: title | https://address (the address must start with https://).")
                )
            pages.append({"title": match["title"].strip(), "url": match["url"]})
        if not pages:
            raise forms.ValidationError(_("Give at least one official page."))
        return pages

    def _clean_list(self, name: str) -> list[str]:
        items = _lines(self.cleaned_data[name])
        if not items and self.fields[name].required:
            raise forms.ValidationError(_("Write at least one line."))
        return items

    def clean_can_do(self) -> list[str]:
        return self._clean_list("can_do")

    def clean_partners(self) -> list[str]:
        return self._clean_list("partners")

    def clean_refer_when(self) -> list[str]:
        return self._clean_list("refer_when")

    def clean_keywords(self) -> list[str]:
        return self._clean_list("keywords")

    def card_text(self) -> CardText:
        data = self.cleaned_data
        return CardText(
            title=data["title"].strip(),
            question=data["question"].strip(),
            can_do=data["can_do"],
            pages=data["pages"],
            partners=data["partners"],
            refer_when=data["refer_when"],
            keywords=data["keywords"],
            review_date=data["review_date"],
        )

    @classmethod
    def initial_from(cls, version: Any) -> dict[str, Any]:
        return {
            "title": version.title,
            "question": version.question,
            "can_do": "\n".join(version.can_do),
            "pages": "\n".join(f"{page['title']} | {page['url']}" for page in version.pages),
            "partners": "\n".join(version.partners),
            "refer_when": "\n".join(version.refer_when),
            "keywords": "\n".join(version.keywords),
            "review_date": None,
        }
