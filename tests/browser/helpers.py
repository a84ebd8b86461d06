"""Steps every browser test takes."""

import os
from pathlib import Path

from playwright.sync_api import Page


def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def menu(page: Page, name: str) -> None:
    """Go to a main-menu entry as a user would: on a screen narrower than the full menu
    (a tablet) the 菜单 button opens it first."""
    toggle = page.get_by_role("button", name="菜单")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name=name).click()


def shot(page: Page, name: str) -> None:
    """Keep a full-page screenshot when SCREENSHOTS=<folder> is set (to look at layouts)."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
