"""Writing .xlsx files: one streaming writer for every ledger export and template."""

import datetime
import io
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _cell_value(value):
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(tzinfo=None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


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
    ws = wb.create_sheet(sheet_title[:31])
    for index, width in enumerate(widths or [max(10, len(h) * 2 + 4) for h in headers], start=1):
        ws.column_dimensions[_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        ws.append([_cell_value(v) for v in row])
    if notes:
        info = wb.create_sheet("说明")
        for note in notes:
            info.append([note])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def dated_filename(stem: str) -> str:
    return f"{stem}_{timezone.localdate():%Y%m%d}.xlsx"
