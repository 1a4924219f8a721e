"""CSV and XLSX export of the anonymous records, and the summary shaped like the IDO form.

One row per question, with its contact's columns repeated. Codes are the stable identifiers
(docs/domain.md); each coded column has a Dutch label beside it. Exports carry the date and the hour
block only: no creation time, no staff member and no remark.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

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

from .models import Contact, Question, Source, hour_block_label
from .selectors import BranchSummary

COLUMNS = [
    "contact",
    "vestiging",
    "gemeente_cbs",
    "datum",
    "uurblok",
    "bron",
    "kanaal",
    "kanaal_label",
    "duur",
    "duur_label",
    "uitkomst",
    "uitkomst_label",
    "doelgroepen",
    "vraag",
    "domein",
    "domein_label",
    "onderwerp",
    "onderwerp_label",
    "lokaal_subonderwerp",
    "organisatie",
    "organisatie_label",
    "bestuurslaag",
    "bestuurslaag_label",
    "hulp",
    "hulp_label",
    "cursus_aangeraden",
    "doorverwezen_naar",
]
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _label(choices: Any, code: str) -> str:
    return str(dict(choices.choices).get(code, "")) if code else ""


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _referral_label(question: Question) -> str:
    service = question.referral_service
    return f"{service.organization.name}: {service.name}" if service else ""


def export_rows(contacts: QuerySet[Contact]) -> Iterator[list[Any]]:
    """Header, then one row per question; labels in Dutch whatever the user's language."""
    yield COLUMNS
    questions = (
        Question.objects.order_by("position")
        .select_related("local_topic", "referral_service__organization")
        .prefetch_related("helps")
    )
    queryset = (
        contacts.select_related("branch__gemeente")
        .prefetch_related(Prefetch("questions", queryset=questions))
        .order_by("date", "hour", "id")
    )
    with translation.override("nl"):
        for contact in queryset.iterator(chunk_size=2000):
            base = [
                contact.pk,
                contact.branch.slug,
                contact.branch.gemeente.cbs_code,
                contact.date.isoformat(),
                hour_block_label(contact.hour),
                contact.source,
                contact.channel,
                _label(Channel, contact.channel),
                contact.duration,
                _label(Duration, contact.duration),
                contact.outcome,
                _label(Outcome, contact.outcome),
                ";".join(contact.target_groups),
            ]
            for question in contact.questions.all():
                helps = [h.help for h in question.helps.all()]
                yield [
                    *base,
                    question.position,
                    question.domain,
                    _label(Domain, question.domain),
                    question.topic,
                    _label(Topic, question.topic),
                    _safe(question.local_topic.label) if question.local_topic else "",
                    question.organisation,
                    _label(Organisation, question.organisation),
                    question.bestuurslaag,
                    _label(Bestuurslaag, question.bestuurslaag),
                    ";".join(helps),
                    "; ".join(_label(Help, h) for h in helps),
                    "ja" if question.course_suggested else "nee",
                    _safe(_referral_label(question)),
                ]


def _filename(extension: str) -> str:
    return f"baken-contacten-{timezone.localdate():%Y%m%d}.{extension}"


def csv_response(rows: Iterable[list[Any]]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so Excel opens UTF-8 with the right characters
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(rows: Iterable[list[Any]]) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Contacten")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response


SUMMARY_SECTIONS: list[tuple[Any, str, Any]] = [
    (_("Channel (contacts)"), "by_channel", Channel),
    (_("Duration (contacts)"), "by_duration", Duration),
    (_("Outcome (contacts)"), "by_outcome", Outcome),
    (_("Domain (questions)"), "by_domain", Domain),
    (_("Topic (questions)"), "by_topic", Topic),
    (_("Organisation (questions)"), "by_organisation", Organisation),
    (_("Level of government (questions)"), "by_bestuurslaag", Bestuurslaag),
    (_("Help given (questions, several per question)"), "by_help", Help),
    (_("Target group indicators (contacts, several per contact)"), "by_target_group", TargetGroup),
]


def summary_sections(summary: BranchSummary | None) -> list[tuple[Any, list[tuple[str, str, int]]]]:
    """Every code of each section, zeros included, so the figures can be typed straight into the form."""
    if summary is None:
        return []
    sections = []
    for title, attribute, choices in SUMMARY_SECTIONS:
        counts: dict[str, int] = getattr(summary, attribute)
        sections.append((title, [(code, str(label), counts.get(code, 0)) for code, label in choices.choices]))
    return sections


__all__ = ["COLUMNS", "Source", "csv_response", "export_rows", "summary_sections", "xlsx_response"]
