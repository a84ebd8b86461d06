"""The summary's documents as their readers open them: the PDF's text and fonts, the
workbook in openpyxl (numbers as numbers, rates as percentages), and the radiation
汇总表 the city office asks for."""

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports import services
from tests.generic import count_queries
from tests.pdf import assert_cjk_font_embedded, pdf_text
from tests.reports.documents_factories import (
    county_period,
    county_scope,
    public_places,
    radiation_units,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(manager):
    public_places()
    return services.summary_create(user=manager, scope=county_scope(), title="公共场所工作总结")


def flat(content: bytes) -> str:
    return re.sub(r"[ \t]+", " ", pdf_text(content))


def workbook(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def rows_of(ws):
    return [list(r) for r in ws.iter_rows()]


def row_starting(ws, *first):
    for row in ws.iter_rows():
        if tuple(c.value for c in row[: len(first)]) == first:
            return row
    raise AssertionError(f"no row {first} in {ws.title}")


def test_the_pdf_has_the_office_table_1_charts_and_page_numbers(report, client_as, inspector):
    response = client_as(inspector).get(reverse("reports:summary_report_pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert_cjk_font_embedded(response.content)
    text = flat(response.content)
    squeezed = re.sub(r"\s+", "", text)
    assert settings.OFFICE_NAME in squeezed
    assert "公共场所工作总结" in squeezed
    assert "共监督户数6户" in squeezed  # the narrative
    assert "表1分类统计" in squeezed
    # Table 1, the barbers' row: units, inspected, coverage, visits, frequency, compliant
    # visits, licensed before, due, issued, licensing rate, practitioners, of them to hold a
    # certificate, examined, exam rate, trained, training rate.
    barbers = r"理发店\s+3\s+2\s+66\.67%\s+3\s+1\.5\s+\d+\s+0\s+3\s+1\s+33\.33%\s+1\s+1\s+1\s+100\.00%\s+0\s+0\.00%"
    assert re.search(barbers, text), text
    total = r"合计\s+6\s+3\s+50\.00%\s+4\s+1\.3\s+\d+\s+0\s+6\s+1\s+16\.67%\s+1\s+1\s+1\s+100\.00%\s+0\s+0\.00%"
    assert re.search(total, text), text
    assert "第1页共" in squeezed
    for heading in (
        "各类别监督户数",
        "主要指标",
        "监督检查类型",
        "行政处罚案件",
        "处罚决定与罚没款",
    ):
        assert heading in squeezed, heading
    assert "3,000.00" in text  # the fine


def test_the_live_pdf_and_workbook_of_a_scope(client_as, manager):
    public_places()
    scope = county_scope()
    client = client_as(manager)
    params = {**scope.as_params()}
    pdf = client.get(reverse("reports:summary_pdf"), params)
    assert pdf.status_code == 200
    squeezed = re.sub(r"\s+", "", pdf_text(pdf.content))
    assert "卫生监督工作统计" in squeezed and "实时数据" in squeezed and "共监督户数6户" in squeezed
    book = workbook(client.get(reverse("reports:summary_xlsx"), params))
    assert row_starting(book["总体指标"], "监督户数")[1].value == 6


def test_a_bad_scope_names_the_parameter(client_as, manager):
    response = client_as(manager).get(reverse("reports:summary_pdf"), {"start": "2024-13-01"})
    assert response.status_code == 400
    assert "日期“2024-13-01”格式不对" in response.content.decode()


def test_the_workbook_has_a_sheet_per_table_with_numbers_and_percentages(
    report, client_as, inspector
):
    book = workbook(
        client_as(inspector).get(reverse("reports:summary_report_xlsx", args=[report.pk]))
    )
    assert book.sheetnames == [
        "总体指标",
        "表1 分类统计",
        "检查类型",
        "意见书与监测",
        "专项整治",
        "卫生许可",
        "行政处罚",
        "同比",
    ]
    overview = book["总体指标"]
    assert [c.value for c in overview[1]] == ["指标", "数值", "单位", "口径说明"]
    units = row_starting(overview, "监督户数")[1]
    assert units.value == 6 and isinstance(units.value, int)
    coverage = row_starting(overview, "监督覆盖率")[1]
    assert coverage.value == 0.5 and coverage.number_format == "0.00%"
    assert row_starting(overview, "监督频率")[1].number_format == "0.0"
    assert overview.column_dimensions["D"].width == 60
    assert any(
        c.value == f"填报单位：{settings.OFFICE_NAME}" for row in overview.iter_rows() for c in row
    )

    table1 = book["表1 分类统计"]
    headers = [c.value for c in table1[3]]  # under the title and 填报单位 rows
    assert headers[:4] == ["类别", "种类", "监督户数", "已监督户数"]
    barbers = next(row for row in table1.iter_rows() if row[1].value == "理发店")
    by_header = dict(zip(headers, barbers, strict=True))
    assert by_header["监督户数"].value == 3 and by_header["监督户次"].value == 3
    assert by_header["发证率"].value == pytest.approx(1 / 3, abs=1e-4)
    assert by_header["发证率"].number_format == "0.00%"
    total = row_starting(table1, "合计")
    assert total[2].value == 6 and total[2].font.b

    penalties = book["行政处罚"]
    assert row_starting(penalties, "未依法取得公共场所卫生许可证擅自营业")[1].value == 1
    fines = row_starting(penalties, "罚款（元）")[1]
    assert fines.value == 3000 and fines.number_format == "#,##0.00"
    assert row_starting(book["检查类型"], "日常监督")[1].value == 4
    compared = row_starting(book["同比"], "监督户数")
    assert [c.value for c in compared[1:4]] == [6, 6, 0]
    assert compared[4].number_format == "+0.00%;-0.00%;0.00%"  # growth, signed as on the page


def test_the_radiation_workbook_has_the_city_offices_three_tables(client_as, inspector):
    units = radiation_units()
    public_places()  # other domains do not count
    period = county_period()
    response = client_as(inspector).get(
        reverse("reports:radiation_xlsx"),
        {"start": period.start.isoformat(), "end": period.end.isoformat()},
    )
    book = workbook(response)
    assert book.sheetnames == ["1 监督检查情况汇总表", "2-1 处罚情况汇总表", "2-2 处罚情况一览表"]

    summary_sheet = book["1 监督检查情况汇总表"]
    assert summary_sheet["A1"].value == "医疗机构放射诊疗工作监督检查情况汇总表"
    today = timezone.localdate()
    assert summary_sheet["A2"].value.startswith(
        f"填报单位：{settings.OFFICE_NAME}　　填报日期：{today.year}年{today.month}月{today.day}日"
    )
    headers = [c.value for c in summary_sheet[3]]
    xray = dict(zip(headers, row_starting(summary_sheet, "X射线影像诊断"), strict=True))
    assert xray["放射诊疗单位数"].value == 2
    assert xray["监督检查单位数"].value == 2
    assert xray["监督检查户次"].value == 3
    assert xray["持有效《放射诊疗许可证》单位数"].value == 1
    assert xray["持证率"].value == 0.5 and xray["持证率"].number_format == "0.00%"
    assert xray["立案查处（起）"].value == 1
    assert row_starting(summary_sheet, "合计")[1].value == 2

    penalties = book["2-1 处罚情况汇总表"]
    assert penalties["A1"].value == "放射诊疗工作监督检查处罚情况汇总表"
    row = [c.value for c in row_starting(penalties, "未取得放射诊疗许可从事放射诊疗工作")]
    assert row[1:7] == [1, 1, 1, 1, 2000, 0]

    listing = book["2-2 处罚情况一览表"]
    assert listing["A1"].value == "医疗机构放射诊疗工作监督检查处罚情况一览表"
    headers = [c.value for c in listing[3]]
    case = units["case"]
    line = dict(zip(headers, [c.value for c in row_starting(listing, 1)], strict=True))
    assert line["被处罚单位（当事人）"] == "城东诊所放射室"
    assert line["违法行为"] == "未取得放射诊疗许可从事放射诊疗工作"
    assert line["处罚种类"] == "警告、罚款"
    assert line["罚款金额（元）"] == 2000
    assert line["决定日期"].date() == case.decided_on
    assert line["处罚决定书文号"] == case.decision_number
    assert listing.max_row == 4  # the public-place case is not listed


def test_the_radiation_workbook_refuses_a_bad_year(client_as, inspector):
    response = client_as(inspector).get(reverse("reports:radiation_xlsx"), {"year": "20x4"})
    assert response.status_code == 400
    assert "年度“20x4”不是整数。" in response.content.decode()


def test_the_radiation_workbook_takes_the_same_queries_for_more_cases():
    from reports.presentation.radiation import radiation_workbook

    radiation_units()
    period = county_period()
    few, _ = count_queries(lambda: radiation_workbook(period=period))
    radiation_units()
    many, content = count_queries(lambda: radiation_workbook(period=period))
    assert many == few
    listing = load_workbook(io.BytesIO(content))["2-2 处罚情况一览表"]
    assert listing.max_row == 5  # title, header line, headers, two cases
