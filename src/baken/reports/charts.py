"""Charts drawn on the server as SVG: no JavaScript, no CDN, readable by screen readers.

Each chart has ``role="img"`` with a <title> and a <desc> that says where the numbers are: the data
table printed beside it is the accessible (and exact) version. Colours are presentation attributes
(allowed by the CSP, unlike inline styles). A hidden (protected) value draws no bar, only its mark.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .selectors import FigureTable

BAR = "#1a5e9a"
TEXT = "#1b1b1b"
GRID = "#8a8a8a"
LABEL_WIDTH = 230
WIDTH = 640
ROW = 26
MAX_LABEL = 34


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def bar_chart(table: FigureTable, chart_id: str) -> SafeString:
    """Horizontal bars, one per row of the table."""
    if not table.rows:
        return mark_safe("")
    height = ROW * len(table.rows) + 10
    peak = max((row.cell.value or 0 for row in table.rows), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - 70) / peak
    parts = _open(
        chart_id, WIDTH, height, table.title, _("Bar chart; the table beside it has the exact numbers.")
    )
    for index, row in enumerate(table.rows):
        y = 5 + index * ROW
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end" font-size="13" fill="{TEXT}">'
            f"{escape(_short(row.label))}</text>"
        )
        length = (row.cell.value or 0) * scale if not row.cell.hidden else 0
        if length:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length:.1f}" height="{ROW - 8}" fill="{BAR}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 17}" font-size="13" fill="{TEXT}">'
            f"{escape(row.cell.display)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text is escaped above)


def column_chart(table: FigureTable, chart_id: str) -> SafeString:
    """Vertical bars over time (days or months)."""
    if not table.rows:
        return mark_safe("")
    height, bottom, left = 240, 200, 40
    count = len(table.rows)
    step = (WIDTH - left - 10) / count
    peak = max((row.cell.value or 0 for row in table.rows), default=0) or 1
    parts = _open(
        chart_id,
        WIDTH,
        height,
        table.title,
        _("Column chart over time; the table beside it has the exact numbers."),
    )
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{WIDTH - 5}" y2="{bottom}" stroke="{GRID}"/>')
    parts.append(f'<text x="{left - 6}" y="{bottom}" text-anchor="end" font-size="12" fill="{TEXT}">0</text>')
    parts.append(f'<text x="{left - 6}" y="20" text-anchor="end" font-size="12" fill="{TEXT}">{peak}</text>')
    label_every = max(1, count // 12)
    for index, row in enumerate(table.rows):
        x = left + index * step
        if not row.cell.hidden and row.cell.value:
            bar = (row.cell.value / peak) * (bottom - 20)
            parts.append(
                f'<rect x="{x + step * 0.15:.1f}" y="{bottom - bar:.1f}" width="{step * 0.7:.1f}" '
                f'height="{bar:.1f}" fill="{BAR}"/>'
            )
        elif row.cell.hidden:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{bottom - 4}" text-anchor="middle" font-size="10" '
                f'fill="{TEXT}">{escape(row.cell.display)}</text>'
            )
        if index % label_every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{bottom + 16}" text-anchor="middle" font-size="11" '
                f'fill="{TEXT}">{escape(row.label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text is escaped above)
