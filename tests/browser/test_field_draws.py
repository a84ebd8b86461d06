"""Random draws in a real browser (issue #15).

At 1366×768 a manager draws the units of one township with 回避 picked from lists (one row
added in place), verifies the draw and downloads the publication workbook, which the
stand-alone scripts/verify_draw.py reproduces. At 768×1024 a drawn inspector records the
drawn visit from the home page; a colleague who was not drawn is refused on 监督员, until the
manager records the substitution.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from inspections.models import Inspection, RandomDraw
from inspections.services.draws import draw_make
from tests.browser.helpers import log_in, shot
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "draws-pass-2026"
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "verify_draw.py"
NAMES = ["赵一鸣", "钱二宝", "孙三立", "李四海"]


def officers(count=4):
    return [
        UserFactory(username=f"officer{i}", first_name=name, password=PASSWORD, role="inspector")
        for i, name in enumerate(NAMES[:count])
    ]


def township_units(names):
    town = TownshipFactory(code="360922991", name="抽查镇")
    return town, [EstablishmentFactory(name=name, township=town) for name in names]


def test_manager_draws_with_exclusions_from_lists_and_downloads_the_workbook(
    live_server, tablet: Page, tmp_path
):
    page = tablet
    page.set_viewport_size({"width": 1366, "height": 768})
    team = officers()
    town, units = township_units(["回避宾馆", "城关浴室", "新华理发店", "康乐游泳馆"])
    UserFactory(username="boss", first_name="周主任", password=PASSWORD, role="manager")

    log_in(page, live_server.url, "boss", PASSWORD)
    page.goto(live_server.url + reverse("inspections:draw_add"))
    expect(page.get_by_role("heading", name="新建双随机抽查")).to_be_visible()
    expect(page.locator('[name="seed"]')).to_have_count(0)
    expect(page.get_by_text("随机种子不能填写")).to_be_visible()
    page.get_by_label("名称").fill("2026年第一批公共场所双随机")
    page.get_by_label("抽查镇").check()
    page.get_by_label("抽取数量（户）").fill("4")

    hotel, pool = units[0], units[3]
    page.locator('[name="exclusions-0-officer"]').select_option(label=NAMES[0])
    page.locator('[name="exclusions-0-establishment"]').select_option(
        label=f"{hotel.name}（{hotel.credit_code}）"
    )
    expect(page.locator(".exclusion-rows > li")).to_have_count(3)
    page.get_by_role("button", name="增加一行").click()  # in place (forms.js)
    expect(page.locator(".exclusion-rows > li")).to_have_count(4)
    page.locator('[name="exclusions-3-officer"]').select_option(label=NAMES[1])
    page.locator('[name="exclusions-3-establishment"]').select_option(
        label=f"{pool.name}（{pool.credit_code}）"
    )
    shot(page, "draws-1366-form")
    page.get_by_role("button", name="抽取", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("已抽取：2026年第一批公共场所双随机（4 户）")
    facts = page.locator(".facts")
    expect(facts).to_contain_text(f"{NAMES[0]} — 回避宾馆")
    expect(facts).to_contain_text(f"{NAMES[1]} — 康乐游泳馆")
    expect(facts).to_contain_text("北京时间")
    expect(facts).to_contain_text("快照哈希")
    draw = RandomDraw.objects.get()
    assert draw.exclusions == sorted([[team[0].pk, hotel.pk], [team[1].pk, pool.pk]])
    hotel_row = draw.assignments.get(establishment=hotel)
    assert team[0].pk not in (hotel_row.inspector_a_id, hotel_row.inspector_b_id)
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_role("status")).to_contain_text("验证结果：一致")
    shot(page, "draws-1366-detail")

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel（公示）").click()
    path = tmp_path / "draw.xlsx"
    download.value.save_as(path)
    wb = load_workbook(path)
    assert wb.sheetnames[:5] == ["抽查结果", "候选单位", "监督员名录", "回避", "验证数据"]
    assert [r[1] for r in wb["候选单位"].iter_rows(min_row=2, values_only=True)] == sorted(
        u.pk for u in units
    )
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "验证结果：一致" in done.stdout


def test_the_drawn_inspector_records_the_visit_and_a_colleague_not_drawn_is_refused(
    live_server, tablet: Page
):
    page = tablet
    page.set_viewport_size({"width": 768, "height": 1024})
    team = officers(3)
    town, units = township_units(["抽中的宾馆", "抽中的浴室"])
    manager = UserFactory(username="boss", first_name="周主任", password=PASSWORD, role="manager")
    draw = draw_make(user=manager, name="2026年第二批", count=2, townships=[town])
    first, second = draw.assignments.order_by("position")
    by_pk = {u.pk: u for u in team}
    drawn = by_pk[first.inspector_a_id]
    partner = by_pk[first.inspector_b_id]

    log_in(page, live_server.url, drawn.username, PASSWORD)
    expect(page.get_by_text(first.establishment.name).first).to_be_visible()
    page.locator(f'a[href*="assignment={first.pk}"]').first.click()
    expect(page.get_by_role("heading", name="登记监督检查")).to_be_visible()
    expect(page.get_by_label("检查类型")).to_have_value("random")
    expect(page.get_by_label(drawn.first_name)).to_be_checked()
    expect(page.get_by_label(partner.first_name)).to_be_checked()
    page.get_by_label("单位在场人员").fill("店长王某")
    shot(page, "draws-768-drawn-form")
    page.get_by_role("button", name="保存检查记录").click()
    expect(page.get_by_role("status")).to_contain_text("已登记检查")
    assert Inspection.objects.filter(draw_assignment=first).count() == 1

    # A colleague who was not drawn for the second unit tries to record it.
    outsider = next(u for u in team if u.pk not in (second.inspector_a_id, second.inspector_b_id))
    kept = by_pk[second.inspector_a_id]
    dropped = by_pk[second.inspector_b_id]
    page.context.clear_cookies()
    log_in(page, live_server.url, outsider.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('inspections:inspection_add')}?assignment={second.pk}")
    expect(page.get_by_label("检查类型")).to_have_value("random")
    page.get_by_label(dropped.first_name).uncheck()
    page.get_by_label(outsider.first_name).check()
    expect(page.get_by_label(kept.first_name)).to_be_checked()
    page.get_by_label("单位在场人员").fill("经理李某")
    page.get_by_role("button", name="保存检查记录").click()
    error = page.get_by_role("alert").filter(has_text="未被抽中")
    expect(error).to_be_visible()
    expect(error).to_contain_text(f"{outsider.first_name} 未被抽中")
    expect(error).to_contain_text("登记替换")
    shot(page, "draws-768-refused")
    assert not Inspection.objects.filter(draw_assignment=second).exists()

    # The manager records the substitution; then the colleague may go.
    page.context.clear_cookies()
    log_in(page, live_server.url, manager.username, PASSWORD)
    page.goto(live_server.url + draw.get_absolute_url())
    page.get_by_role("row").filter(has_text=second.establishment.name).get_by_role(
        "link", name="登记替换"
    ).click()
    expect(page.get_by_role("heading", name="登记抽查人员替换")).to_contain_text(
        second.establishment.name
    )
    page.get_by_label("被替换的监督员").select_option(label=dropped.first_name)
    page.get_by_label("替换人").select_option(label=outsider.first_name)
    page.get_by_label("替换原因").fill("病假")
    page.get_by_label("批准人").select_option(label="周主任")
    shot(page, "draws-768-substitute")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"已登记替换：{dropped.first_name} → {outsider.first_name}"
    )
    expect(page.get_by_role("row").filter(has_text=second.establishment.name)).to_contain_text(
        "病假"
    )

    page.context.clear_cookies()
    log_in(page, live_server.url, outsider.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('inspections:inspection_add')}?assignment={second.pk}")
    expect(page.get_by_label(outsider.first_name)).to_be_checked()  # the pair after it
    expect(page.get_by_label(dropped.first_name)).not_to_be_checked()
    page.get_by_label("单位在场人员").fill("经理李某")
    page.get_by_role("button", name="保存检查记录").click()
    expect(page.get_by_role("status")).to_contain_text("已登记检查")
    assert Inspection.objects.filter(draw_assignment=second).count() == 1
