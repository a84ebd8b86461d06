"""One way to write each figure (core.formatting through the catalogue's kind): the summary
page, its PDF and its workbook write the same string for the same figure; a frequency
changes by a plain difference, not in percentage points; a year without data is a dash,
never 0.00%."""

import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports import figures
from reports.presentation.summary_tables import summary_tables
from reports.presentation.xlsx import summary_workbook
from tests.reports.builders import D, units, visits
from tests.reports.test_drilldown import county, scope_2024

pytestmark = pytest.mark.django_db
URL = reverse("reports:summary")
PUBLIC_2024 = {"period": "year", "year": "2024", "domain": "public_places"}


def excel_text(value, number_format: str) -> str:
    """What a spreadsheet shows for ``value`` in ``number_format`` (the few formats the
    reports use: decimals, %, thousands separators, signed sections, quoted text)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    number = Decimal(str(value))
    sections = number_format.split(";")
    if len(sections) == 3:
        section = sections[0] if number > 0 else sections[1] if number < 0 else sections[2]
        number = abs(number)
    else:
        section = sections[0]
    suffix = "".join(re.findall(r'"([^"]*)"', section))
    pattern = re.sub(r'"[^"]*"', "", section)
    sign = pattern[0] if pattern[0] in "+-" else ""
    pattern = pattern.lstrip("+-")
    percent = pattern.endswith("%")
    pattern = pattern.rstrip("%")
    places = len(pattern.split(".")[1]) if "." in pattern else 0
    if percent:
        number *= 100
    number = number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = f"{number:{',' if ',' in pattern else ''}.{places}f}"
    return f"{sign}{text}{'%' if percent else ''}{suffix}"


def test_excel_text_reads_the_formats_as_a_spreadsheet_does():
    assert excel_text(0.6667, "0.00%") == "66.67%"
    assert excel_text(14500, "#,##0.00") == "14,500.00"
    assert excel_text(1.2, '+0.00" 个百分点";-0.00" 个百分点";0.00" 个百分点"') == "+1.20 个百分点"
    assert excel_text(-0.1, "+0.0;-0.0;0.0") == "-0.1"


def sheet_rows(book, sheet: str) -> dict[str, list[str]]:
    """Each row of a sheet by its first cell, the cells as a spreadsheet shows them."""
    return {
        row[0].value: [excel_text(c.value, c.number_format) for c in row]
        for row in book[sheet].iter_rows()
        if row[0].value
    }


def pdf_rows(table) -> dict[str, list[str]]:
    return {
        row["cells"][0]["text"]: [c["text"] for c in row["cells"]]
        for row in table.shown(pdf=True)["rows"]
    }


def page_figures(context) -> dict[str, dict]:
    shown = {f["key"]: f for _title, items in context["headline"] for f in items}
    return {**shown, **context["figure"]}


def test_page_pdf_and_workbook_write_every_figure_the_same(client_as, manager):
    county()
    data = figures.summary(scope_2024())
    context = client_as(manager).get(URL, PUBLIC_2024).context
    on_page = page_figures(context)
    tables = {t.key: t for t in summary_tables(data)}
    in_pdf = pdf_rows(tables["overview"])
    book = load_workbook(io.BytesIO(summary_workbook(title="总结", figures=data)))
    in_book = sheet_rows(book, "总体指标")
    for key, f in figures.FIGURES.items():
        text = on_page[key]["text"]
        assert in_pdf[f.label][1] == text, key
        assert in_book[f.label][1] == text, key
    assert on_page["licensing_rate"]["text"] == "20.00%"  # 1 of 5: not "20%" on the page only

    # Table 1's total row: same headers, same strings.
    header = [h["text"] for h in tables["table1"].shown()["headers"]]
    total_pdf = dict(zip(header, pdf_rows_all(tables["table1"])["合计"], strict=True))
    total_book = dict(zip(header, sheet_rows(book, "表1 分类统计")["合计"], strict=True))
    page_header = [h for _key, h, _definition in context["table_columns"]]
    total_page = dict(
        zip(page_header, [c["text"] for c in context["table_one"][-1]["cells"]], strict=True)
    )
    for column, text in total_page.items():
        assert total_pdf[column] == text == total_book[column], column

    # The comparison: the year before and the change of a rate.
    compared_pdf = pdf_rows(tables["comparison"])
    compared_book = sheet_rows(book, "同比")
    for row in context["comparison"]:
        f = figures.FIGURES[row["key"]]
        assert compared_pdf[f.label][2] == row["before"] == compared_book[f.label][2], f.key
        if f.kind == "rate":
            assert compared_pdf[f.label][3] == row["change"] == compared_book[f.label][3]


def pdf_rows_all(table) -> dict[str, list[str]]:
    return {
        row["cells"][0]["text"] or "": [c["text"] for c in row["cells"]]
        for row in table.shown()["rows"]
    }


def test_a_frequency_changes_by_a_plain_difference_not_in_points(client_as, manager):
    shops = units(5)
    visits(shops, D(2023, 3, 1))
    visits(shops, D(2023, 4, 1))
    visits(shops[:2], D(2023, 5, 1))  # 12 visits of 5 units: 2.4
    visits(shops[:2], D(2024, 3, 1))
    visits(shops[:2], D(2024, 4, 1))
    visits(shops[:1], D(2024, 5, 1))  # 5 visits of 2 units: 2.5
    context = client_as(manager).get(URL, PUBLIC_2024).context
    row = next(r for r in context["comparison"] if r["key"] == "frequency")
    assert (row["text"], row["before"], row["change"]) == ("2.5", "2.4", "+0.1")
    shown = page_figures(context)["frequency"]
    assert shown["change"] == "+0.1" and "个百分点" not in shown["change"]

    data = figures.summary(scope_2024())
    comparison = next(t for t in summary_tables(data) if t.key == "comparison")
    assert pdf_rows(comparison)["监督频率"] == ["监督频率", "2.5", "2.4", "+0.1", "—"]
    book = load_workbook(io.BytesIO(summary_workbook(title="总结", figures=data)))
    assert sheet_rows(book, "同比")["监督频率"][1:4] == ["2.5", "2.4", "+0.1"]


def test_a_year_without_data_is_a_dash_never_nought_percent(client_as, manager):
    shops = units(2, opened=D(2024, 1, 2))  # nothing in 2023
    visits(shops, D(2024, 3, 1))
    context = client_as(manager).get(URL, PUBLIC_2024).context
    rates = [r for r in context["comparison"] if figures.FIGURES[r["key"]].kind == "rate"]
    assert rates and all((r["before"], r["change"]) == ("—", "—") for r in rates)
    assert all("0.00%" not in r["before"] for r in context["comparison"])
    units_row = next(r for r in context["comparison"] if r["key"] == "units")
    assert (units_row["before"], units_row["change"]) == ("0", "—")  # nothing to grow from

    data = figures.summary(scope_2024())
    comparison = next(t for t in summary_tables(data) if t.key == "comparison")
    assert pdf_rows(comparison)["监督覆盖率"][2:] == ["—", "—", "—"]
    book = load_workbook(io.BytesIO(summary_workbook(title="总结", figures=data)))
    assert sheet_rows(book, "同比")["监督覆盖率"][2:] == ["—", "—", "—"]
