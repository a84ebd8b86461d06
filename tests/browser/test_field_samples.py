"""Samples on a tablet (768×1024, issue #15): an inspector types "7,2" (read as 7.2, never
72) and an impossible pH, sees every refusal on its field in one pass, then records a
sample whose microbiology goes to the laboratory (送检中) and enters its result later."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from inspections.models import Sample
from tests.browser.helpers import log_in, shot
from tests.factories import UserFactory
from tests.inspections.factories import pool_unit, record

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "samples-pass-2024"
PORTRAIT = {"width": 768, "height": 1024}


@pytest.fixture
def inspection(db):
    inspector = UserFactory(
        username="inspector_li", first_name="李明", password=PASSWORD, role="inspector"
    )
    partner = UserFactory(username="inspector_wu", first_name="吴刚", role="inspector")
    return record(establishment=pool_unit(), team=[inspector, partner])


def field(page: Page, label: str):
    return page.locator(".field").filter(has=page.get_by_label(label, exact=True))


def test_readings_refused_on_their_fields_and_a_lab_result_entered_later(
    live_server, tablet: Page, inspection
):
    page = tablet
    page.set_viewport_size(PORTRAIT)
    log_in(page, live_server.url, "inspector_li", PASSWORD)
    add = live_server.url + reverse("inspections:sample_add", args=[inspection.pk])
    page.goto(f"{add}?sample_type=游泳池水")
    page.get_by_label("pH", exact=True).fill("72")
    page.get_by_label("水温（℃）", exact=True).fill("280")
    page.get_by_label("游离性余氯（mg/L）", exact=True).fill("0,5")
    page.get_by_role("button", name="保存并判定").click()
    # Both refusals at once, each beside its field; 0,5 was read and is kept as typed.
    expect(field(page, "pH").locator(".error")).to_contain_text(
        "pH 应在 0–14 之间，72 不可能，请核对。"
    )
    expect(field(page, "水温（℃）").locator(".error")).to_contain_text("280 不可能")
    expect(page.get_by_label("游离性余氯（mg/L）", exact=True)).to_have_value("0,5")
    shot(page, "samples-refused-768")
    assert not Sample.objects.exists()

    page.get_by_label("pH", exact=True).fill("7,2")
    page.get_by_label("水温（℃）", exact=True).fill("27")
    page.get_by_role("button", name="保存并判定").click()
    expect(page.locator("#samples")).to_contain_text("7.2")
    sample = Sample.objects.get()
    assert str(sample.results.get(limit__parameter="pH").value.normalize()) == "7.2"

    # A second sample: microbiology to the laboratory.
    page.goto(f"{add}?sample_type=游泳池水")
    page.get_by_label("pH", exact=True).fill("7.4")
    page.get_by_label("菌落总数：送检待测").check()
    page.get_by_label("总大肠菌群：送检待测").check()
    page.get_by_label("检测机构").fill("县疾病预防控制中心")
    page.get_by_label("容器").fill("500 mL 无菌采样瓶")
    page.get_by_role("button", name="保存并判定").click()
    expect(page.locator("#samples")).to_contain_text("送检中")
    shot(page, "samples-pending-768")
    page.get_by_test_id("enter-results").click()
    page.get_by_label("菌落总数（CFU/mL）", exact=True).fill("120")
    page.get_by_label("总大肠菌群 是否检出").select_option("0")
    page.get_by_role("button", name="保存并判定").click()
    expect(page.locator(".messages, [role=status], body").first).to_contain_text("合格")
    pending = Sample.objects.exclude(pk=sample.pk).get()
    assert pending.verdict == "pass"
    shot(page, "samples-result-entered-768")
