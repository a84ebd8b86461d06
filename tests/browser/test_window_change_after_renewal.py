"""A unit renewed ahead of time (old permit in force until it ends, the renewal 未生效 until
then) changes its legal representative: after the clerk issues the change, the unit holds
one 有效 permit of the type, not two."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from licensing import services
from tests.browser.helpers import log_in
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory, kind
from tests.licensing.factories import approved, issued_permit, public_place

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "clerk-pass-2024"
SHOP = "高城华恒商场"


def test_change_after_an_early_renewal_leaves_one_valid_permit(live_server, tablet: Page):
    page = tablet
    page.set_viewport_size({"width": 1366, "height": 768})
    today = timezone.localdate()
    clerk = UserFactory(username="clerk_sun", first_name="孙丽", password=PASSWORD, role="clerk")
    unit = EstablishmentFactory(
        name=SHOP,
        township=TownshipFactory(code="360922009", name="高城镇"),
        category=kind("pp.shopping.mall"),
        legal_representative="彭芳",
    )
    # Issued almost four years ago: in force for about 60 more days.
    first_day = today.replace(year=today.year - 4) + datetime.timedelta(days=60)
    old = issued_permit(clerk=clerk, establishment=unit, received_on=first_day)
    # Renewed ahead of time: the new permit starts when the old one ends.
    renewal = services.application_receive(
        user=clerk,
        establishment=unit,
        permit_type=public_place(),
        kind="renewal",
        received_on=today,
        previous_permit=old,
    )
    renewed = services.permit_issue(
        application=approved(renewal, clerk=clerk, day=today), user=clerk, issued_on=today
    )
    assert renewed.valid_from > today
    # Then the legal representative changes (the only permit offered is the renewal).
    change = services.application_receive(
        user=clerk,
        establishment=unit,
        permit_type=public_place(),
        kind="change",
        received_on=today,
        previous_permit=renewed,
        change_description="法定代表人变更",
        new_legal_representative="李四",
    )
    change = approved(change, clerk=clerk, day=today)

    log_in(page, live_server.url, "clerk_sun", PASSWORD)
    page.goto(f"{live_server.url}/licensing/applications/{change.pk}/")
    page.locator("#issue").get_by_role("button", name="发证").click()
    expect(page.get_by_role("status")).to_contain_text("已发证")

    # The permit list, status 有效, this unit: one permit.
    page.goto(f"{live_server.url}/licensing/permits/")
    page.get_by_label("状态").select_option(label="有效")
    page.get_by_label("搜索").fill(SHOP)
    page.get_by_role("button", name="查询").click()
    rows = page.locator("table.table tbody tr")
    expect(rows.first).to_contain_text(SHOP)
    expect(page.get_by_text(re.compile(r"共 \d+ 条"))).to_have_text("共 1 条")
    expect(rows).to_have_count(1)
