"""A manager and the 2024 annual summary in a real browser: open the summary of public
places, click a figure and see the records behind it, save the summary, edit its narrative,
and export it as PDF (text checked, CJK font embedded) and as .xlsx (opened and checked).

Set SCREENSHOTS=<folder> to keep a screenshot of each page (for looking at the layout).
"""

import io
import re

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from reports.models import SummaryReport
from tests.browser.helpers import log_in, menu, shot
from tests.factories import UserFactory
from tests.pdf import assert_cjk_font_embedded, pdf_text
from tests.reports import builders as b

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manager-pass-2024"
D = b.D


def county_2024():
    """Five barbers and two hotels; six of them inspected in 2024 (eight visits), one hotel
    licensed before 2024, three permits issued in 2024; four practitioners, three examined."""
    barbers = b.units(5, "pp.bathing.barber")
    hotels = b.units(2, "pp.lodging.hotel")
    b.permit(hotels[0], D(2022, 3, 1))
    for unit, day in zip(barbers[:3], (D(2024, 3, 5), D(2024, 4, 8), D(2024, 6, 1)), strict=True):
        b.permit(unit, day)
    b.visits(barbers[:4], D(2024, 5, 6))
    b.visits(barbers[:2], D(2024, 9, 10))
    b.visits(hotels, D(2024, 10, 15))
    people = b.people(barbers[0], 4)
    b.exams(people[:3], D(2024, 4, 1))
    return barbers, hotels


def test_manager_opens_the_summary_drills_down_edits_and_exports(live_server, tablet: Page):
    page = tablet
    UserFactory(username="manager_zhou", first_name="周所长", password=PASSWORD, role="manager")
    barbers, hotels = county_2024()

    log_in(page, live_server.url, "manager_zhou", PASSWORD)
    menu(page, "统计报表")
    form = page.get_by_test_id("scope-form")
    form.get_by_label("统计期间").select_option(label="全年")
    form.get_by_label("年度").fill("2024")
    form.get_by_label("监督专业").select_option(label="公共场所")
    form.get_by_role("button", name="统计").click()
    expect(page.get_by_role("heading", name="统计报表")).to_contain_text("2024年")

    # The headline figures: 7 units, 6 inspected, 8 visits.
    units = page.locator('[data-figure="units"] .figure-value')
    expect(units).to_contain_text("7")
    expect(page.locator('[data-figure="inspected_units"] .figure-value')).to_contain_text("6")
    expect(page.locator('[data-figure="visits"] .figure-value')).to_contain_text("8")
    shot(page, "summary_01")

    # Drill down: the records behind "已监督户数" are the six inspected units.
    page.locator('[data-figure="inspected_units"] .figure-value a').click()
    expect(page.get_by_text("共 6 条")).to_be_visible()
    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(6)
    expect(page.locator("table.table tbody")).to_contain_text(hotels[1].name)
    expect(page.locator("table.table tbody")).not_to_contain_text(barbers[4].name)
    shot(page, "summary_02_drill")
    page.go_back()

    # Save it as the 2024 summary; its narrative is drafted from the figures.
    page.get_by_role("link", name="保存为工作总结").click()
    page.locator("main form").get_by_role("button").last.click()
    # The form is sent by static/js/drafts.js (fetch): the saved summary's page opens after.
    page.wait_for_url(re.compile(r"/reports/summaries/\d+/$"))
    summary = SummaryReport.objects.get()
    expect(page.get_by_role("heading", name=summary.title)).to_be_visible()
    expect(page.locator("main")).to_contain_text("共监督户数7户")

    # Edit the narrative.
    page.get_by_role("link", name="修改标题和正文").click()
    narrative = page.get_by_label("总结正文")
    narrative.fill(narrative.input_value() + "\n全年未发生公共场所卫生安全事故。")
    page.locator("main form").get_by_role("button").last.click()
    expect(page.locator("main")).to_contain_text("全年未发生公共场所卫生安全事故。")
    shot(page, "summary_03_saved")

    # The PDF: the office, the narrative as edited, table 1, the embedded Chinese font.
    pdf_link = page.get_by_test_id("summary-pdf")
    response = page.context.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body()).replace(" ", "")
    for expected in (
        "县卫生健康综合监督执法局",
        "全年未发生公共场所卫生安全事故",
        "理发店",
        "宾馆",
    ):
        assert expected in text, expected
    assert_cjk_font_embedded(response.body())

    # The workbook: one sheet per table, numbers as numbers, rates as percentages.
    xlsx_link = page.get_by_test_id("summary-xlsx")
    response = page.context.request.get(live_server.url + xlsx_link.get_attribute("href"))
    assert response.ok
    book = openpyxl.load_workbook(io.BytesIO(response.body()))
    assert "表1 分类统计" in book.sheetnames
    cells = {row[0].value: row[1] for row in book["总体指标"].iter_rows(min_row=2) if row[0].value}
    assert cells["监督户数"].value == 7
    assert cells["监督检查户次"].value == 8
    coverage = cells["监督覆盖率"]
    assert abs(coverage.value - 6 / 7) < 0.0001 and "%" in coverage.number_format
