"""CSV and XLSX of a dashboard view: exactly the (protected) numbers the page shows, nothing more."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from .selectors import Dashboard

HEADER = ["tabel", "code", "omschrijving", "aantal"]


def _value(cell: Any) -> Any:
    """Shown numbers as numbers; protected ones as their mark ("<5" or "×")."""
    return cell.value if not cell.hidden and cell.value is not None else cell.display


def summary_rows(board: Dashboard) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["periode", board.period.kind, f"{board.period.start:%Y-%m-%d} t/m {board.period.end:%Y-%m-%d}", ""],
        ["totaal", "vragen", "Vragen", _value(board.questions)],
        ["totaal", "vragen_vorige_periode", "Vragen in de vorige periode", _value(board.previous_questions)],
    ]
    if board.contacts is not None:
        rows.append(["totaal", "contacten", "Contacten", _value(board.contacts)])
    return rows


def rows(board: Dashboard) -> Iterator[list[Any]]:
    yield HEADER
    yield from summary_rows(board)
    for table in board.all_tables():
        for row in table.rows:
            yield [table.key, row.code, row.label, _value(row.cell)]
        yield [table.key, "totaal", "Totaal", _value(table.total)]


def _filename(extension: str) -> str:
    return f"baken-cijfers-{timezone.localdate():%Y%m%d}.{extension}"


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def csv_response(board: Dashboard) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    for row in rows(board):
        writer.writerow([_safe(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(board: Dashboard) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    overview = workbook.create_sheet("Overzicht")
    overview.append(HEADER)
    for line in summary_rows(board):
        overview.append(line)
    for table in board.all_tables():
        sheet = workbook.create_sheet(table.key[:31])
        sheet.append([table.title])
        sheet.append(["code", "omschrijving", "aantal"])
        for row in table.rows:
            sheet.append([row.code, _safe(row.label), _value(row.cell)])
        sheet.append(["totaal", "Totaal", _value(table.total)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
