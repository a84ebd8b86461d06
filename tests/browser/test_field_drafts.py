"""Nothing typed is lost, nothing is recorded twice (issue #15), on a 768×1024 tablet.

An inspection typed room by room outlasts the 30-minute idle limit; the signal comes and
goes. static/js/drafts.js keeps a draft on the device, offers it back, signs in again in
place and sends the same input again once the network is back; the one-time submission
key (core/submissions.py) makes every resend, and Back + Save, record the visit once."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from inspections.models import ChecklistScore, Inspection, SupervisionOpinion
from tests.browser.helpers import log_in, shot
from tests.factories import EstablishmentFactory, UserFactory
from tests.inspections.factories import record

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "drafts-pass-2024"
IPAD = {"width": 768, "height": 1024}
SAVED = re.compile(r"/inspections/records/\d+/$")  # the saved inspection's page
HOTEL = "悦来宾馆"
CHECKLIST = "公共场所日常监督检查表（第1版）"
# What the browser logs on purpose here: the request made while offline, and the answer
# that the session has ended (401) or the form has errors (400).
EXPECTED = re.compile(r"net::ERR_(INTERNET_DISCONNECTED|FAILED)|status of (400|401|409)\b")


@pytest.fixture(autouse=True)
def _no_console_errors(page):
    """As tests/browser/conftest.py's, with the failures these tests cause on purpose."""
    errors = []

    def console(message):
        if message.type == "error" and not EXPECTED.search(message.text):
            errors.append(f"{page.url}: {message.text} {message.location}")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    yield
    assert not errors, errors


@pytest.fixture
def hotel(db):
    UserFactory(username="insp_zhao", first_name="赵文", password=PASSWORD, role="inspector")
    UserFactory(username="insp_qian", first_name="钱敏", password=PASSWORD, role="inspector")
    return EstablishmentFactory(name=HOTEL)


def open_entry_form(page: Page, base_url: str, unit) -> None:
    page.set_viewport_size(IPAD)
    page.set_default_timeout(10_000)
    log_in(page, base_url, "insp_zhao", PASSWORD)
    page.goto(f"{base_url}{reverse('inspections:inspection_add')}?establishment={unit.pk}")
    expect(page.get_by_role("heading", name="登记监督检查")).to_be_visible()


def type_inspection(page: Page, findings: str) -> None:
    page.get_by_label("钱敏").check()
    page.get_by_label("检查类型").select_option(label="日常监督")
    page.get_by_label("单位在场人员").fill("前台经理孙某")
    page.get_by_label("检查情况").fill(findings)
    page.wait_for_timeout(600)  # the draft is written 0.3 s after the last key


def test_a_typed_inspection_is_offered_back_and_restored_with_its_scores(
    live_server, tablet, hotel
):
    page = tablet
    open_entry_form(page, live_server.url, hotel)
    url = page.url
    type_inspection(page, "客房床上用品更换及时。")
    page.get_by_label("评分表").select_option(label=CHECKLIST)  # reloads with the items
    rows = page.locator("#inspection-form .score-row")
    expect(rows).to_have_count(15)
    rows.first.get_by_role("spinbutton").fill("5")
    rows.first.get_by_placeholder("扣分说明").fill("布草间未分类存放")
    page.wait_for_timeout(600)

    # The page opened again (a reload, or after signing in): the draft is offered.
    page.goto(url)
    offer = page.locator("[data-draft-offer]")
    expect(offer).to_contain_text("发现未提交的草稿（")
    expect(page.get_by_label("检查情况")).to_have_value("")
    shot(page, "drafts-offer")
    offer.get_by_role("button", name="恢复").click()
    # The checklist is loaded again and its rows restored too.
    expect(page.locator("#inspection-form .score-row")).to_have_count(15)
    expect(page.get_by_label("检查情况")).to_have_value("客房床上用品更换及时。")
    expect(page.get_by_label("单位在场人员")).to_have_value("前台经理孙某")
    expect(page.get_by_label("钱敏")).to_be_checked()
    first = page.locator("#inspection-form .score-row").first
    expect(first.get_by_role("spinbutton")).to_have_value("5")
    expect(first.get_by_placeholder("扣分说明")).to_have_value("布草间未分类存放")
    expect(page.get_by_role("status").filter(has_text="已恢复草稿")).to_be_visible()
    shot(page, "drafts-restored")

    # Discarding: the next visit offers nothing.
    page.goto(url)
    page.locator("[data-draft-offer]").get_by_role("button", name="丢弃").click()
    page.goto(url)
    page.wait_for_timeout(300)
    expect(page.locator("[data-draft-offer]")).to_have_count(0)


def test_a_session_ended_mid_form_signs_in_in_place_and_saves_once(live_server, tablet, hotel):
    page = tablet
    open_entry_form(page, live_server.url, hotel)
    type_inspection(page, "二楼客房检查完毕，消毒记录齐全。")
    # The session ends (idle limit, or signed out elsewhere): its cookie is gone.
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="保存检查记录").click()

    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("请重新登录")
    expect(dialog.get_by_label("用户名")).to_have_value("insp_zhao")
    shot(page, "drafts-signin")
    dialog.get_by_label("密码").fill("wrong-password")
    dialog.get_by_role("button", name="登录并提交").click()
    expect(dialog.locator(".form-errors")).to_be_visible()
    assert not Inspection.objects.exists()
    dialog.get_by_label("密码").fill(PASSWORD)
    dialog.get_by_role("button", name="登录并提交").click()

    expect(page).to_have_url(SAVED)
    expect(page.get_by_role("status").first).to_contain_text("已登记检查")
    inspection = Inspection.objects.get()
    assert inspection.findings == "二楼客房检查完毕，消毒记录齐全。"
    assert inspection.person_present == "前台经理孙某"
    assert {u.username for u in inspection.inspectors.all()} == {"insp_zhao", "insp_qian"}
    # The draft is gone with the save: the form opened again offers nothing.
    page.goto(f"{live_server.url}{reverse('inspections:inspection_add')}?establishment={hotel.pk}")
    page.wait_for_timeout(300)
    expect(page.locator("[data-draft-offer]")).to_have_count(0)


def test_signing_in_as_someone_else_does_not_send_the_form_in_their_name(
    live_server, tablet, hotel
):
    page = tablet
    open_entry_form(page, live_server.url, hotel)
    type_inspection(page, "赵文录入的内容。")
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="保存检查记录").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("用户名").fill("insp_qian")
    dialog.get_by_label("密码").fill(PASSWORD)
    dialog.get_by_role("button", name="登录并提交").click()
    expect(page.get_by_role("alert").filter(has_text="另一个账号")).to_be_visible()
    expect(page.get_by_label("检查情况")).to_have_value("赵文录入的内容。")
    assert not Inspection.objects.exists()


def test_no_network_keeps_the_input_and_sends_it_once_when_back(live_server, tablet, hotel):
    page = tablet
    open_entry_form(page, live_server.url, hotel)
    type_inspection(page, "地下室无信号处检查。")
    page.context.set_offline(True)
    page.get_by_role("button", name="保存检查记录").click()
    notice = page.locator("[data-draft-offline]")
    expect(notice).to_contain_text("网络不可用，已保存在本机，恢复网络后将自动提交")
    expect(page.get_by_label("检查情况")).to_have_value("地下室无信号处检查。")
    shot(page, "drafts-offline")
    # Pressed again while waiting: still one record in the end.
    page.get_by_role("button", name="保存检查记录").click()
    assert not Inspection.objects.exists()

    page.context.set_offline(False)  # the browser fires "online": the form is sent again
    expect(page).to_have_url(SAVED)
    page.wait_for_timeout(500)
    assert Inspection.objects.count() == 1
    assert Inspection.objects.get().findings == "地下室无信号处检查。"


def test_back_and_save_after_saving_records_one_visit(live_server, tablet, hotel):
    page = tablet
    open_entry_form(page, live_server.url, hotel)
    type_inspection(page, "一次检查。")
    page.get_by_role("button", name="保存检查记录").click()
    expect(page).to_have_url(SAVED)
    assert Inspection.objects.count() == 1

    page.go_back()  # the browser shows the form as it was, typed values and all
    expect(page.get_by_role("heading", name="登记监督检查")).to_be_visible()
    page.get_by_role("button", name="保存检查记录").click()
    expect(page).to_have_url(SAVED)
    expect(page.get_by_text("此表单已提交过")).to_be_visible()
    shot(page, "drafts-back-save")
    assert Inspection.objects.count() == 1
    assert not ChecklistScore.objects.exists()


def test_an_opinion_with_rows_added_is_restored_row_for_row_and_issued_once(
    live_server, tablet, hotel
):
    page = tablet
    page.set_viewport_size(IPAD)
    me = UserFactory._meta.model.objects.get(username="insp_zhao")
    other = UserFactory._meta.model.objects.get(username="insp_qian")
    inspection = record(establishment=hotel, team=[me, other])
    log_in(page, live_server.url, "insp_zhao", PASSWORD)
    url = f"{live_server.url}{reverse('inspections:opinion_issue', args=[inspection.pk])}"
    page.goto(url)
    rows = [("布草间未分类", "分类存放"), ("消毒记录不全", "补全记录"), ("无禁烟标识", "张贴标识")]
    page.get_by_role("button", name="添加一行").click()  # two rows on the page, three typed
    for index, (problem, requirement) in enumerate(rows):
        page.locator(f'[name="items-{index}-problem"]').fill(problem)
        page.locator(f'[name="items-{index}-requirement"]').fill(requirement)
    page.wait_for_timeout(600)

    page.goto(url)
    page.locator("[data-draft-offer]").get_by_role("button", name="恢复").click()
    for index, (problem, requirement) in enumerate(rows):
        expect(page.locator(f'[name="items-{index}-problem"]')).to_have_value(problem)
        expect(page.locator(f'[name="items-{index}-requirement"]')).to_have_value(requirement)
    shot(page, "drafts-opinion-restored")
    page.locator("form[data-draft] button.primary").click()
    expect(page).to_have_url(re.compile(r"/opinions/\d+/$"))
    opinion = SupervisionOpinion.objects.get()
    assert [(i.problem, i.requirement) for i in opinion.items.all()] == rows
