"""A summary as a workbook: one sheet per table (summary_tables.py), numbers stored as
numbers in number formats that write what the page and the PDF write (core.formatting):
rates as fractions shown as percentages, Chinese headers, column widths set. Table 1's
sheet is laid out as the city office asks for it (write_table1): a title row, 填报单位 and
the period, class cells merged, header rows repeated on every printed page, landscape A4
fitted to the page's width.

The summaries are small (tens of rows), so the workbook is built in memory; the ledgers'
streaming writer (core/xlsx.py) serves one-sheet exports of any size."""

import io

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from core.xlsx import HEADER_FILL, HEADER_FONT, safe_sheet_title, set_cell
from reports.presentation.document import document_tables, full_title
from reports.presentation.summary_tables import Table, excel

BOLD = Font(bold=True)
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TABLE1_HEADER_ROW = 3  # title, then 填报单位 and the period, then the header


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


def write_table1(ws, table: Table, *, title: str, office: str, period: str) -> None:
    """Table 1 as the city office's form: its title merged across, "填报单位：" and the
    period, the header (repeated on each printed page), the rows with each class's cells
    merged down and the total's label across the first two columns; landscape, one page
    wide."""
    width = len(table.columns)
    last = get_column_letter(width)
    set_cell(ws.cell(row=1, column=1), title).font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 26
    middle = max(width // 2, 2)
    set_cell(ws.cell(row=2, column=1), f"填报单位：{office}")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=middle)
    set_cell(ws.cell(row=2, column=middle + 1), f"统计期间：{period}")
    ws.merge_cells(start_row=2, start_column=middle + 1, end_row=2, end_column=width)
    ws.cell(row=2, column=middle + 1).alignment = Alignment(horizontal="right")
    end = write_table(ws, table, TABLE1_HEADER_ROW)
    header = TABLE1_HEADER_ROW
    ws.row_dimensions[header].height = 32
    for row in ws.iter_rows(min_row=header, max_row=end - 1, max_col=width):
        for cell in row:
            cell.border = GRID
    for cell in ws[header]:
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for offset, (down, across) in enumerate(table.spans(), start=header + 1):
        if down > 1:
            ws.merge_cells(
                start_row=offset, start_column=1, end_row=offset + down - 1, end_column=1
            )
        if across > 1:
            ws.merge_cells(start_row=offset, start_column=1, end_row=offset, end_column=across)
        if down:
            ws.cell(row=offset, column=1).alignment = Alignment(
                horizontal="center", vertical="center", wrap_text=True
            )
    ws.freeze_panes = ws.cell(row=header + 1, column=3)
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def summary_workbook(*, title: str, figures: dict, computed_at=None, warning: str = "") -> bytes:
    """The workbook of a summary: a sheet per table; tables sharing a sheet (行政处罚) are
    written one under the other, each after its title. The overview sheet ends with the
    scope, the office and when the figures were computed; a ``warning`` (a discarded
    draft's) goes into table 1's title and the overview's last line."""
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {}
    scope = figures.get("scope") or {}
    for table in document_tables(figures):
        if table.key == "table1":
            ws = wb.create_sheet(safe_sheet_title(table.sheet))
            write_table1(
                ws,
                table,
                title=f"{full_title(title)} 表1 分类统计表" + (f"（{warning}）" if warning else ""),
                office=settings.OFFICE_NAME,
                period=scope.get("label", ""),
            )
            continue
        if table.sheet not in sheets:
            ws = wb.create_sheet(safe_sheet_title(table.sheet))
            ws.freeze_panes = "A2"
            sheets[table.sheet] = (ws, write_table(ws, table, 1))
            continue
        ws, row = sheets[table.sheet]
        set_cell(ws.cell(row=row + 1, column=1), table.title).font = BOLD
        sheets[table.sheet] = (ws, write_table(ws, table, row + 2))
    ws, row = sheets["总体指标"]
    when = timezone.localtime(computed_at or timezone.now())
    for offset, line in enumerate(
        (
            f"标题：{title}",
            f"统计范围：{scope.get('label', '')}",
            f"填报单位：{settings.OFFICE_NAME}",
            f"数据计算时间：{when:%Y-%m-%d %H:%M}",
            *((warning,) if warning else ()),
        ),
        start=1,
    ):
        set_cell(ws.cell(row=row + offset, column=1), line)
    return workbook_bytes(wb)
