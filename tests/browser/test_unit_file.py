"""The unit's one file (一户一档) in a real browser: the clerk goes from the list of units
operating without a permit to the unit, receives an application with its 受理申请 button,
and finds it on the unit's page in its section and on the timeline; an inspector at a
1024-pixel screen sees the unit's file with his actions and no 受理申请.

Set SCREENSHOTS=<folder> to keep a screenshot of each page."""

import re

import pytest
from playwright.sync_api import Page, expect

from licensing.models import Application
from tests.browser.helpers import log_in, menu, shot
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory, kind

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "unit-file-2024"
SHOP = "株潭美丽理发店"


def test_clerk_receives_from_the_unit_page_inspector_reads_it(live_server, tablet: Page):
    page = tablet
    page.set_viewport_size({"width": 1366, "height": 768})
    UserFactory(username="clerk_li", first_name="李敏", password=PASSWORD, role="clerk")
    UserFactory(username="inspector_wu", first_name="吴军", password=PASSWORD, role="inspector")
    shop = EstablishmentFactory(
        name=SHOP,
        township=TownshipFactory(code="360922002", name="株潭镇"),
        category=kind("pp.bathing.barber"),
    )

    log_in(page, live_server.url, "clerk_li", PASSWORD)
    menu(page, "卫生许可")
    page.get_by_role("navigation", name="卫生许可").get_by_role("link", name="无证经营").click()
    page.locator("table.table tbody").get_by_role("link", name=SHOP).click()

    # The unit's file: its sections, the permit section says it has none.
    expect(page.get_by_role("heading", name=SHOP)).to_be_visible()
    nav = page.get_by_role("navigation", name="一户一档")
    expect(nav).to_contain_text("无有效许可证")
    shot(page, "unit_01_before")
    page.get_by_test_id("unit-actions").get_by_role("link", name="受理申请").click()

    expect(page.get_by_role("heading", name="受理许可申请")).to_be_visible()
    page.get_by_label("许可类型").select_option(label="公共场所卫生许可证")
    page.get_by_label("申请事项").select_option(label="新办")
    page.get_by_label("办理方式").select_option(label="一般程序")
    page.get_by_label("申请许可项目").fill("理发")
    page.get_by_role("button", name="保存").click()
    # Wait for the saved page before reading the database (the save may still be running).
    expect(page.get_by_role("status")).to_contain_text("已受理")
    application = Application.objects.get(establishment=shop)
    expect(page.get_by_role("status")).to_contain_text(application.receipt_number)

    # Back on the unit's page: the open application, and 受理申请 on the timeline.
    page.goto(f"{live_server.url}{shop.get_absolute_url()}")
    nav.get_by_role("link", name=re.compile("许可申请")).click()
    section = page.locator("#applications")
    expect(section.get_by_test_id("open-applications")).to_contain_text(application.receipt_number)
    timeline = page.locator("#timeline")
    expect(timeline.locator("li").first).to_contain_text("受理申请")
    expect(timeline.locator("li").first).to_contain_text(application.receipt_number)
    shot(page, "unit_02_clerk")

    # The inspector, on a 1024-pixel screen: his actions, no window action.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1024, "height": 768})
    log_in(page, live_server.url, "inspector_wu", PASSWORD)
    page.goto(f"{live_server.url}{shop.get_absolute_url()}")
    actions = page.get_by_test_id("unit-actions")
    expect(actions.get_by_role("link", name="登记检查")).to_be_visible()
    expect(actions.get_by_role("link", name="立案")).to_be_visible()
    expect(actions.get_by_role("link", name="受理申请")).to_have_count(0)
    expect(page.locator("#applications")).to_contain_text(application.receipt_number)
    shot(page, "unit_03_inspector")
    actions.get_by_role("link", name="登记检查").click()
    expect(page.get_by_role("heading", name="登记监督检查")).to_be_visible()
    expect(page.get_by_role("heading", name=SHOP)).to_be_visible()  # the form is on the unit
