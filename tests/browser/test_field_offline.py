"""The field page with the network off (issue #15): download today's units, go offline,
reload the page from the service worker's cache, record an inspection with its checklist
and a sample, see them queued, come back online and find each in the database once; a
retry after a lost answer still writes once; a follow-up of an opinion closed meanwhile
comes back as a conflict beside the queued record, and nothing is overwritten.

Service workers run on http://localhost in Chromium (a secure context)."""

import datetime
import io
import re

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from core.models import IdempotencyKey
from inspections import services
from inspections.choices import OpinionStatus
from inspections.models import Inspection, InspectionPhoto, Sample, SupervisionOpinion
from premises.services import establishment_update
from tests.browser.helpers import log_in, shot
from tests.factories import EstablishmentFactory, UserFactory, kind
from tests.inspections.factories import record

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "field-pass-2024"
POOL = "康乐游泳馆"
BARBER = "城南理发店"
CHECKLIST = "公共场所日常监督检查表（第1版）"
IPAD = {"width": 768, "height": 1024}
# What the browser logs on purpose here: requests made while offline, or aborted by the
# test (a lost answer), and the refusals the page shows as conflicts.
EXPECTED = re.compile(
    r"net::ERR_(INTERNET_DISCONNECTED|FAILED|NETWORK_CHANGED)|status of (400|409)\b"
)


@pytest.fixture(autouse=True)
def _no_console_errors(page):
    """As tests/browser/conftest.py's, but the network failures this test causes on
    purpose are expected; a script error or a policy refusal still fails it."""
    errors = []

    def console(message):
        if message.type == "error" and not EXPECTED.search(message.text):
            errors.append(f"{page.url}: {message.text} {message.location}")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    yield
    assert not errors, errors


@pytest.fixture
def team(db):
    me = UserFactory(
        username="field_wang", first_name="王建国", password=PASSWORD, role="inspector"
    )
    other = UserFactory(username="field_li", first_name="李红梅", role="inspector")
    return me, other


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def open_field_page(page: Page, base_url: str) -> None:
    page.set_viewport_size(IPAD)
    page.set_default_timeout(10_000)
    log_in(page, base_url, "field_wang", PASSWORD)
    page.get_by_role("link", name="外出检查（离线）").click()
    expect(page.get_by_role("heading", name="外出检查（离线）")).to_be_visible()
    # The service worker installed (the shell cached) and controlling the page.
    page.wait_for_function(
        "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)"
    )


def download(page: Page) -> None:
    page.get_by_role("button", name="下载今日任务").click()
    expect(page.locator("#field-status")).to_contain_text("已下载今日任务")


def go_offline_and_reload(page: Page) -> None:
    page.context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker and response.headers.get("weijian-offline") == "cache"
    expect(page.get_by_role("heading", name="外出检查（离线）")).to_be_visible()
    expect(page.locator("#net-state")).to_have_text("离线")


def unit_row(page: Page, name: str):
    return page.locator("#field-units > li").filter(has_text=name)


def fill_inspection(page: Page, *, checklist: bool, not_applicable: int = 0) -> None:
    entry = page.locator("#field-entry")
    expect(entry).to_be_visible()
    entry.get_by_label("李红梅").check()
    entry.get_by_label("现场负责人").fill("馆长周建华")
    entry.get_by_label("检查情况").fill("离线录入：池水清澈，证照齐全。")
    if checklist:
        entry.get_by_label("评分表", exact=True).select_option(label=CHECKLIST)
        scores = entry.locator("input[name=score]")
        expect(scores.first).to_be_visible()
        for index in range(scores.count()):
            score = scores.nth(index)
            score.fill(score.get_attribute("max"))
        for index in range(not_applicable):  # 合理缺项
            entry.get_by_role("checkbox", name="不适用").nth(index).check()


def queued(page: Page):
    return page.locator("#field-outbox > li")


def test_a_day_offline_is_uploaded_once_when_the_network_returns(live_server, page, team):
    me, other = team
    pool = EstablishmentFactory(name=POOL, category=kind("pp.sports.swimming"))
    open_field_page(page, live_server.url)
    download(page)

    # "添加单位" before leaving: the pool, found by search.
    page.get_by_label("单位名称或统一社会信用代码").fill("康乐")
    page.get_by_role("button", name="搜索").click()
    page.locator("#field-found > li").filter(has_text=POOL).get_by_role(
        "button", name="添加"
    ).click()
    expect(unit_row(page, POOL)).to_be_visible()

    go_offline_and_reload(page)  # the page from the cache, today's units from IndexedDB
    expect(unit_row(page, POOL)).to_be_visible()
    shot(page, "field-offline-reloaded")

    unit_row(page, POOL).get_by_role("button", name="录入检查").click()
    fill_inspection(page, checklist=True, not_applicable=1)
    page.get_by_role("button", name="保存到待上传").click()
    expect(queued(page).first).to_contain_text("待上传")
    expect(page.locator("#field-status")).to_contain_text("离线")

    # Not sent yet: it may still be corrected.
    queued(page).first.get_by_role("button", name="修改").click()
    page.locator("#field-entry").get_by_label("现场负责人").fill("副馆长李强")
    page.get_by_role("button", name="保存并重新排队上传").click()
    expect(queued(page)).to_have_count(1)

    queued(page).first.get_by_role("button", name="添加样品").click()
    entry = page.locator("#field-entry")
    entry.get_by_label("样品类型").select_option("游泳池水")
    entry.get_by_label("采样地点").fill("深水区")
    entry.get_by_label(re.compile("^游离性余氯")).fill("0.5")
    entry.get_by_label(re.compile("^pH")).fill("7.2")
    page.get_by_role("button", name="保存样品到待上传").click()
    expect(queued(page)).to_have_count(2)
    expect(queued(page).nth(1)).to_contain_text("待上传（在其检查记录之后）")

    queued(page).first.get_by_role("button", name="添加照片").click()
    entry.get_by_label("照片", exact=True).set_input_files(
        files=[{"name": "pool.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    expect(entry.get_by_role("img", name="照片预览")).to_be_visible()
    entry.get_by_label("说明").fill("深水区池水")
    page.get_by_role("button", name="保存照片到待上传").click()
    expect(queued(page)).to_have_count(3)
    shot(page, "field-offline-queued")
    assert not Inspection.objects.filter(establishment=pool).exists()

    page.context.set_offline(False)  # the online event starts the upload
    expect(page.locator("#field-status")).to_contain_text("同步完成", timeout=15_000)
    expect(queued(page).nth(0)).to_contain_text("已上传")
    expect(queued(page).nth(1)).to_contain_text("已上传")
    expect(queued(page).nth(2)).to_contain_text("已上传")
    shot(page, "field-online-synced")
    inspection = Inspection.objects.get(establishment=pool)
    expect(queued(page).first.get_by_role("link", name=re.compile("已上传"))).to_have_attribute(
        "href", f"/inspections/records/{inspection.pk}/"
    )

    inspection = Inspection.objects.get(establishment=pool)
    assert set(inspection.inspectors.all()) == {me, other}
    assert inspection.person_present == "副馆长李强"
    assert inspection.scores.count() == inspection.checklist.items.count() > 0
    assert inspection.scores.filter(not_applicable=True).count() == 1
    assert Sample.objects.filter(inspection=inspection).count() == 1
    assert Sample.objects.get().results.count() == 2
    assert [p.caption for p in InspectionPhoto.objects.filter(inspection=inspection)] == [
        "深水区池水"
    ]

    page.get_by_role("button", name="同步").click()  # nothing left: nothing sent again
    expect(page.locator("#field-status")).to_contain_text("本次上传 0 条")
    assert Inspection.objects.filter(establishment=pool).count() == 1
    assert Sample.objects.count() == 1


def test_an_answer_lost_on_the_way_back_is_retried_and_written_once(live_server, page, team):
    pool = EstablishmentFactory(name=POOL, category=kind("pp.sports.swimming"))
    open_field_page(page, live_server.url)
    page.get_by_label("单位名称或统一社会信用代码").fill("康乐")
    page.get_by_role("button", name="搜索").click()
    page.locator("#field-found > li").filter(has_text=POOL).get_by_role(
        "button", name="添加"
    ).click()
    expect(unit_row(page, POOL)).to_be_visible()

    go_offline_and_reload(page)
    unit_row(page, POOL).get_by_role("button", name="录入检查").click()
    fill_inspection(page, checklist=False)
    page.get_by_role("button", name="保存到待上传").click()
    expect(queued(page)).to_have_count(1)

    posts = []

    def lose_first_answer(route):
        posts.append(route.request.headers.get("idempotency-key"))
        if len(posts) == 1:
            route.fetch()  # the request arrives and is done on the server...
            route.abort()  # ...but its answer never reaches the tablet
        else:
            route.continue_()

    page.route(re.compile(r".*/api/v1/inspections/$"), lose_first_answer)
    page.context.set_offline(False)
    expect(page.locator("#field-status")).to_contain_text("同步完成", timeout=15_000)
    expect(queued(page).first).to_contain_text("已上传")
    assert len(posts) == 2 and posts[0] == posts[1]  # sent again with the same key
    assert Inspection.objects.filter(establishment=pool).count() == 1
    assert IdempotencyKey.objects.filter(key=posts[0]).count() == 1


def test_a_follow_up_of_an_opinion_closed_meanwhile_is_a_conflict(live_server, page, team):
    me, other = team
    barber = EstablishmentFactory(name=BARBER)
    first = record(
        establishment=barber, team=[me, other], inspected_at=timezone.now() - datetime.timedelta(20)
    )
    opinion = services.opinion_issue(
        inspection=first,
        items=[("未设消毒间", "设置专用消毒间")],
        deadline=timezone.localdate(),
        user=me,
        issued_at=timezone.now() - datetime.timedelta(20),
    )
    open_field_page(page, live_server.url)
    download(page)
    expect(unit_row(page, BARBER)).to_contain_text(opinion.number)

    go_offline_and_reload(page)
    unit_row(page, BARBER).get_by_role("button", name="录入检查").click()
    entry = page.locator("#field-entry")
    expect(entry.get_by_label("检查类型")).to_have_value("follow_up")
    entry.get_by_label("整改情况").select_option(label="已整改")
    fill_inspection(page, checklist=False)
    page.get_by_role("button", name="保存到待上传").click()
    expect(queued(page)).to_have_count(1)

    # Meanwhile a colleague's follow-up closed the opinion.
    record(
        establishment=barber,
        team=[other, me],
        kind="follow_up",
        follows_opinion=opinion,
        rectified=True,
        inspected_at=timezone.now() - datetime.timedelta(hours=2),
        user=other,
    )
    closer = SupervisionOpinion.objects.get(pk=opinion.pk).closed_by_id
    count = Inspection.objects.count()

    page.context.set_offline(False)
    conflict = queued(page).first.locator(".conflict")
    expect(conflict).to_contain_text("冲突：复查意见书：")
    expect(conflict).to_contain_text("已整改关闭")
    expect(page.locator("#field-status")).to_contain_text("1 条冲突待处理")
    shot(page, "field-conflict")
    assert Inspection.objects.count() == count  # nothing written
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.CLOSED and opinion.closed_by_id == closer

    # Settled by the inspector: discarded, after confirming.
    queued(page).first.get_by_role("button", name="放弃").click()
    page.get_by_role("button", name="确认放弃").click()
    expect(queued(page).first).to_have_text("没有待上传的记录。")
    assert Inspection.objects.count() == count


def test_an_expired_session_pauses_the_upload_until_signed_in_again(live_server, page, team):
    pool = EstablishmentFactory(name=POOL, category=kind("pp.sports.swimming"))
    open_field_page(page, live_server.url)
    page.get_by_label("单位名称或统一社会信用代码").fill("康乐")
    page.get_by_role("button", name="搜索").click()
    page.locator("#field-found > li").filter(has_text=POOL).get_by_role(
        "button", name="添加"
    ).click()
    expect(unit_row(page, POOL)).to_be_visible()

    go_offline_and_reload(page)
    unit_row(page, POOL).get_by_role("button", name="录入检查").click()
    fill_inspection(page, checklist=False)
    page.get_by_role("button", name="保存到待上传").click()
    expect(queued(page)).to_have_count(1)

    Session.objects.all().delete()  # signed out while in the field (idle timeout)
    page.context.set_offline(False)
    signin = page.locator("#field-signin")
    expect(signin).to_be_visible()
    expect(signin).to_contain_text("登录已过期，上传已暂停")
    expect(queued(page).first).to_contain_text("待上传")
    shot(page, "field-signin-paused")
    assert not Inspection.objects.filter(establishment=pool).exists()

    # Signed in again in another tab; back on the field page the upload resumes.
    with page.context.expect_page() as opened:
        signin.get_by_role("link", name="重新登录").click()
    login = opened.value
    login.get_by_label("用户名").fill("field_wang")
    login.get_by_label("密码").fill(PASSWORD)
    login.get_by_role("button", name="登录").click()
    expect(login.get_by_role("heading", name="外出检查（离线）")).to_be_visible()
    login.close()
    page.get_by_role("button", name="继续上传").click()
    expect(page.locator("#field-status")).to_contain_text("同步完成")
    expect(signin).to_be_hidden()
    expect(queued(page).first).to_contain_text("已上传")
    assert Inspection.objects.filter(establishment=pool).count() == 1


def test_a_unit_changed_meanwhile_is_a_conflict_settled_by_edit_and_resend(live_server, page, team):
    me, other = team
    pool = EstablishmentFactory(name=POOL, category=kind("pp.sports.swimming"), address="旧址路1号")
    open_field_page(page, live_server.url)
    page.get_by_label("单位名称或统一社会信用代码").fill("康乐")
    page.get_by_role("button", name="搜索").click()
    page.locator("#field-found > li").filter(has_text=POOL).get_by_role(
        "button", name="添加"
    ).click()
    expect(unit_row(page, POOL)).to_contain_text("旧址路1号")

    go_offline_and_reload(page)
    unit_row(page, POOL).get_by_role("button", name="录入检查").click()
    fill_inspection(page, checklist=False)
    page.get_by_role("button", name="保存到待上传").click()
    expect(queued(page)).to_have_count(1)

    establishment_update(establishment=pool, user=other, address="新址路9号")  # meanwhile
    page.context.set_offline(False)
    conflict = queued(page).first.locator(".conflict")
    expect(conflict).to_contain_text("冲突：被检查单位：该单位在您下载后已被他人修改")
    assert not Inspection.objects.filter(establishment=pool).exists()

    # The inspector looks at the unit as it is now, then sends the inspection again.
    queued(page).first.get_by_role("button", name="修改后重发").click()
    entry = page.locator("#field-entry")
    expect(entry).to_contain_text("单位最新信息：" + POOL + " · 新址路9号")
    expect(entry.get_by_label("现场负责人")).to_have_value("馆长周建华")  # kept
    shot(page, "field-conflict-edit")
    expect(unit_row(page, POOL)).to_contain_text("新址路9号")  # today's copy follows
    page.get_by_role("button", name="保存并重新排队上传").click()
    expect(queued(page).first).to_contain_text("已上传")
    assert Inspection.objects.filter(establishment=pool).count() == 1
