"""Spreadsheets for Excel and WPS: XLSX (openpyxl, write-only) and CSV, both safe to open.

Both are written into a file as they go, never whole in memory; the rows of a table may come from the database in
chunks (``Sheet.rows`` is read twice for XLSX: first for the column widths and the row count, then for the cells).

XLSX: one sheet per table, named in Chinese; the header row in bold, frozen and with an auto-filter; column widths
from the content (a CJK character counts as two); dates, times and numbers as real cells. CSV: UTF-8 with a BOM, so
that Excel reads Chinese correctly without an import dialog.

Formula injection (OWASP "CSV Injection"): a text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return would be run as a formula by the spreadsheet program. In CSV such text is prefixed with ``'``; in XLSX it is
stored as a string cell with Excel's quote prefix (what Excel itself does when one types ``'=…``), so it shows as
typed and is never evaluated.
"""

import csv
import datetime
import io
import unicodedata
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"
MIN_WIDTH, MAX_WIDTH = 6, 60
# Excel refuses these in a sheet name; it also allows at most 31 characters.
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))
BOLD = Font(bold=True)


@dataclass(frozen=True)
class Sheet:
    """One table: its sheet name (Chinese), the column headers and the rows (Python values, ``None`` for empty):
    a list, or anything that gives the same rows again each time it is iterated."""

    title: str
    headers: tuple
    rows: Iterable


def is_formula_like(text):
    return text.startswith(FORMULA_STARTS)


def neutralise(text):
    """``text`` made inert for a spreadsheet program: a leading formula character gets a ``'`` in front."""
    return f"'{text}" if is_formula_like(text) else text


def display_width(value):
    """How many columns ``value`` takes in a spreadsheet: wide (CJK) characters count as two."""
    text = _as_text(value)
    return len(text) + sum(1 for character in text if unicodedata.east_asian_width(character) in "WF")


def _local(value):
    """Excel has no time zones: an aware datetime becomes the local (Beijing) wall-clock time."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _number_format(value):
    places = -value.as_tuple().exponent if isinstance(value, Decimal) and value.is_finite() else 0
    return f"0.{'0' * places}" if places > 0 else "0"


def _cell(sheet, value):
    """The XLSX cell of ``value``: text stays text, dates and numbers get their type and format."""
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not is_formula_like(text):
            return text
        cell = WriteOnlyCell(sheet, text)
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        cell.quotePrefix = True
        return cell
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, _local(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = _number_format(value)
        return cell
    return value


def _measure(table):
    """The column widths and the number of rows of ``table``, in one pass over its rows."""
    widths = [display_width(header) for header in table.headers]
    count = 0
    for row in table.rows:
        count += 1
        for index, value in enumerate(row):
            widths[index] = max(widths[index], display_width(value))
    return [min(MAX_WIDTH, max(MIN_WIDTH, width + 2)) for width in widths], count


def sheet_name(title):
    return str(title).translate(SHEET_NAME_FORBIDDEN)[:31] or "Sheet"


def xlsx(sheets, target, *, title=""):
    """Write the XLSX file of ``sheets``, in order, into ``target`` (a binary file)."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = str(title)
    try:
        for table in sheets:
            _write_sheet(workbook.create_sheet(sheet_name(table.title)), table)
        workbook.save(target)
    except BaseException:
        _discard(workbook)
        raise


def _write_sheet(sheet, table):
    columns = len(table.headers)
    widths, count = _measure(table)
    # Widths, panes and the filter belong to the sheet's head, written before the first row.
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{count + 1}"
    header = []
    for value in table.headers:
        cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", str(value)))
        cell.font = BOLD
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([_cell(sheet, value) for value in row])


def _discard(workbook):
    """openpyxl keeps each write-only sheet in a temporary file of its own until the workbook is saved and would
    remove it only when the process exits: a worker that failed writing closes and removes them at once."""
    for sheet in workbook.worksheets:
        writer = sheet._writer
        if writer is None:
            continue
        with suppress(Exception):  # a sheet half written, or saved already: the error that matters is raised
            sheet.close()
        with suppress(OSError, ValueError):  # removed already, when the workbook's saving got that far
            writer.cleanup()


def _csv_value(value):
    if isinstance(value, str):
        return neutralise(value)
    return _as_text(value)


def write_csv(rows, target):
    """Write the CSV file (UTF-8 with a BOM, CRLF lines as Excel writes them) of ``rows``, the header included, into
    ``target`` (a binary file)."""
    text = io.TextIOWrapper(target, encoding="utf-8", newline="")
    text.write("\ufeff")
    writer = csv.writer(text, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    text.flush()
    text.detach()  # ``target`` stays open: it belongs to the caller


def csv_of(sheets):
    """The rows of one CSV for ``sheets``: a single table as it is; several one after another, each under its
    title and apart by an empty line (a CSV file has no sheets)."""
    sheets = list(sheets)
    if len(sheets) == 1:
        yield sheets[0].headers
        yield from sheets[0].rows
        return
    for index, table in enumerate(sheets):
        if index:
            yield []
        yield [table.title]
        yield table.headers
        yield from table.rows
