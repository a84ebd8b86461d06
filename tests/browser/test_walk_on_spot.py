"""Walk findings (issue #17) on the 当场行政处罚 (simple procedure), as an officer on the tablet.

1. An on-spot case carries only the 当场行政处罚决定书: no 立案审批表 waiting for approval, no
   ordinary 行政处罚决定书 claiming 立案调查 and 陈述申辩/听证, nothing left "待送达".
2. The mandatory 警告 of the violation's clause (细则 art. 36: 给予警告，并可处以罚款) is enforced
   on the tablet as it is in the ordinary procedure: a fine alone is refused.
"""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from core.models import OfficerCertificate
from tests.browser.helpers import log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "officer-pass-2024"
VIOLATION = "未按照规定对顾客用品用具进行清洗、消毒、保洁，或者重复使用一次性用品用具"


def fill_on_spot(page: Page, base_url: str, *, warning: bool, fine: str) -> None:
    page.goto(base_url + reverse("penalties:simple_add"))
    page.locator("input[name=party_kind][value=person]").check()
    page.locator("input[name=party_name]").fill("赵一")
    page.locator("input[name=party_code]").fill("360922199001011239")
    page.locator("input[name=party_address]").fill("万载县康乐街道2号")
    page.locator("input[name=place]").fill("康乐街道2号")
    page.locator("select[name=violation]").select_option(label=VIOLATION)
    page.locator("textarea[name=facts]").fill("毛巾未消毒重复使用。")
    page.locator("input[name=facts_confirmed]").check()
    for box in page.locator("input[name=officers]").all():
        box.check()
    page.locator("input[name=certificates_shown]").check()
    page.locator("input[name=warning]").set_checked(warning)
    page.locator("input[name=fine]").fill(fine)
    page.locator("input[name=correction]").fill("立即对毛巾消毒，不再重复使用未消毒毛巾。")
    page.locator("input[name=signer_name]").fill("赵一")
    canvas = page.locator("canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 10, box["y"] + 10)
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + 50, steps=8)
    page.mouse.up()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def officers():
    li = UserFactory(username="officer_li", first_name="李明", password=PASSWORD, role="inspector")
    wang = UserFactory(username="officer_wang", first_name="王芳", role="inspector")
    for user, number in ((li, "赣卫执 001"), (wang, "赣卫执 002")):
        OfficerCertificate.objects.create(
            user=user,
            number=number,
            issued_by="县卫生健康局",
            valid_from=datetime.date(2024, 1, 1),
            valid_until=datetime.date(2028, 12, 31),
        )


def test_on_spot_case_has_no_ordinary_decision_or_pending_filing(live_server, tablet: Page):
    officers()
    log_in(tablet, live_server.url, "officer_li", PASSWORD)
    fill_on_spot(tablet, live_server.url, warning=True, fine="200")
    expect(tablet).to_have_url(re.compile(r".*/penalties/cases/\d+/$"))
    main = tablet.locator("main")
    expect(main).not_to_contain_text("立案待负责人审批")
    documents = tablet.locator("table", has_text="当场行政处罚决定书").first
    expect(documents).not_to_contain_text("立案审批表")
    # The only decision is the 当场行政处罚决定书; no ordinary 行政处罚决定书 to serve.
    expect(main).not_to_contain_text("《行政处罚决定书》")


def test_on_spot_fine_without_mandatory_warning_is_refused(live_server, tablet: Page):
    officers()
    log_in(tablet, live_server.url, "officer_li", PASSWORD)
    fill_on_spot(tablet, live_server.url, warning=False, fine="150")
    expect(tablet).to_have_url(live_server.url + reverse("penalties:simple_add"))
    expect(tablet.locator("main")).to_contain_text("警告")
