"""At 1280 px and wider the whole menu shows, so the 菜单 button (which opens the menu only
under 1280 px) is not shown: at 1366×768 it sat beside the full menu and did nothing."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "wide-pass-2024"


def test_no_menu_button_beside_the_full_menu(live_server, tablet: Page):
    page = tablet
    UserFactory(username="wide_boss", password=PASSWORD, role="manager")
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, live_server.url, "wide_boss", PASSWORD)
    expect(page.locator("#mainnav").get_by_role("link", name="行政处罚")).to_be_visible()
    expect(page.get_by_role("button", name="菜单")).to_be_hidden()
    page.set_viewport_size({"width": 1024, "height": 768})
    expect(page.get_by_role("button", name="菜单")).to_be_visible()
    expect(page.locator("#mainnav")).to_be_hidden()


def test_the_menu_groups_open_one_at_a_time_and_lead_to_their_pages(live_server, tablet: Page):
    """The domains' registers sit under 专业档案 (the full menu of a manager had grown to
    22 entries, three rows at 1366 px); one group opens at a time, a click elsewhere
    closes it, and the group of the page shown is marked."""
    page = tablet
    UserFactory(username="menu_boss", password=PASSWORD, role="manager")
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, live_server.url, "menu_boss", PASSWORD)
    menu = page.locator("#mainnav")
    expect(menu.get_by_role("link", name="放射卫生")).to_be_hidden()
    menu.get_by_text("专业档案").click()
    expect(menu.get_by_role("link", name="放射卫生")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu.get_by_role("link", name="放射卫生")).to_be_hidden()
    menu.get_by_text("健康证明与培训").click()
    expect(menu.get_by_role("link", name="卫生培训")).to_be_visible()
    page.mouse.click(600, 600)
    expect(menu.get_by_role("link", name="卫生培训")).to_be_hidden()
    menu.get_by_text("专业档案").click()
    menu.get_by_role("link", name="放射卫生").click()
    expect(page).to_have_url(f"{live_server.url}/premises/radiation/workers/")
    expect(menu.locator("summary[aria-current]")).to_have_text("专业档案")
    # Two rows at the most: the menu is no taller than two of its entries and a gap.
    entry = menu.get_by_role("link", name="被监督单位").bounding_box()
    assert menu.bounding_box()["height"] < entry["height"] * 2.6
