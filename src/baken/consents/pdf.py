"""The printable consent form (filled and blank), in plain Dutch, with an embedded open font.

fpdf2 embeds a subset of DejaVu Sans (``fonts/``, licence next to it), so €, ë and – print on any
printer. The form holds the seven elements of seed 001 and never the data being passed on: the
function only receives a ConsentRecord, which has no field for it (ADR 0071).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .models import ConsentRecord, Manner

# fontTools logs every subsetting step at INFO; keep the server log about requests.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
LINE = 6.5


def _pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(_("Consent form"))
    pdf.set_lang("nl")
    pdf.set_creator("Baken")
    pdf.add_page()
    return pdf


def _lines(pdf: FPDF, height: float, text: str) -> None:
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, text: str, size: int = 13) -> None:
    pdf.set_font(FONT, "B", size)
    _lines(pdf, LINE + 1, text)
    pdf.ln(1)


def _para(pdf: FPDF, text: str) -> None:
    pdf.set_font(FONT, "", 11)
    _lines(pdf, LINE, text)
    pdf.ln(2)


def _field(pdf: FPDF, number: int, label: str, value: str | None) -> None:
    pdf.set_font(FONT, "B", 11)
    _lines(pdf, LINE, f"{number}. {label}")
    pdf.set_font(FONT, "", 11)
    if value:
        _lines(pdf, LINE, value)
    else:  # blank form: a line to write on
        pdf.ln(LINE)
        y = pdf.get_y()
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.ln(3)


def _manner_text(record: ConsentRecord | None) -> str | None:
    if record is None:
        return None
    return str(Manner(record.manner).label)


def render_consent_pdf(record: ConsentRecord | None, *, library_name: str) -> bytes:
    """The form for ``record``, or the blank form when ``record`` is None. Always in Dutch."""
    with translation.override("nl"):
        return _render(record, library_name=library_name)


def _render(record: ConsentRecord | None, *, library_name: str) -> bytes:
    pdf = _pdf()
    _heading(pdf, _("Consent form – %(library)s") % {"library": library_name}, 15)
    _para(
        pdf,
        _(
            "You ask the library for help. To help you, we want to pass some of your details to "
            "another organisation. We only do that if you agree. On this form you can read what we "
            "pass on, to whom and why."
        ),
    )
    _para(
        pdf,
        _(
            "Your details are not on this form. We write them down separately, or only in the "
            "e-mail to the organisation, and throw them away when they have been sent."
        ),
    )
    _para(pdf, _("Giving consent is free (€ 0) and voluntary. You may say no."))
    _para(
        pdf,
        _(
            "You may withdraw your consent later. Tell the library staff or the privacy "
            "coordinator. What was already sent cannot be called back."
        ),
    )
    local = timezone.localtime(record.given_at) if record else None
    _field(pdf, 1, _("I give consent"), _("Yes, I agree.") if record else None)
    _field(pdf, 2, _("To this organisation"), record.recipient if record else None)
    _field(pdf, 3, _("For this purpose"), record.purpose if record else None)
    _field(pdf, 4, _("How I gave consent"), _manner_text(record))
    _field(pdf, 5, _("Date and time"), f"{local:%d-%m-%Y %H:%M}" if local else None)
    _field(pdf, 6, _("Name of the library staff member"), record.staff_name if record else None)
    _signature(pdf, record)
    pdf.ln(2)
    pdf.set_font(FONT, "", 9)
    _lines(
        pdf,
        5,
        _(
            "The library keeps this form locked away and deletes it after the period in its privacy "
            "policy. Questions? Ask for the privacy coordinator of the library."
        ),
    )
    return bytes(pdf.output())


def _signature(pdf: FPDF, record: ConsentRecord | None) -> None:
    pdf.set_font(FONT, "B", 11)
    _lines(pdf, LINE, f"7. {_('Signature of the visitor')}")
    pdf.set_font(FONT, "", 11)
    if record is not None and record.manner == Manner.TABLET and record.signature:
        pdf.image(io.BytesIO(bytes(record.signature)), w=70)
    elif record is not None and record.manner == Manner.PAPER:
        _lines(pdf, LINE, _("Signed on paper; the scan is kept with this record."))
    elif record is not None:
        _lines(pdf, LINE, _("No signature: consent was given orally."))
    else:
        pdf.ln(LINE * 3)
        y = pdf.get_y()
        pdf.line(pdf.l_margin, y, pdf.l_margin + 90, y)
    pdf.ln(3)
