"""The .xlsx template of an import: its headers, one example row of real data (a township of
this county, a kind the registry knows), a drop-down list (data validation) on the columns
with a fixed set of values, and a sheet of notes."""

import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from core.xlsx import HEADER_FILL, HEADER_FONT, safe_sheet_title, set_cell

OPTIONS_SHEET = "选项"
TEMPLATE_ROWS = 2000  # rows of the template the drop-down lists cover


def build_template(importer) -> bytes:
    columns = importer.columns
    examples = {c.key: c.example for c in columns} | importer.examples()
    options = {k: v for k, v in importer.options().items() if v}
    wb = Workbook()
    ws = wb.active
    ws.title = safe_sheet_title(importer.title)
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(12, len(column.header) * 2 + 4)
        cell = set_cell(ws.cell(row=1, column=index), column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        set_cell(ws.cell(row=2, column=index), examples.get(column.key, ""))
    ws.freeze_panes = "A2"
    if options:
        lists = wb.create_sheet(OPTIONS_SHEET)
        for list_index, (key, values) in enumerate(options.items(), start=1):
            column = next(c for c in columns if c.key == key)
            letter = get_column_letter(list_index)
            set_cell(lists.cell(row=1, column=list_index), column.header)
            for row, value in enumerate(values, start=2):
                set_cell(lists.cell(row=row, column=list_index), value)
            target = get_column_letter(next(i for i, c in enumerate(columns, 1) if c.key == key))
            validation = DataValidation(
                type="list",
                formula1=f"{quote_sheetname(OPTIONS_SHEET)}!${letter}$2:${letter}${len(values) + 1}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=column.header,
                error=f"请从下拉列表中选择{column.header}。",
            )
            validation.add(f"{target}2:{target}{TEMPLATE_ROWS + 1}")
            ws.add_data_validation(validation)
        lists.sheet_state = "hidden"
    info = wb.create_sheet("说明")
    notes = [
        "第一行是列名，请勿修改；第二行是示例，请删除后再导入。",
        "带下拉箭头的列请从列表中选择（列表为本系统中的乡镇（街道）、类别等）。" if options else "",
        *importer.notes,
        *(f"{c.header}：{'必填' if c.required else '选填'}。{c.help}" for c in columns),
    ]
    for row, note in enumerate([n for n in notes if n], start=1):
        set_cell(info.cell(row=row, column=1), note)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
