"""A clerk's day in a real browser: log in, register a unit, find it again, export it.

Runs Debian's chromium through Playwright against pytest-django's live server. The tests are
transactional (live_server) and ask for a serialized rollback, so the reference data that
migrations load (roles, categories) is present in each test and restored for later ones.
"""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from premises.models import Establishment
from tests.browser.helpers import log_in, menu
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory, kind

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "clerk-pass-2024"
WRONG_CODE = "91350100M000100Y44"
RIGHT_CODE = "91350100M000100Y43"
UNIT_NAME = "株潭悦来宾馆"
EXPORT_HEADERS = (
    "单位名称",
    "统一社会信用代码",
    "对象类型",
    "监督专业",
    "类别",
    "乡镇（街道）",
    "法定代表人",
    "地址",
    "联系电话",
    "从业人员数",
    "状态",
    "开业日期",
    "关闭日期",
)


def test_clerk_registers_a_unit_then_finds_and_exports_it(live_server, tablet: Page, tmp_path):
    page = tablet
    UserFactory(username="clerk_zhao", first_name="赵晓丽", password=PASSWORD, role="clerk")
    town = TownshipFactory(code="360922002", name="株潭镇")
    other_town = TownshipFactory(code="360922003", name="黄茅镇")
    # Same township, does not match the search; other township, does match it.
    EstablishmentFactory(name="株潭理发店", township=town)
    EstablishmentFactory(
        name="黄茅悦来宾馆", township=other_town, category=kind("pp.lodging.hotel")
    )

    log_in(page, live_server.url, "clerk_zhao", PASSWORD)
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.locator(".userbox")).to_contain_text("赵晓丽")

    # The ledger, then 新建.
    menu(page, "被监督单位")
    expect(page.get_by_role("heading", name="被监督单位台帐")).to_be_visible()
    page.get_by_role("link", name="新建", exact=True).click()
    expect(page.get_by_role("heading", name="新建被监督单位")).to_be_visible()

    page.get_by_label("单位名称").fill(UNIT_NAME)
    page.get_by_label("统一社会信用代码").fill(WRONG_CODE)
    page.get_by_label("法定代表人（负责人）").fill("刘海燕")
    page.get_by_label("地址").fill("株潭镇解放路 18 号")
    page.get_by_label("乡镇（街道）").select_option(label="株潭镇")
    page.get_by_label("单位类别").select_option(label="公共场所 › 住宿与交际场所 › 宾馆")
    page.get_by_label("联系电话").fill("0795-8123456")
    page.get_by_label("开业日期").fill("2024-03-01")
    page.get_by_role("button", name="保存").click()

    # Refused, with the field named in Chinese; everything typed is kept.
    error = page.locator(".field.has-error .error")
    expect(error).to_have_count(1)
    expect(error).to_have_text(re.compile(r"^统一社会信用代码：统一社会信用代码校验位错误"))
    expect(page.get_by_label("统一社会信用代码")).to_have_value(WRONG_CODE)
    expect(page.get_by_label("单位名称")).to_have_value(UNIT_NAME)
    assert not Establishment.objects.filter(name=UNIT_NAME).exists()

    page.get_by_label("统一社会信用代码").fill(RIGHT_CODE)
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_role("heading", name=UNIT_NAME)).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(f"已建档：{UNIT_NAME}")
    expect(page.locator(".facts")).to_contain_text(RIGHT_CODE)
    expect(page.locator(".facts")).to_contain_text("住宿与交际场所 › 宾馆")
    unit = Establishment.objects.get(name=UNIT_NAME)
    assert unit.credit_code == RIGHT_CODE and unit.township == town

    # Back to the ledger: filter by township and search, so only the new unit is left.
    page.get_by_role("link", name="返回台帐").click()
    expect(page.get_by_text("共 3 条")).to_be_visible()
    filters = page.locator("form.filter-form")
    filters.get_by_label("乡镇（街道）").select_option(label="株潭镇")
    filters.get_by_label("搜索").fill("悦来")
    filters.get_by_role("button", name="查询").click()
    expect(page.get_by_text("共 1 条")).to_be_visible()
    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(UNIT_NAME)
    expect(rows.first).to_contain_text(RIGHT_CODE)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出 Excel").click()
    download = download_info.value
    assert re.fullmatch(r"被监督单位台帐_\d{8}\.xlsx", download.suggested_filename)
    target = tmp_path / download.suggested_filename
    download.save_as(target)

    sheet = load_workbook(target, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == EXPORT_HEADERS
    assert len(rows) == 2, "only the filtered unit is exported"
    exported = dict(zip(EXPORT_HEADERS, rows[1], strict=True))
    assert exported["单位名称"] == UNIT_NAME
    assert exported["统一社会信用代码"] == RIGHT_CODE
    assert exported["乡镇（街道）"] == "株潭镇"
    assert exported["类别"] == "宾馆"


def test_five_wrong_passwords_lock_the_account(live_server, tablet: Page):
    page = tablet
    UserFactory(username="clerk_qian", password=PASSWORD, role="clerk")

    for _ in range(4):
        log_in(page, live_server.url, "clerk_qian", "not-the-password")
        expect(page.locator(".form-errors")).to_be_visible()
        expect(page.get_by_role("heading", name="登录")).to_be_visible()

    log_in(page, live_server.url, "clerk_qian", "not-the-password")
    expect(page.get_by_role("heading", name="账号已暂时锁定")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("登录失败次数过多")

    # Locked means locked: the right password does not get in either.
    log_in(page, live_server.url, "clerk_qian", PASSWORD)
    expect(page.get_by_role("heading", name="账号已暂时锁定")).to_be_visible()
    expect(page.get_by_role("link", name="返回登录")).to_be_visible()
