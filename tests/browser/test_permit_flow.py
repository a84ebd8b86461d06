"""A clerk at the permit window in a real browser: receive an application for a barber's
shop, review it with the on-site check, have the manager (负责人) approve it, issue the
permit, print it, and see the shop leave the list of units
operating without a permit.

Set SCREENSHOTS=<folder> to keep a screenshot of each page (for looking at the layout).
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from licensing.models import Application, Permit
from tests.browser.helpers import log_in, menu, shot
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory, kind
from tests.licensing.factories import site_check
from tests.pdf import assert_cjk_font_embedded, pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "clerk-pass-2024"
SHOP = "株潭丽人理发店"


def test_clerk_receives_approves_issues_and_prints_a_permit(live_server, tablet: Page, tmp_path):
    page = tablet
    year = timezone.localdate().year
    UserFactory(username="clerk_sun", first_name="孙丽", password=PASSWORD, role="clerk")
    town = TownshipFactory(code="360922002", name="株潭镇")
    shop = EstablishmentFactory(
        name=SHOP,
        township=town,
        category=kind("pp.bathing.barber"),
        legal_representative="罗小梅",
        address="株潭镇新街 6 号",
    )
    EstablishmentFactory(name="株潭宾馆", township=town, category=kind("pp.lodging.hotel"))

    log_in(page, live_server.url, "clerk_sun", PASSWORD)
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()

    # The list of units operating without a permit has the shop.
    menu(page, "卫生许可")
    expect(page.get_by_role("heading", name="卫生许可窗口")).to_be_visible()
    shot(page, "01_window")
    page.get_by_role("navigation", name="卫生许可").get_by_role("link", name="无证经营").click()
    expect(page.get_by_role("heading", name="无有效许可证经营的单位")).to_be_visible()
    expect(page.locator("table.table tbody")).to_contain_text(SHOP)
    shot(page, "02_unlicensed_before")

    # 受理: find the shop, then fill in the application.
    menu(page, "卫生许可")
    page.get_by_role("link", name="受理申请").click()
    expect(page.get_by_role("heading", name="受理许可申请")).to_be_visible()
    page.get_by_placeholder(re.compile("单位名称")).fill("丽人")
    page.get_by_role("button", name="查找单位").click()
    expect(page.get_by_text("找到 1 个单位")).to_be_visible()
    page.get_by_label("申请单位").select_option(label=f"{SHOP}（{shop.credit_code}）")
    page.get_by_label("许可类型").select_option(label="公共场所卫生许可证")
    page.get_by_label("申请事项").select_option(label="新办")
    page.get_by_label("办理方式").select_option(label="一般程序")
    page.get_by_label("申请许可项目").fill("理发、美发")
    shot(page, "03_receive_form")
    page.get_by_role("button", name="保存").click()
    # Wait for the saved page before reading the database (the save may still be running).
    expect(page.get_by_role("status")).to_contain_text("已受理")
    application = Application.objects.get(establishment=shop)
    expect(page.get_by_role("heading", name=re.compile(application.receipt_number))).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"已受理：{application.receipt_number}")
    assert application.receipt_number == f"许受〔{year}〕0001号"
    shot(page, "04_application_received")

    # The clerk cannot decide: the application waits for its review.
    expect(page.locator("#decide")).to_have_count(0)
    expect(page.get_by_test_id("waiting-for")).to_have_text("待审核")

    # 审核 with the on-site check (an inspection of the shop made by two inspectors).
    check = site_check(shop, timezone.localdate())
    page.reload()
    review = page.locator("#review")
    review.get_by_label("审核意见").fill("材料齐全，现场符合卫生要求。")
    review.get_by_label("现场审查记录").select_option(value=str(check.pk))
    review.get_by_role("button", name="提交审核").click()
    expect(page.get_by_role("status")).to_have_text("已审核。")
    expect(page.get_by_test_id("waiting-for")).to_have_text("待负责人作出许可决定")
    shot(page, "05_reviewed")

    # 准予许可 by the office's 负责人 (the manager), not the clerk who received it.
    page.context.clear_cookies()
    UserFactory(username="boss_chen", first_name="陈志强", password=PASSWORD, role="manager")
    log_in(page, live_server.url, "boss_chen", PASSWORD)
    page.goto(live_server.url + application.get_absolute_url())
    decide = page.locator("#decide")
    decide.get_by_label("准予许可").check()
    decide.get_by_role("button", name="作出决定").click()
    expect(page.get_by_role("status")).to_have_text("已准予许可，请发证。")
    expect(page.locator("h1 .badge")).to_have_text("准予许可")
    expect(page.locator("#issue")).to_have_count(0)  # issuing is the clerk's
    shot(page, "06_approved")
    page.context.clear_cookies()
    log_in(page, live_server.url, "clerk_sun", PASSWORD)
    page.goto(live_server.url + application.get_absolute_url())

    # 发证.
    page.locator("#issue").get_by_role("button", name="发证").click()
    number = f"卫公证字〔{year}〕第0001号"
    expect(page.get_by_role("status")).to_have_text(f"已发证：{number}")
    expect(page.get_by_role("heading", name=re.compile(re.escape(number)))).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("理发、美发")
    shot(page, "07_permit")
    permit = Permit.objects.get(establishment=shop)
    assert permit.number == number and permit.status == "valid"

    # The printable permit: number, unit, office, Chinese font embedded.
    pdf_link = page.get_by_role("link", name="打印许可证（PDF）")
    response = page.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    for expected in ("公共场所卫生许可证", number, SHOP, "罗小梅", settings.OFFICE_NAME):
        assert expected in text, expected
    assert_cjk_font_embedded(response.body())
    if os.environ.get("SCREENSHOTS"):
        (Path(os.environ["SCREENSHOTS"]) / "permit.pdf").write_bytes(response.body())

    # The shop has left the list of units operating without a permit.
    menu(page, "卫生许可")
    page.get_by_role("navigation", name="卫生许可").get_by_role("link", name="无证经营").click()
    expect(page.get_by_role("heading", name="无有效许可证经营的单位")).to_be_visible()
    expect(page.locator("table.table tbody")).to_contain_text("株潭宾馆")
    expect(page.locator("table.table tbody")).not_to_contain_text(SHOP)
    shot(page, "07_unlicensed_after")

    # And the permit list shows it.
    page.get_by_role("navigation", name="卫生许可").get_by_role("link", name="许可证").click()
    expect(page.locator("table.table tbody")).to_contain_text(number)
    shot(page, "08_permit_list")
