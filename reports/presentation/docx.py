"""The summary as a Word document (python-docx) for the office's letterhead: what the PDF
prints (document.py), on A4, body in 仿宋 and the title in 宋体 (the East Asian font named
in the styles; the file does not embed it), table 1 in a landscape section with its class
cells merged, the 落款 and the date at the end. Charts stay in the PDF."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.presentation.document import TABLE1, summary_document

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
A4 = (Mm(210), Mm(297))


def _east_asian(style_or_run, name: str, size: float | None = None, *, bold=None) -> None:
    """Name the font for Latin and East Asian text (w:rFonts w:eastAsia)."""
    font = style_or_run.font
    font.name = name
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _page(section, *, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    margin = Mm(18) if landscape else Mm(25)
    section.top_margin = section.bottom_margin = margin
    section.left_margin = section.right_margin = Mm(15) if landscape else Mm(25)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) Word fills in when it lays out the pages."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)
        if kind == "separate":
            shown = OxmlElement("w:t")
            shown.text = "1"
            run._r.append(shown)


def _page_numbers(section) -> None:
    """第 X 页 共 Y 页 centred in the footer (later sections link to this one)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("第 ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" 页 共 ")
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(" 页")
    for run in paragraph.runs:
        run.font.size = Pt(10.5)


def _cell_text(cell, text: str, *, bold=False, right=False, centre=False, size=9) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = 0
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(1)
    paragraph.paragraph_format.line_spacing = 1.0  # the body's 1.5 would make rows tall
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold


# Table 1 across a landscape page (297 mm less 2 × 15 mm margins): the class and kind
# columns wide enough for a name on two lines, the numbers sharing the rest, so that
# "100.00%" stays on one line at 7.5 pt.
TABLE1_WIDTH = Mm(267)
TABLE1_NAMES = (Mm(16), Mm(20))


def _widths(grid, columns: int) -> None:
    """Fixed column widths for table 1: the grid's (LibreOffice reads w:gridCol) and each
    cell's (Word reads w:tcW)."""
    rest = (TABLE1_WIDTH - sum(TABLE1_NAMES)) // (columns - len(TABLE1_NAMES))
    widths = [*TABLE1_NAMES, *[rest] * (columns - len(TABLE1_NAMES))]
    grid.autofit = False
    margins = OxmlElement("w:tblCellMar")  # 0.8 mm each side instead of Word's 1.9 mm
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "45")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    grid._tbl.tblPr.append(margins)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def _table(document, table, *, size: float) -> None:
    merge = table.key == TABLE1
    shown = table.shown(pdf=True)  # every cell, merged below
    heading = document.add_paragraph(table.title, style="Heading 2")
    heading.paragraph_format.keep_with_next = True
    grid = document.add_table(rows=1 + max(len(shown["rows"]), 1), cols=len(shown["headers"]))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    if merge:
        _widths(grid, len(shown["headers"]))
    for col, header in enumerate(shown["headers"]):
        _cell_text(grid.rows[0].cells[col], header["text"], bold=True, centre=True, size=size)
    _repeat_header(grid.rows[0])
    if not shown["rows"]:
        grid.rows[1].cells[0].merge(grid.rows[1].cells[-1])
        _cell_text(grid.rows[1].cells[0], "无", size=size)
        return
    for index, row in enumerate(shown["rows"], start=1):
        for col, cell in enumerate(row["cells"]):
            _cell_text(
                grid.rows[index].cells[col],
                cell["text"],
                bold=row["emphasis"],
                right=cell["num"] and col > 0,
                size=size,
            )
    if merge:
        for index, (down, across) in enumerate(table.spans(), start=1):
            first = grid.rows[index].cells[0]
            if down > 1:
                text = first.text
                merged = first.merge(grid.rows[index + down - 1].cells[0])
                for paragraph in merged.paragraphs[1:]:
                    paragraph._p.getparent().remove(paragraph._p)
                merged.paragraphs[0].runs[0].text = text
            if across > 1:
                text = first.text
                merged = first.merge(grid.rows[index].cells[across - 1])
                for paragraph in merged.paragraphs[1:]:
                    paragraph._p.getparent().remove(paragraph._p)
                merged.paragraphs[0].runs[0].text = text


def summary_docx(**fields) -> bytes:
    """The summary as a Word file; ``fields`` are summary_document's (the PDF takes the same)."""
    doc = summary_document(**fields)
    document = Document()
    document.core_properties.title = doc.title
    document.core_properties.author = doc.office
    styles = document.styles
    _east_asian(styles["Normal"], BODY_FONT, 14)
    styles["Normal"].paragraph_format.line_spacing = 1.5
    _east_asian(styles["Title"], TITLE_FONT, 20, bold=True)
    _east_asian(styles["Heading 2"], TITLE_FONT, 14, bold=True)
    for name in ("Title", "Heading 2"):
        styles[name].font.color.rgb = None
    _page(document.sections[0], landscape=False)
    _page_numbers(document.sections[0])

    heading = document.add_paragraph(doc.title, style="Title")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    meta = document.add_paragraph(
        f"统计范围：{doc.scope.get('label', '')}　"
        f"数据计算时间：{doc.computed_at.year}年{doc.computed_at.month}月{doc.computed_at.day}日 "
        f"{doc.computed_at:%H:%M}" + (f"　{doc.status}" if doc.status else "")
    )
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    meta.runs[0].font.size = Pt(10.5)
    if doc.warning:
        warning = document.add_paragraph()
        warning.alignment = WD_ALIGN_PARAGRAPH.CENTER
        warning.add_run(doc.warning).bold = True
    for text, heading in doc.lines or [("（尚无正文）", False)]:
        paragraph = document.add_paragraph()
        paragraph.add_run(text).bold = heading or None
        paragraph.paragraph_format.first_line_indent = Pt(28)
        paragraph.paragraph_format.keep_with_next = heading or None

    document.add_page_break()
    for table in doc.tables:
        if table.key == TABLE1:
            _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
            _table(document, table, size=7.5)
            _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=False)
        else:
            _table(document, table, size=9)

    for line in (doc.office, doc.signed_text) if not doc.warning else (doc.warning,):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if not doc.warning:
        document.paragraphs[-2].paragraph_format.space_before = Pt(28)
        document.paragraphs[-2].paragraph_format.keep_with_next = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
