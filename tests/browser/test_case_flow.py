"""An officer takes a penalty case from an inspection to its closure in a real browser:
file it from the inspection, investigate with a piece of evidence, notify a fine inside the
discretion range, decide it, print the decision, serve it, record the payment, execute and
close it — and then the case cannot be edited any more.

Set SCREENSHOTS=<folder> to keep a screenshot of each page (for looking at the layout).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from inspections.choices import InspectionResult
from penalties.choices import CaseStatus
from penalties.models import PenaltyCase
from tests.browser.helpers import log_in, shot
from tests.factories import EstablishmentFactory, UserFactory, kind
from tests.inspections.factories import record, when
from tests.pdf import assert_cjk_font_embedded, pdf_text
from tests.penalties.factories import PDF_BYTES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "officer-pass-2024"
SHOP = "城关时尚发艺理发店"


def ago(days: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def step(page: Page, button: str, fields: dict, *, submit="保存") -> None:
    """Open a step from the case page, fill its form and submit it."""
    page.locator("#case-actions").get_by_role("link", name=button, exact=True).click()
    for label, value in fields.items():
        field = page.get_by_label(label, exact=True)
        if isinstance(value, bool):
            field.set_checked(value)
        elif field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    page.locator("main form").get_by_role("button").last.click()


def test_officer_takes_a_case_from_inspection_to_closure(live_server, tablet: Page, tmp_path):
    page = tablet
    officer = UserFactory(
        username="officer_li", first_name="李明", password=PASSWORD, role="inspector"
    )
    partner = UserFactory(username="officer_wang", first_name="王芳", role="inspector")
    shop = EstablishmentFactory(name=SHOP, category=kind("pp.bathing.barber"))
    inspection = record(
        establishment=shop,
        team=[officer, partner],
        inspected_at=when(days_ago=62),
        result=InspectionResult.REFERRED,
        findings="现场检查时该店未取得公共场所卫生许可证，正在营业。",
    )

    log_in(page, live_server.url, "officer_li", PASSWORD)
    page.goto(live_server.url + reverse("inspections:inspection_detail", args=[inspection.pk]))
    page.get_by_role("link", name="立案查处").click()

    # 立案: the party is the inspected shop; the facts come from the inspection.
    expect(page.get_by_text(SHOP).first).to_be_visible()
    page.get_by_label("违法行为", exact=True).select_option(
        label="未依法取得公共场所卫生许可证擅自营业"
    )
    page.get_by_label("违法行为发生日期").fill(ago(62))
    page.get_by_label("立案日期").fill(ago(60))
    shot(page, "case_01_file")
    page.locator("main form").get_by_role("button").last.click()
    case = PenaltyCase.objects.get(inspection=inspection)
    expect(page.get_by_role("heading", name=case.number)).to_be_visible()
    expect(page.get_by_test_id("case-status")).to_have_text("立案")

    # 调查取证, with the on-site record as evidence (a PDF file).
    step(page, "调查取证", {"调查日期": ago(59)})
    expect(page.get_by_test_id("case-status")).to_have_text("调查取证")
    page.get_by_role("link", name="登记证据").click()
    page.get_by_label("证据种类").select_option(label="勘验笔录、现场笔录")
    page.get_by_label("证据名称").fill("现场笔录")
    page.get_by_label("取证日期").fill(ago(59))
    evidence = tmp_path / "现场笔录.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.get_by_label("文件").set_input_files(str(evidence))
    page.locator("main form").get_by_role("button").last.click()
    expect(page.locator("#evidence")).to_contain_text("现场笔录")

    # 告知: a warning and a fine of 3,000 yuan, inside the 一般 range (2,000–5,000).
    page.locator("#case-actions").get_by_role("link", name="告知拟处罚").click()
    expect(page.get_by_text("2,000–5,000 元").first).to_be_visible()
    shot(page, "case_02_notify")
    page.get_by_label("告知日期").fill(ago(50))
    page.get_by_label("违法情节").select_option(label="一般")
    page.get_by_label("警告", exact=True).check()
    page.get_by_label("罚款（元）").fill("3000")
    page.locator("main form").get_by_role("button").last.click()
    expect(page.get_by_test_id("case-status")).to_have_text("告知")
    # After the notice the case is no longer edited directly; a heavier penalty is re-notified.
    expect(page.get_by_role("link", name="修改", exact=True)).to_have_count(0)
    expect(page.locator("#case-actions").get_by_role("link", name="重新告知")).to_be_visible()

    # 决定: after the statement and hearing windows; the proposal is prefilled.
    page.locator("#case-actions").get_by_role("link", name="作出处罚决定").click()
    page.get_by_label("决定日期").fill(ago(35))
    page.get_by_label("违法情节").select_option(label="一般")
    expect(page.get_by_label("罚款（元）")).to_have_value("3000.00")
    page.locator("main form").get_by_role("button").last.click()
    expect(page.get_by_test_id("case-status")).to_have_text("决定")
    case.refresh_from_db()
    assert case.decision_number

    # The decision PDF: its number, the shop, the fine in figures and in capitals.
    link = page.get_by_role("link", name=f"行政处罚决定书 {case.decision_number}（PDF）")
    response = page.context.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    text = pdf_text(pdf).replace(" ", "")
    for expected in (
        case.decision_number,
        SHOP,
        "3,000",
        "叁仟元整",
        "未依法取得公共场所卫生许可证",
    ):
        assert expected in text, expected
    assert_cjk_font_embedded(pdf)

    # 送达, 缴款, 执行, 结案.
    step(page, "送达", {"送达日期": ago(34), "送达方式": "直接送达", "受送达人": "店主张某"})
    expect(page.get_by_test_id("case-status")).to_have_text("送达")
    step(
        page,
        "登记缴款",
        {"款项": "罚款", "缴款日期": ago(30), "金额（元）": "3000", "票据号": "FS-0001"},
    )
    expect(page.get_by_text("FS-0001")).to_be_visible()
    step(page, "执行完毕", {"执行完毕日期": ago(29)})
    expect(page.get_by_test_id("case-status")).to_have_text("执行")
    step(page, "结案", {"结案日期": ago(28), "结案报告": "罚款已缴清，当事人已申请卫生许可。"})
    expect(page.get_by_test_id("case-status")).to_have_text("结案")
    expect(page.get_by_test_id("case-outcome")).to_have_text("给予行政处罚")
    shot(page, "case_03_closed")

    # A closed case is locked: no edit or step buttons, and the edit page refuses.
    expect(page.get_by_role("link", name="修改", exact=True)).to_have_count(0)
    expect(page.locator("#case-actions a")).to_have_count(0)
    page.goto(live_server.url + reverse("penalties:case_edit", args=[case.pk]))
    expect(page.get_by_text("已结案").first).to_be_visible()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.amount_paid("fine") == 3000
    assert list(case.steps.values_list("step", flat=True)) == list(CaseStatus.values)
