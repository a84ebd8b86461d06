"""Nothing typed is lost on the office's and the registers' forms either: a complaint's reply
typed when the session has ended is sent after signing in again in place, and a register
row typed without a signal is kept and sent once when the network is back (drafts.js, the
same as the inspection form: tests/browser/test_field_drafts.py)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from inspections.models import Complaint
from inspections.models.complaints import ComplaintSource
from inspections.services import complaints as complaint_services
from premises.models import WaterTank
from tests.browser.helpers import log_in
from tests.factories import EstablishmentFactory, UserFactory, kind

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "office-drafts-2024"
IPAD = {"width": 768, "height": 1024}


@pytest.fixture
def expected_console_errors():
    """The request made while offline, and the answer that the session has ended (401)."""
    return re.compile(r"net::ERR_(INTERNET_DISCONNECTED|FAILED)|status of (400|401|409)\b")


def test_a_reply_typed_after_the_session_ended_is_saved_once_after_signing_in(live_server, page):
    clerk = UserFactory(username="clerk_he", password=PASSWORD, role="clerk")
    manager = UserFactory(username="mgr_sun", password=PASSWORD, role="manager")
    officer = UserFactory(username="insp_li", password=PASSWORD, role="inspector")
    complaint = complaint_services.complaint_register(
        user=clerk,
        received_at=timezone.now() - datetime.timedelta(hours=3),
        source=ComplaintSource.HOTLINE_12345,
        establishment=EstablishmentFactory(name="清泉游泳馆"),
        content="游泳池水浑浊，有异味。",
        complainant_name="王小明",
        complainant_phone="13907950001",
        complainant_address="康乐街道锦绣路8号",
    )
    complaint_services.complaint_assign(user=manager, complaint=complaint, assigned_to=officer)
    complaint_services.complaint_accept(
        user=officer, complaint=complaint, accepted_on=timezone.localdate()
    )

    page.set_viewport_size(IPAD)
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, "insp_li", PASSWORD)
    page.goto(f"{live_server.url}{reverse('inspections:complaint_reply', args=[complaint.pk])}")
    page.get_by_label("答复日期").fill(timezone.localdate().isoformat())
    page.get_by_label("答复方式").select_option(label="电话")
    page.get_by_label("答复内容").fill("已现场检查，责令整改并复检合格。")
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name=re.compile("答复|保存")).click()

    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("请重新登录")
    dialog.get_by_label("密码").fill(PASSWORD)
    dialog.get_by_role("button", name="登录并提交").click()
    expect(page).to_have_url(re.compile(rf"/inspections/complaints/{complaint.pk}/$"))
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.reply_content == "已现场检查，责令整改并复检合格。"
    assert complaint.replied_by.username == "insp_li"


def test_a_register_row_typed_offline_is_kept_and_saved_once(live_server, page):
    UserFactory(username="insp_wu", password=PASSWORD, role="inspector")
    supplier = EstablishmentFactory(name="锦绣小区二次供水", category=kind("dw.supply.secondary"))

    page.set_viewport_size(IPAD)
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, "insp_wu", PASSWORD)
    page.goto(f"{live_server.url}{reverse('premises:water_tank_add', args=[supplier.pk])}")
    page.get_by_label("位置或名称").fill("3号楼屋顶水箱")
    page.get_by_label("容积（m³，每个）").fill("12")
    page.context.set_offline(True)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("[data-draft-offline]")).to_contain_text("网络不可用")
    expect(page.get_by_label("位置或名称")).to_have_value("3号楼屋顶水箱")
    page.get_by_role("button", name="保存").click()  # pressed again while waiting
    assert not WaterTank.objects.exists()

    page.context.set_offline(False)
    # the form's own address matches the unit's too: wait until the page has left it
    expect(page).not_to_have_url(re.compile(r"/water/tanks/add/"))
    expect(page).to_have_url(re.compile(rf"/premises/establishments/{supplier.pk}/"))
    page.wait_for_timeout(500)
    assert [t.name for t in WaterTank.objects.all()] == ["3号楼屋顶水箱"]
