"""Enter in a field sends the form: the opinion form's deadline issues the opinion (the
amend form saves the amendment), the draw form's count draws. Each form's default button is
its own submit, not the 添加一行 / 增加一行 of its rows, which comes first in the page and
used to take Enter as "add a row"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.models import DocumentSeries
from inspections.choices import InspectionResult
from inspections.models import Campaign, RandomDraw, SupervisionOpinion
from tests.browser.helpers import log_in, shot
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory
from tests.inspections.factories import inspectors, record

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "enter-pass-2024"


def test_enter_in_the_deadline_issues_and_amends(live_server, tablet: Page):
    page = tablet
    DocumentSeries.objects.get_or_create(
        code="opinion",
        defaults={"name": "卫生监督意见书", "pattern": "卫监意〔{year}〕{number:04d}号"},
    )
    officer = UserFactory(username="enter_wang", password=PASSWORD, role="inspector")
    team = [officer, inspectors()[1]]
    visit = record(team=team, result=InspectionResult.OPINION)
    log_in(page, live_server.url, "enter_wang", PASSWORD)
    page.goto(live_server.url + reverse("inspections:opinion_issue", args=[visit.pk]))
    problem = page.locator(".item-row:visible textarea[name$='-problem']")
    rows = problem.count()
    problem.first.fill("更衣室地面积水")
    page.locator(".item-row:visible textarea[name$='-requirement']").first.fill("及时清扫")
    deadline = page.get_by_label("整改期限")
    day = timezone.localdate() + datetime.timedelta(days=10)
    deadline.fill(day.isoformat())
    deadline.press("Enter")
    expect(page.get_by_text("已下达卫生监督意见书")).to_be_visible()
    assert problem.count() <= rows  # no row was added
    opinion = SupervisionOpinion.objects.get()
    assert opinion.deadline == day
    shot(page, "opinion-issued-by-enter")

    # The amend form on the opinion's page: Enter in its deadline saves the amendment.
    page.goto(live_server.url + opinion.get_absolute_url())
    page.locator("details.amend summary").click()
    page.get_by_label("更正原因").fill("期限顺延")
    later = day + datetime.timedelta(days=5)
    amend_deadline = page.locator("details.amend").get_by_label("整改期限")
    amend_deadline.fill(later.isoformat())
    amend_deadline.press("Enter")
    expect(page.locator(".messages")).to_contain_text("更正")
    opinion.refresh_from_db()
    assert opinion.deadline == later


def test_enter_in_the_draw_count_draws(live_server, tablet: Page):
    """The draw form had the same trap: Enter in 抽取数量 added a 回避 row (增加一行)."""
    page = tablet
    page.set_viewport_size({"width": 1366, "height": 768})
    for i in range(3):
        UserFactory(username=f"drawn{i}", role="inspector")
    town = TownshipFactory(code="360922992", name="回车镇")
    for name in ("回车宾馆", "回车浴室"):
        EstablishmentFactory(name=name, township=town)
    UserFactory(username="enter_boss", password=PASSWORD, role="manager")
    log_in(page, live_server.url, "enter_boss", PASSWORD)
    page.goto(live_server.url + reverse("inspections:draw_add"))
    page.get_by_label("名称").fill("回车抽查")
    page.get_by_label("回车镇").check()
    count = page.get_by_label("抽取数量（户）")
    count.fill("2")
    count.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("已抽取：回车抽查（2 户）")
    assert RandomDraw.objects.count() == 1


def test_a_refused_draw_shows_its_errors_across_the_form(live_server, tablet: Page):
    """The summary of errors spans the form's grid (it sat in one narrow, tall cell)."""
    page = tablet
    page.set_viewport_size({"width": 1366, "height": 768})
    officer = UserFactory(username="grid_officer", first_name="周网格", role="inspector")
    UserFactory(username="grid_other", role="inspector")
    town = TownshipFactory(code="360922993", name="网格镇")
    EstablishmentFactory(name="网格宾馆", township=town)
    outside = EstablishmentFactory(name="镇外浴室")
    UserFactory(username="grid_boss", password=PASSWORD, role="manager")
    log_in(page, live_server.url, "grid_boss", PASSWORD)
    page.goto(live_server.url + reverse("inspections:draw_add"))
    page.get_by_label("名称").fill("网格抽查")
    page.get_by_label("网格镇").check()
    page.get_by_label("抽取数量（户）").fill("1")
    page.locator('[name="exclusions-0-officer"]').select_option(label=officer.first_name)
    page.locator('[name="exclusions-0-establishment"]').select_option(
        label=f"{outside.name}（{outside.credit_code}）"
    )
    page.get_by_role("button", name="抽取", exact=True).click()
    errors = page.locator(".form-errors")
    expect(errors).to_contain_text("不在本次抽取范围内")
    grid = page.locator(".stacked").first.bounding_box()
    assert errors.bounding_box()["width"] > grid["width"] * 0.9
    shot(page, "draw-errors-across")


def test_back_after_drawing_and_draw_again_makes_no_second_draw(live_server, tablet: Page):
    """Back after 抽取 showed the filled form under a new submission key: 抽取 again made a
    second, different draw of the same units. The form keeps its key like the other form
    pages (data-draft, static/js/drafts.js), so the second send opens the first draw."""
    page = tablet
    page.set_viewport_size({"width": 1366, "height": 768})
    for i in range(2):
        UserFactory(username=f"back{i}", role="inspector")
    town = TownshipFactory(code="360922994", name="返回镇")
    for name in ("返回宾馆", "返回浴室", "返回茶楼"):
        EstablishmentFactory(name=name, township=town)
    UserFactory(username="back_boss", password=PASSWORD, role="manager")
    log_in(page, live_server.url, "back_boss", PASSWORD)
    page.goto(live_server.url + reverse("inspections:draw_add"))
    page.get_by_label("名称").fill("返回抽查")
    page.get_by_label("返回镇").check()
    page.get_by_label("抽取数量（户）").fill("1")
    page.get_by_role("button", name="抽取", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已抽取：返回抽查（1 户）")
    first = page.url
    page.go_back()
    expect(page.get_by_role("heading", name="新建双随机抽查")).to_be_visible()
    if page.get_by_label("名称").input_value() != "返回抽查":  # not restored: as a user would
        page.get_by_label("名称").fill("返回抽查")
        page.get_by_label("返回镇").check()
        page.get_by_label("抽取数量（户）").fill("1")
    page.get_by_role("button", name="抽取", exact=True).click()
    page.wait_for_url(first)
    assert RandomDraw.objects.count() == 1


def test_back_and_save_on_a_form_without_a_draft_makes_one_record(live_server, tablet: Page):
    """Every form page, not only the field forms that keep drafts: Back after saving a
    campaign fetched the form anew (pages are no-store) with a new key, and 保存 made a
    second, identical campaign. The tab remembers the key it sent (static/js/forms.js)."""
    page = tablet
    page.set_viewport_size({"width": 1366, "height": 768})
    UserFactory(username="camp_boss", password=PASSWORD, role="manager")
    log_in(page, live_server.url, "camp_boss", PASSWORD)
    page.goto(live_server.url + reverse("inspections:campaign_add"))
    today = timezone.localdate()

    def fill():
        page.get_by_label("名称").fill("返回专项")
        page.get_by_label("开始日期").fill(today.isoformat())
        page.get_by_label("结束日期").fill((today + datetime.timedelta(days=30)).isoformat())

    fill()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="返回专项")).to_be_visible()
    first = page.url
    page.go_back()
    expect(page.get_by_label("名称")).to_be_visible()
    if page.get_by_label("名称").input_value() != "返回专项":  # not restored: as a user would
        fill()
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(first)
    expect(page.get_by_text("此表单已提交过")).to_be_visible()
    assert Campaign.objects.filter(name="返回专项").count() == 1
