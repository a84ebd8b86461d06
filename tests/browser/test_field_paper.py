"""The on-site paper, made and signed on the tablet (768 × 1024), in a real browser (#15).

An inspector makes the 现场笔录 of a visit from its inspection page: it opens with the
inspection's facts. The facts are completed, then the shop manager and both officers sign
with the pointer on the signature pad (an empty pad is refused on the pad). With the last
signature the record is frozen: no edit any more. The PDF prints the three signatures,
the officers' 执法证号, the signing times and the content's SHA-256.
"""

import datetime
import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.models import OfficerCertificate
from inspections.models import OnSiteRecord, ProblemType
from tests.browser.helpers import log_in, shot
from tests.factories import EstablishmentFactory, UserFactory
from tests.inspections.factories import record

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "inspector-pass-2024"
UNIT = "悦来理发店"


@pytest.fixture
def browser_context_args(browser_context_args):
    """A smaller tablet held upright."""
    return {**browser_context_args, "viewport": {"width": 768, "height": 1024}}


def certify(user, number):
    OfficerCertificate.objects.create(
        user=user,
        number=number,
        issued_by="县卫生健康局",
        valid_from=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2028, 12, 31),
    )


def draw(page: Page, strokes=3):
    """A signature drawn with the pointer across the pad."""
    pad = page.locator("canvas[data-signature-pad]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    x0, y0, w, h = box["x"], box["y"], box["width"], box["height"]
    for n in range(strokes):
        page.mouse.move(x0 + w * (0.1 + 0.25 * n), y0 + h * 0.7)
        page.mouse.down()
        for step in range(1, 9):
            page.mouse.move(
                x0 + w * (0.1 + 0.25 * n + 0.025 * step),
                y0 + h * (0.7 - 0.5 * (step % 2)),
                steps=3,
            )
        page.mouse.up()


def pdf_pages_text(content: bytes) -> tuple[str, int]:
    """The PDF's text (raw order) and how many images it holds."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.pdf"
        path.write_bytes(content)
        text = subprocess.run(
            ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        listing = subprocess.run(
            ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        # Each drawn PNG is an image and its transparency (an "smask"): count the images.
        images = [row for row in listing if row.split()[2] == "image"]
        keep = os.environ.get("SCREENSHOTS")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            (Path(keep) / "paper-record.pdf").write_bytes(content)
    return re.sub(r"\s+", "", text), len(images)


def test_inspector_makes_and_signs_the_onsite_record(live_server, tablet: Page):
    page = tablet
    chen = UserFactory(
        username="inspector_chen", first_name="陈志强", password=PASSWORD, role="inspector"
    )
    lin = UserFactory(username="inspector_lin", first_name="林慧敏", role="inspector")
    certify(chen, "湘卫执 0431001")
    certify(lin, "湘卫执 0431002")
    problem, _ = ProblemType.objects.get_or_create(
        code="no-disinfection", defaults={"name": "无消毒间"}
    )
    visit = record(
        establishment=EstablishmentFactory(name=UNIT),
        team=[chen, lin],
        findings="理发工具未分类存放。",
        problems=[problem],
    )

    log_in(page, live_server.url, "inspector_chen", PASSWORD)
    page.goto(live_server.url + visit.get_absolute_url())
    expect(page.get_by_test_id("certificate-warning")).to_have_count(0)
    page.get_by_role("link", name="制作现场笔录").click()
    expect(page.get_by_label("现场笔录")).to_be_checked()
    page.get_by_role("button", name="制作").click()

    # Made from the inspection's facts.
    expect(page.get_by_role("heading", name=f"现场笔录 {UNIT}")).to_be_visible()
    expect(page.get_by_text("理发工具未分类存放。")).to_be_visible()
    expect(page.get_by_text("陈志强（执法证号 湘卫执 0431001）", exact=False)).to_be_visible()
    page.get_by_role("link", name="修改", exact=True).click()
    facts = page.get_by_label("现场检查情况")
    facts.fill(facts.input_value() + "\n消毒柜未通电。")
    shot(page, "paper-edit")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("消毒柜未通电。")).to_be_visible()

    # The party signs; an empty pad is refused on the pad.
    page.get_by_role("link", name="签名", exact=True).click()
    expect(page.get_by_label("签名人姓名")).to_have_value("店长王某")
    expect(page.get_by_label("执法人员", exact=True)).to_be_hidden()
    page.get_by_role("button", name="确认签名").click()
    expect(page.get_by_text("签名框是空的，请在框内签名。")).to_be_visible()
    draw(page)
    shot(page, "paper-sign-party")
    page.get_by_role("button", name="确认签名").click()
    expect(page.get_by_text("店长王某 已签名。")).to_be_visible()

    # Both officers sign.
    for officer in ("陈志强", "林慧敏"):
        page.get_by_label("签名人身份").select_option(label="执法人员")
        expect(page.get_by_label("签名人姓名")).to_be_hidden()
        page.get_by_label("执法人员", exact=True).select_option(label=officer)
        draw(page, strokes=2)
        page.get_by_role("button", name="确认签名").click()

    # Frozen: complete, no edit.
    expect(page.get_by_text("签名已齐全，笔录已签署完成。")).to_be_visible()
    expect(page.get_by_text("已签署", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="修改", exact=True)).to_have_count(0)
    expect(page.get_by_test_id("signatures").locator("tbody tr")).to_have_count(3)
    shot(page, "paper-signed")
    paper = OnSiteRecord.objects.get()
    assert paper.is_frozen and paper.signatures.count() == 3
    page.goto(live_server.url + reverse("inspections:record_edit", args=[paper.pk]))
    expect(page.get_by_text("该笔录已有签名，内容不能再修改")).to_be_visible()

    # The PDF: three drawn signatures, the 执法证号, the times and the hash.
    page.goto(live_server.url + paper.get_absolute_url())
    pdf_url = page.get_by_role("link", name="打印（PDF）").get_attribute("href")
    response = page.request.get(live_server.url + pdf_url)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text, images = pdf_pages_text(response.body())
    assert images == 3
    for expected in ("现场笔录", UNIT, "湘卫执0431001", "湘卫执0431002", "消毒柜未通电。"):
        assert expected in text, expected
    assert paper.content_sha256 in text
    signed = paper.signatures.order_by("signed_at").first().signed_at
    assert f"{timezone.localtime(signed):%Y-%m-%d%H:%M:%S}" in text
