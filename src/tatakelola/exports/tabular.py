"""CSV and XLSX of any list, streamed so that a large export never sits in memory.

    columns = [Column("reference", _("Case")), Column("opened_at", _("Opened"))]
    return tabular_response(request.GET.get("format", "csv"), "cases", columns, rows)

``rows`` is any iterable of mappings (a queryset's ``.values()`` or ``.iterator()`` of dicts, a
generator): values are written as they come, datetimes in the active time zone. Headers are the
columns' labels in the active language. Cells that a spreadsheet would read as a formula (starting
with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with an apostrophe (CSV
injection, OWASP). The caller audits the export (an export is a disclosure).
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from tatakelola.utilities.errors import DomainError
from tatakelola.utilities.texts import render_text

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise | str


def cell(value: Any) -> Any:
    """A value as a spreadsheet should receive it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, Mapping | list | tuple):
        value = render_text(value)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _csv_lines(columns: list[Column], rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return text

    writer.writerow([str(c.label) for c in columns])
    yield "\ufeff" + flush()  # BOM: spreadsheet programs then read the file as UTF-8
    for row in rows:
        writer.writerow([cell(row.get(c.key)) for c in columns])
        yield flush()


def csv_response(filename: str, columns: list[Column], rows: Iterable[Mapping[str, Any]]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def csv_text(columns: list[Column], rows: Iterable[Mapping[str, Any]]) -> str:
    """The same CSV as a string (for evidence packages and e-mailed reports)."""
    return "".join(_csv_lines(columns, rows))


def xlsx_bytes(columns: list[Column], rows: Iterable[Mapping[str, Any]], *, sheet: str = "Data") -> bytes:
    """An XLSX workbook with one sheet, written in constant memory."""
    with tempfile.TemporaryFile() as handle:
        workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "strings_to_formulas": False})
        worksheet = workbook.add_worksheet(sheet[:31])
        bold = workbook.add_format({"bold": True})
        for index, column in enumerate(columns):
            worksheet.write_string(0, index, str(column.label), bold)
        for number, row in enumerate(rows, start=1):
            for index, column in enumerate(columns):
                value = cell(row.get(column.key))
                if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                    worksheet.write_number(number, index, float(value))
                else:
                    worksheet.write_string(number, index, str(value))
        worksheet.freeze_panes(1, 0)
        workbook.close()
        handle.seek(0)
        return handle.read()


def xlsx_response(filename: str, columns: list[Column], rows: Iterable[Mapping[str, Any]]) -> FileResponse:
    content = xlsx_bytes(columns, rows, sheet=filename)
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def tabular_response(
    format: str, filename: str, columns: list[Column], rows: Iterable[Mapping[str, Any]]
) -> HttpResponseBase:
    """``format`` is ``csv`` or ``xlsx``; anything else is refused with a clear error."""
    if format == "csv":
        return csv_response(filename, columns, rows)
    if format == "xlsx":
        return xlsx_response(filename, columns, rows)
    raise DomainError(_("Unknown export format: choose CSV or XLSX."), field="format")
