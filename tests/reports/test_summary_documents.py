"""The summary as the office hands it over (issue #19): the PDF titled with the office's full
name, table 1 on landscape pages with every rate, the 落款 and the date at the end, page
numbers; the same document as Word (.docx); table 1's sheet laid out as the city asks."""

import datetime
import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from reports import services
from tests.factories import PractitionerFactory
from tests.pdf import pdf_text
from tests.reports.documents_factories import county_scope, places_filled, public_places

pytestmark = pytest.mark.django_db

OFFICE = settings.OFFICE_NAME


@pytest.fixture
def report(manager):
    public_places()
    return services.summary_create(
        user=manager, scope=county_scope(), title="2024年卫生监督工作总结"
    )


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_sizes(content: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page, as pdfinfo reads them."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "summary.pdf"
        path.write_bytes(content)
        out = subprocess.run(
            ["pdfinfo", "-f", "1", "-l", "999", str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return [
        (float(w), float(h))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)
    ]


def page_texts(content: bytes) -> list[str]:
    return pdf_text(content).split("\f")


def test_the_pdf_reads_as_the_offices_report(report, client_as, inspector):
    response = client_as(inspector).get(reverse("reports:summary_report_pdf", args=[report.pk]))
    assert response.status_code == 200
    pages = [squeezed(p) for p in page_texts(response.content) if p.strip()]
    # The title carries the county's full office name; the narrative comes first.
    assert pages[0].startswith(f"{OFFICE}2024年卫生监督工作总结")
    assert "共监督户数6户" in pages[0]
    # Page numbers in the footer.
    assert "第1页共" in pages[0] and f"共{len(pages)}页" in pages[-1]
    # The 落款 and today's date (a draft) close the document.
    today = timezone.localdate()
    signed = f"{OFFICE}{today.year}年{today.month}月{today.day}日"
    assert signed in pages[-1]
    assert pages[-1].index(signed) > max(pages[-1].rfind(word) for word in ("合计", "罚款"))

    # Table 1 on landscape pages, with every rate column and the class cells merged.
    sizes = page_sizes(response.content)
    table1 = [i for i, text in enumerate(pages) if "表1分类统计" in text]
    assert table1
    for index in table1:
        width, height = sizes[index]
        assert width > height, (index, sizes[index])
    assert sizes[0][0] < sizes[0][1]  # the narrative stays portrait
    text = squeezed(pages[table1[0]])
    for header in ("发证率", "体检率", "培训率"):  # pdftotext splits the longer headers
        assert header in text, header
    # The class is written once for its kinds and subtotal (rowspan), then the total.
    layout = page_texts(response.content)[table1[0]]
    assert layout.split("各类别监督户数")[0].count("美容美发") == 1  # before the chart
    assert "小计" in layout and "合计" in layout


def test_a_published_summary_is_dated_its_publication(report, client_as, manager):
    services.summary_publish(summary=places_filled(report, manager), user=manager)
    report.refresh_from_db()
    report.published_at = timezone.make_aware(datetime.datetime(2025, 1, 10, 9, 30))
    report.save(update_fields=["published_at"])
    response = client_as(manager).get(reverse("reports:summary_report_pdf", args=[report.pk]))
    last = [p for p in page_texts(response.content) if p.strip()][-1]
    assert f"{OFFICE}2025年1月10日" in squeezed(last)


def test_the_word_document_has_the_title_table_1_and_the_signature(report, client_as, inspector):
    response = client_as(inspector).get(reverse("reports:summary_report_docx", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert ".docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == f"{OFFICE}2024年卫生监督工作总结"
    assert any("共监督户数6户" in t for t in texts)
    today = timezone.localdate()
    assert texts[-2:] == [OFFICE, f"{today.year}年{today.month}月{today.day}日"]

    # The body font is named for Chinese text in the styles; A4.
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) in ("仿宋", "宋体")
    first = document.sections[0]
    assert round(first.page_width.mm) == 210 and round(first.page_height.mm) == 297

    # Table 1: the rate headers, the class merged down, in a landscape section.
    table1 = next(t for t in document.tables if "体检率" in [c.text for c in t.rows[0].cells])
    headers = [c.text for c in table1.rows[0].cells]
    for header in ("类别", "种类", "监督覆盖率", "发证率", "体检率", "培训率"):
        assert header in headers, header
    column = [row.cells[0] for row in table1.rows[1:]]
    beauty = [c for c in column if c.text == "美容美发"]
    assert len(beauty) > 1 and len({id(c._tc) for c in beauty}) == 1  # one merged cell
    assert column[-1].text == "合计"
    landscape = [s for s in document.sections if s.page_width > s.page_height]
    assert landscape
    body = document.element.body
    position = list(body).index(table1._tbl)
    # The section holding table 1 ends at the first section break after it: landscape.
    breaks = [
        i
        for i, el in enumerate(body)
        if el.find(f".//{qn('w:sectPr')}") is not None and i > position
    ]
    sect = body[breaks[0]].find(f".//{qn('w:sectPr')}")
    size = sect.find(qn("w:pgSz"))
    assert int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))


def test_table_1_sheet_is_laid_out_as_the_city_asks(report, client_as, inspector):
    response = client_as(inspector).get(reverse("reports:summary_report_xlsx", args=[report.pk]))
    book = load_workbook(io.BytesIO(response.content))
    ws = book["表1 分类统计"]
    assert OFFICE in ws["A1"].value and "表1" in ws["A1"].value
    merged = {str(r) for r in ws.merged_cells.ranges}
    last = ws.cell(row=3, column=ws.max_column).column_letter
    assert f"A1:{last}1" in merged  # the title across the table
    assert ws["A2"].value == f"填报单位：{OFFICE}"
    assert any(str(c.value).startswith("统计期间：") for c in ws[2] if c.value)
    headers = [c.value for c in ws[3]]
    for header in ("类别", "种类", "体检率", "培训率"):
        assert header in headers, header
    # The class cell merged down over its kinds and subtotal; the total across two columns.
    beauty = next(r for r in ws.merged_cells.ranges if ws.cell(r.min_row, 1).value == "美容美发")
    assert beauty.min_col == beauty.max_col == 1 and beauty.max_row > beauty.min_row
    total = next(row for row in ws.iter_rows(min_row=4) if row[0].value == "合计")
    assert f"A{total[0].row}:B{total[0].row}" in merged
    rate = total[headers.index("体检率")]
    assert isinstance(rate.value, int | float) and rate.number_format == "0.00%"
    # Printing: header rows on every page, landscape, one page wide.
    assert ws.print_title_rows.replace("$", "") == "3:3"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1


def _percent(value) -> float:
    return float(str(value).rstrip("%")) / 100 if isinstance(value, str) else value


def test_table_1_shows_the_exam_rates_denominator_in_every_format(client_as, manager):
    """体检率 is 体检人数 ÷ 须持证从业人员: each format prints that column beside it, so a
    reader checking 体检人数 ÷ 从业人员 is not misled."""
    made = public_places()
    PractitionerFactory(establishment=made["barbers"][0], serves_customers=False)
    PractitionerFactory(establishment=made["barbers"][1])
    report = services.summary_create(user=manager, scope=county_scope(), title="2024年总结")
    client = client_as(manager)
    docx = Document(
        io.BytesIO(client.get(reverse("reports:summary_report_docx", args=[report.pk])).content)
    )
    table1 = next(t for t in docx.tables if "体检率" in [c.text for c in t.rows[0].cells])
    headers = [c.text for c in table1.rows[0].cells]
    total = [c.text for c in table1.rows[-1].cells]
    book = load_workbook(
        io.BytesIO(client.get(reverse("reports:summary_report_xlsx", args=[report.pk])).content)
    )
    ws = book["表1 分类统计"]
    sheet_headers = [c.value for c in ws[3]]
    sheet_total = next(
        [c.value for c in row] for row in ws.iter_rows(min_row=4) if row[0].value == "合计"
    )
    for names, row in ((headers, total), (sheet_headers, sheet_total)):
        due = float(row[names.index("须持证人员")])
        examined = float(row[names.index("体检人数")])
        assert due and due < float(row[names.index("从业人员")])
        assert _percent(row[names.index("体检率")]) == pytest.approx(examined / due, abs=5e-5)
    pdf = squeezed(
        pdf_text(client.get(reverse("reports:summary_report_pdf", args=[report.pk])).content)
    )
    assert "须持证" in pdf
    page = client.get(reverse("reports:summary_report_detail", args=[report.pk]))
    assert "须持证人员" in page.content.decode()


def test_each_class_of_table_1_is_one_row_group_the_pdf_keeps_on_a_page(report):
    """A class cell merged over its kinds must not break over two landscape pages (an empty
    class cell at the top of the next page): each class, with its kinds and subtotal, is one
    <tbody> the PDF's CSS keeps together."""
    from django.template.loader import render_to_string

    from reports.presentation.summary_tables import table1

    table = table1(report.figures)
    html = render_to_string(
        "reports/summary_report_table.html", {"table": table.shown(pdf=True, merge=True)}
    )
    groups = re.findall(r"<tbody>(.*?)</tbody>", html, re.S)
    classes = [g["class"] for g in report.figures["by_class"]]
    assert len(groups) == len(classes) + 1  # and the total
    for group, name in zip(groups, classes, strict=False):
        assert group.count("rowspan") <= 1 and name in group
    css = Path(settings.BASE_DIR, "templates/documents/summary.html").read_text()
    assert ".figures-table1 tbody { break-inside: avoid; }" in css


def test_wide_tables_of_a_saved_summary_take_the_whole_row(report, client_as, manager):
    """A table of four or more columns (与去年同期比较, cases) is not squeezed into a third
    of the page, its labels broken one character a line."""
    page = client_as(manager).get(reverse("reports:summary_report_detail", args=[report.pk]))
    html = page.content.decode()
    cards = re.findall(r'<section class="card([^"]*)">\s*<h2>([^<]+)</h2>', html)
    widths = {title: css for css, title in cards}
    assert "span-all" in widths["与去年同期比较"]
    assert "span-all" not in widths["卫生许可"]  # two columns: beside the others


def test_the_narratives_headings_print_bold(report, client_as, manager):
    """一、档案管理 and 1、… are headings in the Word file (bold, kept with what follows), the
    sentences are not."""
    services.summary_update(
        summary=report,
        user=manager,
        title=report.title,
        narrative="一、档案管理\n建档率达到了100.00%。\n\n1、卫生培训\n全年举办培训1次。",
    )
    response = client_as(manager).get(reverse("reports:summary_report_docx", args=[report.pk]))
    document = Document(io.BytesIO(response.content))
    bold = {p.text: bool(p.runs and p.runs[0].bold) for p in document.paragraphs if p.text}
    assert bold["一、档案管理"] and bold["1、卫生培训"]
    assert not bold["建档率达到了100.00%。"] and not bold["全年举办培训1次。"]
