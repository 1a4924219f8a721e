"""Forms of the desk screen, the tally and the coordinator views.

The one free-text field (the remark) goes through ``validate_remark``, which calls the personal-data
guard (``baken.privacy.pii``). A refused remark is never stored, never logged and never put in the
session: it only travels back in the response so the staff member can see what to remove.
"""

from __future__ import annotations

import datetime as dt
import uuid
from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baken.core.models import Branch
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
from baken.privacy import pii

from .models import REMARK_MAX_LENGTH, LocalTopic, hour_block_label
from .services import ContactData, QuestionData, TallyData, TallyLineData

MAX_QUESTIONS = 5
TOP_TOPICS = 8
TOP_ORGANISATIONS = 6
LOCAL_PREFIX = "local-"
# How far back the desk may register (a forgotten contact of last week); the coordinator corrects older ones.
MAX_DAYS_BACK = 366


class RemarkRefused(ValidationError):
    """A remark with personal data; carries the findings so the template can mark them."""

    def __init__(self, message: str, findings: list[pii.Finding]) -> None:
        super().__init__(message, code="personal_data")
        self.findings = findings


def validate_remark(text: str) -> str:
    """The single gate for the remark: refuse it when the guard finds personal data."""
    findings = pii.scan(text)
    if findings:
        found = ", ".join(pii.describe_findings(findings))
        raise RemarkRefused(
            _(
                "The remark seems to contain personal data (%(found)s). Registration is anonymous: "
                "remove it, or leave the remark empty."
            )
            % {"found": found},
            findings,
        )
    return text


def hour_choices() -> list[tuple[int, str]]:
    return [(hour, hour_block_label(hour)) for hour in range(24)]


def _validate_date(value: dt.date) -> dt.date:
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("The date cannot be in the future."))
    if value < today - timedelta(days=MAX_DAYS_BACK):
        raise ValidationError(_("The date is more than a year ago."))
    return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ContactForm(forms.Form):
    """The contact part of the desk screen; the questions are ``QuestionForm`` instances beside it."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    question_count = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_QUESTIONS)
    branch = forms.ModelChoiceField(
        queryset=Branch.objects.none(), label=gettext_lazy("Branch"), empty_label=None
    )
    date = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    hour = forms.TypedChoiceField(label=gettext_lazy("Hour block"), coerce=int, choices=hour_choices)
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"), choices=Channel.choices, widget=forms.RadioSelect
    )
    duration = forms.ChoiceField(
        label=gettext_lazy("Duration"), choices=Duration.choices, widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    target_groups = forms.MultipleChoiceField(
        label=gettext_lazy("Target group indicators"),
        help_text=gettext_lazy("Your impression; never ask the visitor."),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    remark = forms.CharField(
        label=gettext_lazy("Remark"),
        help_text=gettext_lazy(
            "No names, numbers, addresses or other personal data. At most 200 characters."
        ),
        max_length=REMARK_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": REMARK_MAX_LENGTH}),
    )

    def __init__(self, *args: Any, branches: QuerySet[Branch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]
        self.remark_findings: list[pii.Finding] = []

    def clean_date(self) -> dt.date:
        return _validate_date(self.cleaned_data["date"])

    def clean_remark(self) -> str:
        remark: str = self.cleaned_data.get("remark", "").strip()
        if not remark:
            return ""
        try:
            return validate_remark(remark)
        except RemarkRefused as refused:
            self.remark_findings = refused.findings
            raise

    def marked_remark(self) -> list[tuple[str, str | None]]:
        """The refused remark in pieces, findings marked (rendered in the response only)."""
        if not self.remark_findings:
            return []
        return pii.marked_segments(self.data.get(self.add_prefix("remark"), "").strip(), self.remark_findings)


class QuestionForm(forms.Form):
    """One question. ``topic`` holds a national code or ``local-<id>`` for a library's sub-topic."""

    topic = forms.ChoiceField(label=gettext_lazy("Topic"), widget=forms.RadioSelect)
    helps = forms.MultipleChoiceField(
        label=gettext_lazy("Help given"), choices=Help.choices, widget=forms.CheckboxSelectMultiple
    )
    organisation = forms.ChoiceField(
        label=gettext_lazy("Organisation"), widget=forms.RadioSelect, required=False
    )
    domain = forms.ChoiceField(
        label=gettext_lazy("Domain"),
        choices=[("", gettext_lazy("Follows from the topic")), *Domain.choices],
        required=False,
    )
    bestuurslaag = forms.ChoiceField(
        label=gettext_lazy("Level of government"),
        choices=[("", gettext_lazy("Follows from the organisation")), *Bestuurslaag.choices],
        required=False,
    )
    course_suggested = forms.BooleanField(label=gettext_lazy("Course suggested"), required=False)
    referral_service = forms.TypedChoiceField(
        label=gettext_lazy("Referred to (partner on your kaart)"),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        topic_order: list[str],
        organisation_order: list[str],
        local_topics: list[LocalTopic],
        referral_services: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral_service"].choices = [  # type: ignore[attr-defined]
            ("", _("Not referred, or to someone not on the kaart")),
            *(referral_services or []),
        ]
        topic_labels = dict(Topic.choices)
        self.local_topics = {f"{LOCAL_PREFIX}{t.pk}": t for t in local_topics}
        # The branch's most used topics as large buttons, then its own sub-topics, then the rest.
        self.top_count = TOP_TOPICS + len(local_topics)
        self.fields["topic"].choices = [  # type: ignore[attr-defined]
            *((code, topic_labels[code]) for code in topic_order[:TOP_TOPICS]),
            *((key, t.label) for key, t in self.local_topics.items()),
            *((code, topic_labels[code]) for code in topic_order[TOP_TOPICS:]),
        ]
        organisation_labels = dict(Organisation.choices)
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", _("Follows from the topic")),
            *((code, organisation_labels[code]) for code in organisation_order),
        ]

    def question_data(self) -> QuestionData:
        data = self.cleaned_data
        topic_value: str = data["topic"]
        local = self.local_topics.get(topic_value)
        return QuestionData(
            topic=local.national_topic if local else topic_value,
            local_topic=local,
            helps=tuple(data["helps"]),
            domain=data["domain"],
            organisation=data["organisation"],
            bestuurslaag=data["bestuurslaag"],
            course_suggested=data["course_suggested"],
            referral_service_id=data.get("referral_service"),
        )


def contact_data(contact_form: ContactForm, question_forms: list[QuestionForm]) -> ContactData:
    data = contact_form.cleaned_data
    return ContactData(
        branch=data["branch"],
        date=data["date"],
        hour=data["hour"],
        channel=data["channel"],
        duration=data["duration"],
        outcome=data["outcome"],
        target_groups=tuple(data["target_groups"]),
        remark=data["remark"],
        questions=tuple(form.question_data() for form in question_forms),
    )


def new_key() -> uuid.UUID:
    return uuid.uuid4()


class TallyForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    branch = forms.ModelChoiceField(
        queryset=Branch.objects.none(), label=gettext_lazy("Branch"), empty_label=None
    )
    date = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"), choices=Channel.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, branches: QuerySet[Branch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]

    def clean_date(self) -> dt.date:
        return _validate_date(self.cleaned_data["date"])


MAX_TALLY_COUNT = 500


class TallyLineForm(forms.Form):
    topic = forms.ChoiceField(
        label=gettext_lazy("Topic"), choices=[("", "—"), *Topic.choices], required=False
    )
    help = forms.ChoiceField(
        label=gettext_lazy("Help given"), choices=[("", "—"), *Help.choices], required=False
    )
    count = forms.IntegerField(
        label=gettext_lazy("Number"), min_value=1, max_value=MAX_TALLY_COUNT, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [bool(data.get("topic")), bool(data.get("help")), data.get("count") is not None]
        if any(filled) and not all(filled):
            raise ValidationError(_("Fill in topic, help and number, or leave the whole line empty."))
        return data

    def line(self) -> TallyLineData | None:
        data = self.cleaned_data
        if not data.get("topic"):
            return None
        return TallyLineData(topic=data["topic"], help=data["help"], count=data["count"])


def tally_data(form: TallyForm, lines: list[TallyLineForm]) -> TallyData:
    data = form.cleaned_data
    return TallyData(
        branch=data["branch"],
        date=data["date"],
        channel=data["channel"],
        lines=tuple(line for line in (f.line() for f in lines) if line is not None),
    )


class ContactFilterForm(forms.Form):
    """Filters of the coordinator's contact list (codes and dates only: safe in a query string)."""

    branch = forms.ModelChoiceField(
        queryset=Branch.objects.none(),
        label=gettext_lazy("Branch"),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput())
    topic = forms.ChoiceField(
        label=gettext_lazy("Topic"), choices=[("", gettext_lazy("All")), *Topic.choices], required=False
    )

    def __init__(self, *args: Any, branches: QuerySet[Branch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]


class Period(forms.Form):
    """Day or week summary for one branch."""

    branch = forms.ModelChoiceField(
        queryset=Branch.objects.none(), label=gettext_lazy("Branch"), empty_label=None
    )
    period = forms.ChoiceField(
        label=gettext_lazy("Period"),
        choices=[("week", gettext_lazy("Week")), ("day", gettext_lazy("Day"))],
        widget=forms.RadioSelect,
    )
    date = forms.DateField(label=gettext_lazy("Date in the period"), widget=DateInput())

    def __init__(self, *args: Any, branches: QuerySet[Branch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]

    def bounds(self) -> tuple[dt.date, dt.date]:
        chosen: dt.date = self.cleaned_data["date"]
        if self.cleaned_data["period"] == "day":
            return chosen, chosen
        monday = chosen - timedelta(days=chosen.weekday())
        return monday, monday + timedelta(days=6)


class LocalTopicForm(forms.ModelForm):
    class Meta:
        model = LocalTopic
        fields = ["label", "national_topic", "is_active"]

    def __init__(self, *args: Any, library_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.library_id = library_id

    def clean_label(self) -> str:
        label: str = self.cleaned_data["label"].strip()
        if pii.contains_personal_data(label):
            raise ValidationError(_("A sub-topic name may not contain personal data."))
        same = LocalTopic.objects.filter(library_id=self.library_id, label__iexact=label).exclude(
            pk=self.instance.pk
        )
        if same.exists():
            raise ValidationError(_("Your library already has a sub-topic with this name."))
        return label
