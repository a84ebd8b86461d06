"""A 补正材料通知书 handed to the applicant stays what it said: accepting the application once
the missing items arrive must not rewrite the notice already printed (its receipt date)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory, kind
from tests.pdf import pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "clerk-pass-2024"


def _cn(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_accepting_after_correction_keeps_the_printed_correction_notice(live_server, tablet: Page):
    page = tablet
    page.set_viewport_size({"width": 1366, "height": 768})
    today = timezone.localdate()
    received = today - datetime.timedelta(days=3)
    UserFactory(username="clerk_sun", first_name="孙丽", password=PASSWORD, role="clerk")
    shop = EstablishmentFactory(
        name="株潭丽人理发店",
        township=TownshipFactory(code="360922002", name="株潭镇"),
        category=kind("pp.bathing.barber"),
    )

    log_in(page, live_server.url, "clerk_sun", PASSWORD)
    page.goto(f"{live_server.url}/licensing/applications/add/?establishment={shop.pk}")
    page.get_by_label("申请许可项目").fill("理发、美发")
    page.get_by_label("收件日期").fill(received.isoformat())
    page.get_by_label("材料不全，一次性告知补正").check()
    page.get_by_label("需补正材料（一次性告知全部）").fill("营业执照复印件")
    page.get_by_role("button", name="保存").click()

    notice = page.get_by_role("link", name=re.compile("补正材料通知书"))
    expect(notice).to_be_visible()
    href = live_server.url + notice.get_attribute("href")
    printed = pdf_text(page.request.get(href).body()).replace("\n", "")
    assert f"你单位于 {_cn(received)} 提交的" in printed

    # The items arrive today: 受理.
    page.get_by_label("受理日期（补正齐全之日）").fill(today.isoformat())
    page.get_by_role("button", name="受理", exact=True).click()
    expect(page.get_by_role("link", name=re.compile("受理通知书"))).to_be_visible()

    # The same numbered notice, printed again, still says what the applicant holds.
    reprinted = pdf_text(page.request.get(href).body()).replace("\n", "")
    assert f"你单位于 {_cn(received)} 提交的" in reprinted
    assert f"本通知收到申请材料日期：{_cn(received)}" in reprinted
