"""A summary as a workbook: one sheet per table (summary_tables.py), numbers stored as
numbers in number formats that write what the page and the PDF write (core.formatting):
rates as fractions shown as percentages, Chinese headers, column widths set.

The summaries are small (tens of rows), so the workbook is built in memory; the ledgers'
streaming writer (core/xlsx.py) serves one-sheet exports of any size."""

import io

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.xlsx import HEADER_FILL, HEADER_FONT, safe_sheet_title, set_cell
from reports.presentation.summary_tables import Table, excel, summary_tables

BOLD = Font(bold=True)


def write_table(ws, table: Table, row: int) -> int:
    """Write ``table`` from ``row``: its header, then its rows. Returns the next free row."""
    for col, column in enumerate(table.columns, start=1):
        cell = set_cell(ws.cell(row=row, column=col), column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(
            ws.column_dimensions[letter].width or 0, column.width
        )
    for data in table.rows:
        row += 1
        for col, value in enumerate(data.values, start=1):
            value, number_format = excel(value, table.kind_of(data, col - 1))
            cell = set_cell(ws.cell(row=row, column=col), value)
            if number_format:
                cell.number_format = number_format
            if data.emphasis:
                cell.font = BOLD
    return row + 1


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def summary_workbook(*, title: str, figures: dict, computed_at=None) -> bytes:
    """The workbook of a summary: a sheet per table; tables sharing a sheet (行政处罚) are
    written one under the other, each after its title. The overview sheet ends with the
    scope, the office and when the figures were computed."""
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {}
    for table in summary_tables(figures):
        if table.sheet not in sheets:
            ws = wb.create_sheet(safe_sheet_title(table.sheet))
            ws.freeze_panes = "A2"
            sheets[table.sheet] = (ws, write_table(ws, table, 1))
            continue
        ws, row = sheets[table.sheet]
        set_cell(ws.cell(row=row + 1, column=1), table.title).font = BOLD
        sheets[table.sheet] = (ws, write_table(ws, table, row + 2))
    ws, row = sheets["总体指标"]
    scope = figures.get("scope") or {}
    when = timezone.localtime(computed_at or timezone.now())
    for offset, line in enumerate(
        (
            f"标题：{title}",
            f"统计范围：{scope.get('label', '')}",
            f"填报单位：{settings.OFFICE_NAME}",
            f"数据计算时间：{when:%Y-%m-%d %H:%M}",
        ),
        start=1,
    ):
        set_cell(ws.cell(row=row + offset, column=1), line)
    return workbook_bytes(wb)
