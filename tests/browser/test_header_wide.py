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
