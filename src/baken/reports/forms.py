"""Forms of the figures pages: the dashboard filters, the impact survey and the funding entries."""

from __future__ import annotations

import datetime
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.core.models import Gemeente
from baken.core.scope import Level, Scope
from baken.core.taxonomy import Bestuurslaag, Channel, Help, Organisation, Topic

from . import selectors
from .models import Answer, FundingInput
from .periods import Period, PeriodKind, period_for

MAX_CUSTOM_DAYS = 3 * 366


def _all(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("All")), *choices]


class DashboardFilterForm(forms.Form):
    """GET form: codes only, never free text (no personal data in query strings)."""

    period = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.MONTH)
    date = forms.DateField(
        label=_("A day in the period"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For week, month, quarter or year. Empty: today."),
    )
    start = forms.DateField(
        label=_("From (custom)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To (custom)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    branch = forms.TypedChoiceField(label=_("Branch"), required=False, coerce=int, empty_value=None)
    gemeente = forms.TypedChoiceField(label=_("Municipality"), required=False, coerce=int, empty_value=None)
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=_all(Topic.choices))
    organisation = forms.ChoiceField(
        label=_("Organisation"), required=False, choices=_all(Organisation.choices)
    )
    bestuurslaag = forms.ChoiceField(
        label=_("Level of government"), required=False, choices=_all(Bestuurslaag.choices)
    )
    help = forms.ChoiceField(label=_("Help given"), required=False, choices=_all(Help.choices))
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=_all(Channel.choices))
    referral = forms.ChoiceField(
        label=_("Referral"), required=False, choices=_all(selectors.Referral.choices)
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        branches = list(selectors.branches_for_filter(scope=scope))
        if branches:
            self.fields["branch"].choices = _all([(b.pk, b.name) for b in branches])  # type: ignore[attr-defined]
        else:
            del self.fields["branch"]
        if scope.level == Level.NATIONAL:
            self.fields["gemeente"].choices = _all(  # type: ignore[attr-defined]
                [(g.pk, g.name) for g in Gemeente.objects.order_by("name")]
            )
        else:
            del self.fields["gemeente"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") == PeriodKind.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start:
                self.add_error("start", _("Enter the first day of the period."))
            if not end:
                self.add_error("end", _("Enter the last day of the period."))
            if start and end and start > end:
                self.add_error("end", _("The last day must be on or after the first day."))
            elif start and end and (end - start).days > MAX_CUSTOM_DAYS:
                self.add_error("end", _("Choose a period of at most three years."))
        return data

    def filters(self, today: datetime.date | None = None) -> selectors.Filters:
        data = self.cleaned_data
        today = today or timezone.localdate()
        period = period_for(data["period"], data.get("date") or today, data.get("start"), data.get("end"))
        return selectors.Filters(
            period=period,
            branch_id=data.get("branch"),
            gemeente_id=data.get("gemeente"),
            topic=data.get("topic", ""),
            organisation=data.get("organisation", ""),
            bestuurslaag=data.get("bestuurslaag", ""),
            help=data.get("help", ""),
            channel=data.get("channel", ""),
            referral=data.get("referral", ""),
        )


def default_period(today: datetime.date | None = None) -> Period:
    return period_for(PeriodKind.MONTH, today or timezone.localdate())


class QuarterForm(forms.Form):
    library = forms.TypedChoiceField(label=_("Library"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=2023, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, choices=[(1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")]
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = [  # type: ignore[attr-defined]
            (lib.pk, lib.name) for lib in selectors.report_libraries(scope=scope)
        ]
        last_quarter = timezone.localdate().replace(day=1) - timedelta(days=80)
        self.fields["year"].initial = last_quarter.year
        self.fields["quarter"].initial = (last_quarter.month - 1) // 3 + 1


class ImpactForm(forms.Form):
    """The visitor's three questions; every answer may be skipped."""

    key = forms.UUIDField(widget=forms.HiddenInput)
    helped = forms.ChoiceField(
        label=_("Were you helped?"), choices=Answer.choices, required=False, widget=forms.RadioSelect
    )
    self_next_time = forms.ChoiceField(
        label=_("Can you do this yourself next time?"),
        choices=Answer.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    knows_where = forms.ChoiceField(
        label=_("Do you know where to go now?"),
        choices=Answer.choices,
        required=False,
        widget=forms.RadioSelect,
    )


class FundingInputForm(forms.ModelForm):
    class Meta:
        model = FundingInput
        fields = ["inhabitants", "inhabitants_low_education", "source_year", "source_note"]
        help_texts = {
            "inhabitants_low_education": _("Highest completed education at most vmbo (seed 002)."),
            "source_note": _("For example: CBS StatLine, 1 January 2024."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        inhabitants, low = data.get("inhabitants"), data.get("inhabitants_low_education")
        if inhabitants is not None and low is not None and low > inhabitants:
            self.add_error(
                "inhabitants_low_education", _("This cannot be more than the number of inhabitants.")
            )
        return data


class SpendingForm(forms.Form):
    description = forms.CharField(label=_("What was it spent on?"), max_length=200)
    amount = forms.DecimalField(
        label=_("Amount (€)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"), localize=True
    )


class ReserveForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Reserve for next year (€)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.00"),
        localize=True,
    )
