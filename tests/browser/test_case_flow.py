"""An officer takes a penalty case from an inspection to its closure in a real browser, with
the office's 负责人 approving in a browser of their own: file it from the inspection (the
负责人 approves the 立案), investigate with a piece of evidence, notify a fine inside the
discretion range and record the notice's service, the party waives its rights, report the
案件调查终结报告 (the 负责人 approves), decide, print the decision, serve it, record the
payment, execute, report the 结案 (the 负责人 approves) and close it — and then the case
cannot be edited any more. The officer never sees an approval button on their own requests.

Set SCREENSHOTS=<folder> to keep a screenshot of each page (for looking at the layout).
"""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from inspections.choices import InspectionResult
from penalties.choices import CaseStatus
from penalties.models import ApprovalKind, PenaltyCase
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
MANAGER_PASSWORD = "manager-pass-2024"
SHOP = "城关时尚发艺理发店"


def ago(days: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def fill(page: Page, fields: dict) -> None:
    for label, value in fields.items():
        field = page.get_by_label(label, exact=True)
        if isinstance(value, bool):
            field.set_checked(value)
        elif field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)


def submit(page: Page) -> None:
    page.locator("main form").get_by_role("button").last.click()


def step(page: Page, button: str, fields: dict) -> None:
    """Open a step from the case page, fill its form and submit it."""
    page.locator("#case-actions").get_by_role("link", name=button, exact=True).click()
    fill(page, fields)
    submit(page)


def approve(page: Page, base_url: str, case: PenaltyCase, what: str, on: str) -> None:
    """The 负责人 finds the request on the home page's list of pending approvals, opens the
    approval page and approves it."""
    page.goto(base_url + "/")
    row = page.get_by_test_id("pending-approvals").get_by_role("row").filter(has_text=case.number)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(what)
    shot(page, f"case_home_{what}")
    row.get_by_role("link", name="审批").click()
    expect(page.get_by_role("heading", name="负责人审批")).to_be_visible()
    expect(page.locator("main")).to_contain_text(what)
    shot(page, f"case_approve_{what}")
    fill(page, {"审批日期": on, "审批结论": "批准", "审批意见": "同意。"})
    submit(page)
    expect(page.get_by_role("heading", name=case.number)).to_be_visible()
    expect(
        page.get_by_test_id("approvals").get_by_role("row").filter(has_text=what)
    ).to_contain_text("批准")


def no_approval_button(page: Page) -> None:
    """The requester sees no 审批 button on the case page (an officer cannot approve)."""
    expect(
        page.locator("#case-actions").get_by_role("link", name=re.compile("^审批"))
    ).to_have_count(0)


def test_officer_takes_a_case_from_inspection_to_closure(
    live_server, tablet: Page, browser, browser_context_args, tmp_path
):
    page = tablet
    base = live_server.url
    officer = UserFactory(
        username="officer_li", first_name="李明", password=PASSWORD, role="inspector"
    )
    partner = UserFactory(username="officer_wang", first_name="王芳", role="inspector")
    UserFactory(username="chief_zhao", first_name="赵局", password=MANAGER_PASSWORD, role="manager")
    shop = EstablishmentFactory(name=SHOP, category=kind("pp.bathing.barber"))
    inspection = record(
        establishment=shop,
        team=[officer, partner],
        inspected_at=when(days_ago=62),
        result=InspectionResult.REFERRED,
        findings="现场检查时该店未取得公共场所卫生许可证，正在营业。",
    )

    # The 负责人 works in a browser of their own (another tablet), with its own console check.
    chief_context = browser.new_context(**browser_context_args)
    chief = chief_context.new_page()
    chief.set_default_timeout(10_000)
    chief_errors = []
    chief.on(
        "console",
        lambda m: m.type == "error" and chief_errors.append(f"{chief.url}: {m.text}"),
    )
    chief.on("pageerror", lambda e: chief_errors.append(f"{chief.url}: {e}"))
    log_in(chief, base, "chief_zhao", MANAGER_PASSWORD)

    log_in(page, base, "officer_li", PASSWORD)
    page.goto(base + reverse("inspections:inspection_detail", args=[inspection.pk]))
    page.get_by_role("link", name="立案查处").click()

    # 立案: the party is the inspected shop; the facts come from the inspection.
    expect(page.get_by_text(SHOP).first).to_be_visible()
    page.get_by_label("违法行为", exact=True).select_option(
        label="未依法取得公共场所卫生许可证擅自营业"
    )
    page.get_by_label("违法行为发生日期").fill(ago(62))
    page.get_by_label("立案日期").fill(ago(60))
    shot(page, "case_01_file")
    submit(page)
    case = PenaltyCase.objects.get(inspection=inspection)
    expect(page.get_by_role("heading", name=case.number)).to_be_visible()
    expect(page.get_by_test_id("case-status")).to_have_text("立案")
    # The filing waits for the 负责人: no investigation yet, and no approving it oneself.
    expect(page.locator("#approvals")).to_contain_text("立案待负责人审批")
    expect(page.locator("#case-actions").get_by_role("link", name="调查取证")).to_have_count(0)
    no_approval_button(page)

    # The 负责人 approves the 立案 (the 立案日期 is the approval's date).
    approve(chief, base, case, "立案", ago(60))
    shot(chief, "case_02_filing_approved")

    # 调查取证, with the on-site record as evidence (a PDF file).
    page.goto(base + case.get_absolute_url())
    expect(page.locator("#approvals")).not_to_contain_text("立案待负责人审批")
    step(page, "调查取证", {"调查日期": ago(59)})
    expect(page.get_by_test_id("case-status")).to_have_text("调查取证")
    page.get_by_role("link", name="登记证据").click()
    page.get_by_label("证据种类").select_option(label="勘验笔录、现场笔录")
    page.get_by_label("证据名称").fill("现场笔录")
    page.get_by_label("取证日期").fill(ago(59))
    evidence = tmp_path / "现场笔录.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.get_by_label("文件").set_input_files(str(evidence))
    submit(page)
    expect(page.locator("#evidence")).to_contain_text("现场笔录")

    # 告知: a warning and a fine of 3,000 yuan, inside the 一般 range (2,000–5,000).
    page.locator("#case-actions").get_by_role("link", name="告知拟处罚").click()
    expect(page.get_by_text("2,000–5,000 元").first).to_be_visible()
    shot(page, "case_03_notify")
    page.get_by_label("告知日期").fill(ago(50))
    page.get_by_label("违法情节").select_option(label="一般")
    page.get_by_label("警告", exact=True).check()
    page.get_by_label("罚款（元）").fill("3000")
    # 责令改正 goes with the penalty (行政处罚法第二十八条): its own order, not a penalty.
    page.get_by_label("下达责令改正通知书").check()
    page.get_by_label("改正内容").fill("立即停止无证经营，办理公共场所卫生许可证")
    submit(page)
    expect(page.get_by_test_id("case-status")).to_have_text("告知")
    # After the notice the case is no longer edited directly; a heavier penalty is re-notified.
    expect(page.get_by_role("link", name="修改", exact=True)).to_have_count(0)
    expect(page.locator("#case-actions").get_by_role("link", name="重新告知")).to_be_visible()
    # The windows run from the notice's service, which is not recorded yet.
    expect(page.get_by_test_id("windows-unserved")).to_contain_text("待送达")
    notice_row = page.get_by_test_id("services").get_by_role("row").filter(has_text="事先告知书")
    expect(notice_row.get_by_test_id("unserved")).to_be_visible()

    # 送达 of the notice, handed to the owner the day after it was signed.
    notice_row.get_by_role("link", name="登记送达").click()
    expect(page.get_by_label("送达文书")).to_contain_text("行政处罚事先告知书")
    fill(
        page,
        {
            "送达方式": "直接送达",
            "送达日期": ago(49),
            "受送达人": SHOP,
            "签收人": "张某",
            "签收人与受送达人关系": "店主",
        },
    )
    shot(page, "case_04_notice_service")
    submit(page)
    expect(page.get_by_role("heading", name=case.number)).to_be_visible()
    expect(page.get_by_test_id("windows-unserved")).to_have_count(0)
    expect(page.locator("#limits")).to_contain_text("陈述申辩截止日")
    notice_row = page.get_by_test_id("services").get_by_role("row").filter(has_text="事先告知书")
    expect(notice_row).to_contain_text(f"{ago(49)}，直接送达")

    # The party waives its statement and hearing in writing.
    step(
        page,
        "放弃陈述申辩和听证",
        {"放弃日期": ago(48), "当事人已书面声明放弃陈述申辩和听证": True},
    )
    expect(page.locator("#penalties")).to_contain_text("书面放弃陈述申辩和听证")

    # 案件调查终结报告 put to the 负责人: the proposal of the notice, prefilled.
    page.locator("#case-actions").get_by_role("link", name="报请处罚决定审批").click()
    expect(page.get_by_role("heading", name="报请处罚决定审批（案件调查终结报告）")).to_be_visible()
    expect(page.get_by_label("罚款（元）")).to_have_value("3000.00")
    fill(
        page,
        {
            "报请日期": ago(40),
            "证据": "现场笔录",
            "裁量理由（情节和幅度）": "首次违法，主动配合调查，按一般情节处罚。",
        },
    )
    shot(page, "case_05_decision_request")
    submit(page)
    expect(page.locator("#approvals")).to_contain_text("待审批")
    no_approval_button(page)
    # Until the 负责人 approves, the page says it waits and offers no decision; the decision
    # page opened anyway (a bookmark) refuses, and says the report waits.
    expect(page.get_by_test_id("decision-waiting")).to_have_text("处罚决定待负责人审批")
    expect(page.locator("#case-actions").get_by_role("link", name="作出处罚决定")).to_have_count(0)
    page.goto(base + reverse("penalties:case_decide", args=[case.pk]))
    page.get_by_label("决定日期").fill(ago(35))
    submit(page)
    expect(page.get_by_role("alert")).to_contain_text("尚待负责人审批")
    expect(page.get_by_test_id("case-status")).to_have_count(0)
    page.get_by_role("link", name="返回案件").click()
    approve(chief, base, case, "处罚决定", ago(40))

    # 决定: after the approval; the proposal is prefilled.
    page.goto(base + case.get_absolute_url())
    page.locator("#case-actions").get_by_role("link", name="作出处罚决定").click()
    page.get_by_label("决定日期").fill(ago(35))
    page.get_by_label("违法情节").select_option(label="一般")
    expect(page.get_by_label("罚款（元）")).to_have_value("3000.00")
    submit(page)
    expect(page.get_by_test_id("case-status")).to_have_text("决定")
    case.refresh_from_db()
    assert case.decision_number

    # The decision PDF: its number, the shop, the fine in figures and in capitals, when the
    # notice was served, and where to ask for review or to sue.
    link = page.get_by_role("link", name=f"行政处罚决定书 {case.decision_number}（PDF）")
    response = page.context.request.get(base + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    text = pdf_text(pdf).replace(" ", "").replace("\n", "")
    served = timezone.localdate() - datetime.timedelta(days=49)
    for expected in (
        case.decision_number,
        SHOP,
        "3,000",
        "叁仟元整",
        "未依法取得公共场所卫生许可证",
        f"于{served.year}年{served.month}月{served.day}日直接送达",
        "责令你单位立即改正违法行为：立即停止无证经营，办理公共场所卫生许可证",
        settings.REVIEW_ORGAN,
        settings.COURT_NAME,
    ):
        assert expected in text, expected
    assert_cjk_font_embedded(pdf)

    # 送达 of the decision, on the service form.
    page.locator("#case-actions").get_by_role("link", name="送达", exact=True).click()
    expect(page.get_by_role("heading", name="送达处罚决定书")).to_be_visible()
    expect(page.get_by_label("送达文书").locator("option:checked")).to_contain_text(
        "行政处罚决定书"
    )
    fill(
        page,
        {
            "送达方式": "直接送达",
            "送达日期": ago(34),
            "受送达人": SHOP,
            "签收人": "张某",
            "签收人与受送达人关系": "店主",
        },
    )
    submit(page)
    expect(page.get_by_test_id("case-status")).to_have_text("送达")
    decision_row = page.get_by_test_id("services").get_by_role("row").filter(has_text="决定书")
    expect(decision_row).to_contain_text(f"{ago(34)}，直接送达")

    # 缴款, 执行, 结案 (reported to and approved by the 负责人 first).
    step(
        page,
        "登记缴款",
        {"款项": "罚款", "缴款日期": ago(30), "金额（元）": "3000", "票据号": "FS-0001"},
    )
    expect(page.get_by_text("FS-0001")).to_be_visible()
    step(page, "执行完毕", {"执行完毕日期": ago(29)})
    expect(page.get_by_test_id("case-status")).to_have_text("执行")
    step(
        page,
        "报请结案审批",
        {
            "报请日期": ago(28),
            "结案报告（处理结果和执行情况）": "罚款已缴清，当事人已申请卫生许可。",
        },
    )
    no_approval_button(page)
    # Closing waits for the 负责人's approval of the 结案报告.
    expect(page.get_by_test_id("closing-waiting")).to_have_text("结案待负责人审批")
    expect(
        page.locator("#case-actions").get_by_role("link", name="结案", exact=True)
    ).to_have_count(0)
    approve(chief, base, case, "结案", ago(28))
    page.goto(base + case.get_absolute_url())
    step(page, "结案", {"结案日期": ago(28), "结案报告": "罚款已缴清，当事人已申请卫生许可。"})
    expect(page.get_by_test_id("case-status")).to_have_text("结案")
    expect(page.get_by_test_id("case-outcome")).to_have_text("给予行政处罚")
    shot(page, "case_06_closed")

    # A closed case is locked: no edit or step buttons, and the edit page refuses.
    expect(page.get_by_role("link", name="修改", exact=True)).to_have_count(0)
    expect(page.locator("#case-actions a")).to_have_count(0)
    page.goto(base + reverse("penalties:case_edit", args=[case.pk]))
    expect(page.get_by_text("已结案").first).to_be_visible()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.filed_on == timezone.localdate() - datetime.timedelta(days=60)
    assert case.amount_paid("fine") == 3000
    assert list(case.steps.values_list("step", flat=True)) == list(CaseStatus.values)
    assert sorted(case.approvals.values_list("kind", "approved")) == sorted(
        [(ApprovalKind.FILING, True), (ApprovalKind.DECISION, True), (ApprovalKind.CLOSING, True)]
    )
    chief_context.close()
    assert not chief_errors, chief_errors
