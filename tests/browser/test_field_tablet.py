"""The app on a tablet, portrait (768×1024) and landscape (1024×768): the header is one row
with the menu behind a 菜单 button, no list's column is cut off with no way to reach it (the
penalty case list hid its deadline and fine columns at 1024×768), the checklist's
符合 / 不符合 / 不适用 toggles set the scores, and the opinion form takes more rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.models import DocumentSeries
from inspections.models import ChecklistTemplate, Inspection, SupervisionOpinion
from tests.browser.helpers import log_in, shot
from tests.factories import EstablishmentFactory, UserFactory
from tests.inspections.factories import record
from tests.penalties.factories import case_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "tablet-pass-2024"
PORTRAIT = {"width": 768, "height": 1024}
LANDSCAPE = {"width": 1024, "height": 768}

# Each list's every column must be on screen, or its box must scroll sideways to it.
COLUMNS_REACHABLE = """() => {
  const table = document.querySelector('table.ledger');
  const box = table.closest('.table-wrap');
  const boxRect = box.getBoundingClientRect();
  const scrolls = box.scrollWidth > box.clientWidth
    && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
  const cut = [];
  for (const th of table.querySelectorAll('thead th')) {
    const r = th.getBoundingClientRect();
    if (getComputedStyle(th).display === 'none' || r.width === 0) { cut.push(th.textContent + ' (hidden)'); continue; }
    const inside = r.left >= boxRect.left - 1 && r.right <= boxRect.right + 1;
    if (!inside && !scrolls) cut.push(th.textContent);
  }
  return {cut, pageWider: document.documentElement.scrollWidth > window.innerWidth,
          scrolls, headers: table.querySelectorAll('thead th').length};
}"""


@pytest.fixture
def manager(db):
    return UserFactory(
        username="manager_zhou", first_name="周敏", password=PASSWORD, role="manager"
    )


def header_height(page: Page) -> float:
    return page.locator("header.topbar").bounding_box()["height"]


def test_header_one_row_and_every_column_reachable(live_server, tablet: Page, manager):
    page = tablet
    case_at("decided")  # a case with its deadline and fine: the widest list
    record(establishment=EstablishmentFactory(name="康乐游泳馆"))
    log_in(page, live_server.url, "manager_zhou", PASSWORD)
    lists = {
        "inspections": reverse("inspections:inspection_list"),
        "opinions": reverse("inspections:opinion_list"),
        "cases": reverse("penalties:case_list"),
        "permits": reverse("licensing:permit_list"),
        "units": reverse("premises:establishment_list"),
    }
    for size in (PORTRAIT, LANDSCAPE):
        page.set_viewport_size(size)
        for name, url in lists.items():
            page.goto(live_server.url + url)
            assert header_height(page) < 70, (name, size, header_height(page))
            found = page.evaluate(COLUMNS_REACHABLE)
            assert found["headers"] > 3 and not found["cut"], (name, size, found)
            assert not found["pageWider"], (name, size)  # the box scrolls, not the page
            shot(page, f"tablet-{name}-{size['width']}x{size['height']}")
        # The case list is wider than the screen: its last column is reached by scrolling.
        page.goto(live_server.url + lists["cases"])
        last = page.locator("table.ledger thead th").last
        last.scroll_into_view_if_needed()
        expect(last).to_be_in_viewport()
        # The menu opens under the 菜单 button and its entries are 44 px tall.
        toggle = page.get_by_role("button", name="菜单")
        expect(toggle).to_be_visible()
        expect(page.locator("#mainnav")).to_be_hidden()
        toggle.click()
        entry = page.locator("#mainnav").get_by_role("link", name="行政处罚")
        expect(entry).to_be_visible()
        assert entry.bounding_box()["height"] >= 44
        shot(page, f"tablet-menu-{size['width']}x{size['height']}")
        entry.click()
        expect(page).to_have_url(live_server.url + lists["cases"])


POOL_SHEET = "swimming-pool"  # shipped by migration 0009 (a sheet made here would collide
# with the shipped rows' ids on PostgreSQL, whose sequences the restored data leaves behind)


def test_toggles_set_scores_and_the_opinion_takes_more_rows(live_server, tablet: Page):
    page = tablet
    page.set_viewport_size(PORTRAIT)
    DocumentSeries.objects.get_or_create(
        code="opinion",
        defaults={"name": "卫生监督意见书", "pattern": "卫监意〔{year}〕{number:04d}号"},
    )
    UserFactory(username="inspector_chen", first_name="陈志强", password=PASSWORD, role="inspector")
    UserFactory(username="inspector_lin", first_name="林慧敏", role="inspector")
    pool = EstablishmentFactory(name="康乐游泳馆")
    template = ChecklistTemplate.objects.current().get(code=POOL_SHEET)
    log_in(page, live_server.url, "inspector_chen", PASSWORD)
    assert header_height(page) < 70
    page.goto(f"{live_server.url}{reverse('inspections:inspection_add')}?establishment={pool.pk}")
    page.get_by_label("检查时间").fill(
        (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("陈志强").check()
    page.get_by_label("林慧敏").check()
    page.get_by_label("单位在场人员").fill("馆长周建华")
    page.get_by_label("评分表").select_option(label=str(template))  # loads its items
    rows = page.locator(".score-row")
    expect(rows).to_have_count(12)
    full = ["8", "6", "6", "4", "8", "6", "8", "10", "14", "14", "8", "8"]
    scores = [rows.nth(i).get_by_role("spinbutton") for i in range(12)]
    # Nothing judged to begin with: an untouched sheet is not full marks.
    assert [s.input_value() for s in scores] == [""] * 12
    for i in (0, 8):
        expect(rows.nth(i).get_by_role("radio", name="符合", exact=True)).not_to_be_checked()
    left = page.locator("[data-score-left]")
    expect(left).to_have_text("尚有 12 项未评定")
    meets = rows.nth(0).locator(".verdict-meets span")
    assert meets.bounding_box()["height"] >= 44
    # 不适用 blanks the score; 不符合 asks for the score after the deduction.
    first_aid, circulation, testing = rows.nth(5), rows.nth(8), rows.nth(9)
    first_aid.locator(".verdict-na").click()
    expect(scores[5]).to_have_value("")
    expect(scores[5]).to_be_disabled()
    circulation.locator(".verdict-fails").click()
    expect(scores[8]).to_have_value("")
    expect(scores[8]).to_be_focused()
    scores[8].fill("6")
    circulation.get_by_placeholder("扣分说明").fill("消毒设备停用")
    # Typing a lower score picks 不符合; back to 符合 gives full marks again.
    scores[9].fill("10")
    expect(testing.get_by_role("radio", name="不符合", exact=True)).to_be_checked()
    testing.locator(".verdict-meets").click()
    expect(scores[9]).to_have_value("14")
    expect(left).to_have_text("尚有 9 项未评定")
    # Saved with items left, the sheet says which; nothing is recorded.
    page.get_by_role("button", name="保存检查记录").click()
    expect(page.locator(".errorlist, .error").first).to_be_visible()
    expect(page.get_by_text("评分表还有 9 项未评定")).to_be_visible()
    assert not Inspection.objects.exists()
    expect(page.locator(".score-row.has-error")).to_have_count(9)
    shot(page, "tablet-checklist-unanswered-768")
    # The rest 符合 with one explicit click: full marks where nothing was chosen.
    page.get_by_role("button", name="其余未评项目记为“符合”").click()
    expect(left).to_have_text("各项均已评定")
    assert [s.input_value() for s in scores] == [
        "" if i == 5 else "6" if i == 8 else f for i, f in enumerate(full)
    ]
    shot(page, "tablet-checklist-768")
    page.get_by_role("button", name="保存检查记录").click()
    # 86 of 94 (100 less the 6 points not applicable): 91.5, failed by the key item.
    expect(page.get_by_test_id("score-total")).to_contain_text("标准化得分 91.5")
    expect(page.get_by_test_id("key-failed")).to_contain_text("池水循环净化消毒设备齐全")
    inspection = Inspection.objects.get()
    na = inspection.scores.get(item__order=6)
    assert na.not_applicable and inspection.score_summary()["passed"] is False

    # The opinion: one row for the deduction, then two more added, one removed.
    page.get_by_role("link", name="下达意见书").click()
    problems = page.locator(".item-row:visible textarea[name$='-problem']")
    expect(problems.first).to_have_value("水质处理（关键项）不符合要求，扣8分：消毒设备停用。")
    before = problems.count()
    add = page.get_by_role("button", name="添加一行")
    add.click()
    add.click()
    expect(problems).to_have_count(before + 2)
    problems.nth(before).fill("更衣室地面积水")
    page.locator(".item-row:visible textarea[name$='-requirement']").nth(before).fill("及时清扫")
    problems.nth(before + 1).fill("将被删除的问题")
    page.locator(".item-row:visible").nth(before + 1).get_by_role("button", name="删除此行").click()
    expect(problems).to_have_count(before + 1)
    shot(page, "tablet-opinion-768")
    page.get_by_role("button", name="签发").click()
    expect(page.get_by_text("已下达卫生监督意见书")).to_be_visible()
    opinion = SupervisionOpinion.objects.get()
    assert list(opinion.items.values_list("problem", flat=True)) == [
        "水质处理（关键项）不符合要求，扣8分：消毒设备停用。",
        "更衣室地面积水",
    ]
