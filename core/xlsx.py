"""Writing .xlsx files: one streaming writer for every ledger export and template, and the
one cell function (:func:`set_cell`) through which every workbook the project writes stores
its values.

Text is stored as text, whatever it holds: a unit named ``=HYPERLINK("http://…","点击查看")``
must reach the spreadsheet as those characters, never as a live formula (formula or CSV
injection). So every string is written as an inline string (``data_type = "s"``: no
spreadsheet evaluates it), and one that starts like a formula (``= + - @``, their full-width
forms, a tab or a carriage return) is also marked quote-prefixed (the cell style Excel, WPS
and LibreOffice set when one types a leading ``'``): it shows as the text itself, and a user
who later edits the cell and presses Enter keeps it text. (A literal ``'`` in the value, as
OWASP suggests for CSV, would show in the cell and change the data people copy out: a phone
``+86 …`` would read ``'+86 …``.) Numbers, dates and times stay what they are (-5 is a
number; the text "-5" is guarded text). An empty value is an empty text cell, so every row
keeps its columns.

Characters XML 1.0 cannot carry (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF,
lone surrogates) are removed: one stored name holding ``\\x07`` must not make an export
fail for everyone.
"""

import datetime
import decimal
import io
import math
import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

# What XML 1.0 (so an .xlsx) cannot hold: removed from text before it is written.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# A cell starting with one of these is read as a formula when typed or edited (OWASP's list,
# plus the full-width forms that an Excel or WPS with a Chinese input method also takes).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
GUARD = "'"  # what earlier exports put before such text (core.imports drops it)
MAX_CELL_TEXT = 32767  # what one Excel cell holds
NUMBERS = (int, float, decimal.Decimal)
TIMES = (datetime.date, datetime.time, datetime.timedelta)  # datetime is a date
# Sheet names: at most 31 characters, none of these, not starting or ending with '.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")


def text_value(text: str) -> str:
    """``text`` as a cell must hold it: unwritable characters removed, at most what a
    cell holds."""
    return UNWRITABLE.sub("", str(text))[:MAX_CELL_TEXT]


def starts_like_a_formula(text: str) -> bool:
    return len(text) > 1 and text.startswith(FORMULA_START)  # a lone "-" is no formula


def cell_value(value):
    """The value a cell holds for ``value``: numbers, dates and times as themselves (aware
    datetimes in local time), booleans as 是/否, None as an empty cell, anything else as
    text (:func:`text_value`)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(tzinfo=None)
    if isinstance(value, NUMBERS):
        if isinstance(value, float) and not math.isfinite(value):
            return text_value(str(value))
        return value
    if isinstance(value, TIMES):
        return value
    if isinstance(value, Promise):
        value = str(value)
    return text_value(value)


def set_cell(cell, value):
    """Store ``value`` in ``cell`` (a worksheet's cell or a WriteOnlyCell) the safe way:
    every writer of the project goes through here. Returns the cell."""
    value = cell_value(value)
    cell.value = "" if value is None else value
    if isinstance(cell.value, str):
        cell.data_type = "s"  # text, never a formula or an error code such as #N/A
        if starts_like_a_formula(cell.value):
            cell.quotePrefix = True  # and stays text when someone edits it
    return cell


def safe_sheet_title(title) -> str:
    """A sheet name Excel accepts, from any text (e.g. a draw's name)."""
    text = SHEET_TITLE_FORBIDDEN.sub("_", UNWRITABLE.sub("", str(title))).strip()
    return text[:31].strip("'").strip() or "Sheet1"


def build_workbook(
    sheet_title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    widths: Sequence[int] | None = None,
    notes: Sequence[str] = (),
) -> bytes:
    """A one-sheet workbook, written in streaming mode so memory stays flat."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(safe_sheet_title(sheet_title))
    for index, width in enumerate(widths or [max(10, len(h) * 2 + 4) for h in headers], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = set_cell(WriteOnlyCell(ws), header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        ws.append([set_cell(WriteOnlyCell(ws), v) for v in row])
    if notes:
        info = wb.create_sheet("说明")
        for note in notes:
            info.append([set_cell(WriteOnlyCell(info), note)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def dated_filename(stem: str) -> str:
    return f"{stem}_{timezone.localdate():%Y%m%d}.xlsx"
