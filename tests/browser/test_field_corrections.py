"""An inspector corrects mistakes on the record, on a tablet (768 × 1024), in a real browser.

A visit entered twice is voided with a reason: its page says 已作废 with the reason, who and
when, and it leaves the inspection list. Another visit's person present was typed wrong: it
is amended, and its page lists the amendment (old → new, reason, who).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from inspections.models import Inspection
from tests.browser.helpers import log_in, shot
from tests.factories import EstablishmentFactory, UserFactory
from tests.inspections.factories import record

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "inspector-pass-2024"
TWICE = "悦来理发店"
POOL = "康乐游泳馆"


@pytest.fixture
def browser_context_args(browser_context_args):
    """A smaller tablet held upright."""
    return {**browser_context_args, "viewport": {"width": 768, "height": 1024}}


def _row(page: Page, unit: str):
    return page.get_by_role("row").filter(has_text=unit)


def test_inspector_voids_a_mistaken_visit_and_amends_another(live_server, tablet: Page):
    page = tablet
    chen = UserFactory(
        username="inspector_chen", first_name="陈志强", password=PASSWORD, role="inspector"
    )
    lin = UserFactory(username="inspector_lin", first_name="林慧敏", role="inspector")
    duplicate = record(establishment=EstablishmentFactory(name=TWICE), team=[chen, lin])
    pool = record(establishment=EstablishmentFactory(name=POOL), team=[chen, lin])

    log_in(page, live_server.url, "inspector_chen", PASSWORD)
    page.goto(live_server.url + reverse("inspections:inspection_list"))
    expect(_row(page, TWICE)).to_be_visible()

    # The visit entered twice: voided with a reason.
    page.goto(live_server.url + duplicate.get_absolute_url())
    page.get_by_role("link", name="作废", exact=True).click()
    expect(page.get_by_role("heading", name="作废检查记录")).to_be_visible()
    page.get_by_role("button", name="确认作废").click()  # no reason: refused on its field
    expect(page.get_by_text("请填写原因。")).to_be_visible()
    page.get_by_label("作废原因").fill("重复录入，同一次检查登记了两次")
    shot(page, "corrections-void-form")
    page.get_by_role("button", name="确认作废").click()
    expect(page.get_by_test_id("voided-badge")).to_have_text("已作废")
    note = page.get_by_test_id("voided-note")
    expect(note).to_contain_text("重复录入，同一次检查登记了两次")
    expect(note).to_contain_text("陈志强")
    expect(page.get_by_role("link", name="作废", exact=True)).to_have_count(0)
    shot(page, "corrections-voided-detail")

    page.goto(live_server.url + reverse("inspections:inspection_list"))
    expect(page.get_by_text("共 1 条")).to_be_visible()
    expect(_row(page, POOL)).to_be_visible()
    expect(_row(page, TWICE)).to_have_count(0)

    # The pool's visit: the person present was typed wrong.
    _row(page, POOL).get_by_role("link").first.click()
    page.get_by_role("link", name="更正", exact=True).click()
    expect(page.get_by_role("heading", name="更正检查记录")).to_be_visible()
    page.get_by_label("单位在场人员").fill("馆长周建华")
    page.get_by_label("更正原因").fill("在场人员姓名录错")
    shot(page, "corrections-amend-form")
    page.get_by_role("button", name="保存更正").click()
    history = page.get_by_test_id("amendments")
    expect(history).to_contain_text("在场人员姓名录错")
    expect(history).to_contain_text("店长王某")
    expect(history).to_contain_text("馆长周建华")
    expect(history).to_contain_text("陈志强")
    shot(page, "corrections-amended-detail")

    assert Inspection.all_objects.get(pk=duplicate.pk).void_reason.startswith("重复录入")
    assert Inspection.objects.get(pk=pool.pk).person_present == "馆长周建华"
