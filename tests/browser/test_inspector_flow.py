"""An inspector's visit to a swimming pool in a real browser, from the quick search to the
follow-up that closes the supervision opinion.

Log in, find the pool from the home page, record a routine inspection scored on the routine
public-place checklist, record a pool-water sample that fails on free chlorine, issue the
supervision opinion it proposes, check the printable PDF (number, unit, Chinese font embedded),
then record the follow-up that finds it rectified: the opinion is closed and is not overdue.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from inspections import services
from inspections.choices import OpinionStatus
from inspections.models import SupervisionOpinion
from tests.browser.helpers import log_in
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory, kind
from tests.inspections.factories import inspectors, record
from tests.pdf import assert_cjk_font_embedded, pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "inspector-pass-2024"
POOL = "康乐游泳馆"
CHECKLIST = "公共场所日常监督检查表（第1版）"
PRESENT = "馆长周建华"


def overdue_opinion_elsewhere(year: int) -> SupervisionOpinion:
    """Another pool's opinion issued last year and never followed up: the overdue list is
    not empty, so that the pool's closed opinion is missing from it means something."""
    issued_at = timezone.make_aware(datetime.datetime(year - 1, 11, 3, 10, 0))
    inspection = record(
        establishment=EstablishmentFactory(name="城南游泳池", category=kind("pp.sports.swimming")),
        team=inspectors(),
        inspected_at=issued_at,
    )
    return services.opinion_issue(
        inspection=inspection,
        items=[("池水浑浊", "更换滤料，整改后重新检测")],
        deadline=issued_at.date() + datetime.timedelta(days=15),
        user=inspection.recorded_by,
        issued_at=issued_at,
    )


def fill_checklist_with_one_deduction(page: Page) -> int:
    """Full marks on every item but the first, which loses 3 points; returns the total."""
    rows = page.locator("#inspection-form .score-row")
    expect(rows.first).to_be_visible()
    total = 0
    for index in range(rows.count()):
        row = rows.nth(index)
        score = row.get_by_role("spinbutton")
        points = int(Decimal(score.get_attribute("max")))  # max="8.00"
        if index == 0:
            points -= 3
            row.get_by_placeholder("扣分说明").fill("有证未悬挂公示")
        score.fill(str(points))
        total += points
    return total


def test_inspector_inspects_a_pool_issues_an_opinion_and_closes_it_on_follow_up(
    live_server, tablet: Page, tmp_path
):
    page = tablet
    year = timezone.localdate().year
    number = f"卫监意〔{year}〕0001号"
    UserFactory(username="inspector_chen", first_name="陈志强", password=PASSWORD, role="inspector")
    UserFactory(username="inspector_lin", first_name="林慧敏", role="inspector")
    EstablishmentFactory(
        name=POOL,
        township=TownshipFactory(code="360922004", name="康乐街道"),
        category=kind("pp.sports.swimming"),
        legal_representative="周建华",
    )
    EstablishmentFactory(name="康乐理发店")  # found by the search too, but not a pool
    other = overdue_opinion_elsewhere(year)

    log_in(page, live_server.url, "inspector_chen", PASSWORD)
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()

    # Quick search from the home page.
    page.get_by_role("search").get_by_label("单位名称或统一社会信用代码").fill("康乐")
    page.get_by_role("button", name="查找单位").click()
    expect(page.get_by_role("heading", name="开始检查：查找单位")).to_be_visible()
    expect(page.get_by_role("heading", name="找到 2 个营业或停业单位")).to_be_visible()
    pool_row = page.locator("ul.tasklist > li").filter(has_text=POOL)
    expect(pool_row).to_contain_text("游泳")
    pool_row.get_by_role("link", name="开始检查").click()

    # The entry form: the unit and the signed-in inspector are already filled in.
    expect(page.get_by_role("heading", name="登记监督检查")).to_be_visible()
    expect(page.locator(".unit-card h2")).to_have_text(POOL)
    expect(page.get_by_label("陈志强")).to_be_checked()
    page.get_by_label("林慧敏").check()
    page.get_by_label("检查类型").select_option(label="日常监督")
    page.get_by_label("单位在场人员").fill(PRESENT)
    page.get_by_label("检查情况").fill("池水略浑，现场快速检测游离性余氯偏低。")
    page.get_by_label("评分表").select_option(label=CHECKLIST)  # reloads with the items

    expect(page.get_by_text("满分 100 分，合格分 60 分。")).to_be_visible()
    expect(page.get_by_label("林慧敏")).to_be_checked()  # kept across the reload
    expect(page.get_by_label("单位在场人员")).to_have_value(PRESENT)
    expect(page.locator("#inspection-form .score-row")).to_have_count(15)
    total = fill_checklist_with_one_deduction(page)
    assert total == 97
    page.get_by_role("button", name="保存检查记录").click()

    # The inspection: scores computed, then a failing pool-water sample.
    expect(page.get_by_role("heading", name=POOL)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"已登记检查：{POOL}（日常监督）")
    facts = page.locator(".facts")
    expect(facts).to_contain_text("陈志强、林慧敏")
    expect(facts).to_contain_text(PRESENT)
    scores = page.locator("#scores")
    expect(scores).to_contain_text(f"评分：{CHECKLIST}")
    expect(scores.locator(".score-total")).to_contain_text("得分 97 / 应得分 100")
    expect(scores.locator(".score-total")).to_contain_text("标准化得分 97.0（合格 60 分）")
    expect(scores.locator(".score-total .badge")).to_have_text("合格")
    expect(scores).to_contain_text("有证未悬挂公示")

    page.get_by_role("link", name="登记样品").click()
    expect(page.get_by_role("heading", name="登记卫生检测样品")).to_be_visible()
    page.get_by_label("样品类型").select_option("游泳池水")  # reloads with the limits
    page.get_by_label("采样点").fill("深水区")
    page.get_by_label("浑浊度（NTU）").fill("0.5")
    page.get_by_label("pH", exact=True).fill("7.4")
    page.get_by_label("游离性余氯（mg/L）").fill("0.1")
    page.get_by_role("button", name="保存并判定").click()

    expect(page.get_by_role("heading", name=POOL)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("不合格")
    sample = page.locator("#samples .sample")
    expect(sample).to_have_count(1)
    expect(sample.get_by_role("heading")).to_contain_text("游泳池水（深水区）")
    expect(sample.locator("h3 .badge")).to_have_text("不合格")
    results = sample.locator("tbody tr")
    expect(results).to_have_count(3)
    expect(results.filter(has_text="游离性余氯")).to_contain_text("不合格")
    expect(results.filter(has_text="pH")).to_contain_text("合格")
    expect(results.filter(has_text="pH")).not_to_contain_text("不合格")
    expect(results.filter(has_text="浑浊度")).not_to_contain_text("不合格")
    expect(sample.locator(".proposed")).to_contain_text("游离性余氯为 0.1 mg/L")

    # The opinion, prefilled with what the sample proposes.
    page.get_by_role("link", name="下达意见书").click()
    expect(page.get_by_role("heading", name="下达卫生监督意见书")).to_be_visible()
    # One row per problem found: the checklist's deductions and the failing sample.
    expect(page.locator(".item-row").first.get_by_label("发现的问题")).not_to_have_value("")
    problems = page.locator(".item-row textarea[name$='-problem']").evaluate_all(
        "rows => rows.map(row => row.value)"
    )
    assert any(
        re.search(r"游离性余氯为 0\.1 mg/L，不符合 GB 37488-2019", text) for text in problems
    ), problems
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("整改期限").fill(deadline.isoformat())
    page.get_by_role("button", name="签发").click()

    expect(page.get_by_role("heading", name=f"卫生监督意见书 {number}")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"已下达卫生监督意见书 {number}。")
    expect(page.locator("h1 .badge")).to_have_text("整改中")
    facts = page.locator(".facts")
    expect(facts).to_contain_text(POOL)
    expect(facts).to_contain_text(f"{deadline:%Y-%m-%d}")
    expect(page.locator("table.table tbody")).to_contain_text("游离性余氯为 0.1 mg/L")

    # The printable PDF opens inline in a new tab: fetch it with the signed-in session.
    pdf_link = page.get_by_role("link", name="打印（PDF）")
    response = page.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "卫生监督意见书" in text
    assert number in text
    assert POOL in text
    assert_cjk_font_embedded(response.body())

    # The follow-up, from the opinion page: rectified.
    page.get_by_role("link", name="复查", exact=True).click()
    expect(page.get_by_role("heading", name="登记监督检查")).to_be_visible()
    expect(page.locator(".unit-card")).to_contain_text(f"复查意见书 {number}")
    expect(page.get_by_label("检查类型")).to_have_value("follow_up")
    expect(page.get_by_label("复查的意见书")).to_contain_text(number)
    expect(page.get_by_label("陈志强")).to_be_checked()
    page.get_by_label("林慧敏").check()
    page.get_by_label("复查结论：已整改").select_option(label="是")
    page.get_by_label("单位在场人员").fill(PRESENT)
    page.get_by_label("检查情况").fill("已调整加氯量，复测游离性余氯 0.5 mg/L。")
    page.get_by_role("button", name="保存检查记录").click()

    expect(page.get_by_role("status")).to_contain_text(f"已登记检查：{POOL}（复查）")
    expect(page.locator(".facts")).to_contain_text(f"复查 {number}，已整改")

    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=f"卫生监督意见书 {number}")).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("已整改")
    expect(page.locator(".facts")).to_contain_text("复查确认")
    expect(page.get_by_role("heading", name="复查（1）")).to_be_visible()
    expect(page.get_by_role("link", name="复查", exact=True)).to_have_count(0)

    # The overdue list has the other pool's opinion, not this one.
    page.goto(live_server.url + reverse("inspections:opinion_overdue"))
    expect(page.get_by_role("heading", name="逾期未整改意见书")).to_be_visible()
    expect(page.get_by_text("共 1 条")).to_be_visible()
    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(other.number)
    expect(page.locator("table.table")).not_to_contain_text(number)
    expect(page.locator("table.table")).not_to_contain_text(POOL)

    opinion = SupervisionOpinion.objects.get(number=number)
    assert opinion.status == OpinionStatus.CLOSED
    assert opinion.closed_by is not None and opinion.closed_by.rectified is True
