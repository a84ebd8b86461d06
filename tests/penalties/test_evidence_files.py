"""Evidence files judged by their whole content and served as what they are (issue #13: a
file starting with JPEG magic bytes but holding HTML was stored as a JPEG and served as
``x.html``). Every upload is tried through the case's evidence page and through the API."""

import urllib.parse
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.uploads import JPEG_MAGIC
from penalties.choices import EvidenceKind
from penalties.models import CaseEvidence
from tests.penalties.factories import PDF_BYTES, days_ago, file_case
from tests.uploads import (
    HTML,
    LoadSpy,
    docx_bytes,
    docx_with_remote_template,
    image_bytes,
    noisy_image,
    png_claiming,
    truncated,
    xlsx_bytes,
    xlsx_with_external_link,
)

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def evidence_fields(**changes):
    return {
        "kind": EvidenceKind.DOCUMENT,
        "title": "检查笔录",
        "collected_on": days_ago(1).isoformat(),
        **changes,
    }


def via_page(client, case, name, data):
    """(status, the message on the file field or None) from the evidence page."""
    response = client.post(
        reverse("penalties:evidence_add", args=[case.pk]),
        {**evidence_fields(), "file": SimpleUploadedFile(name, data)},
    )
    if response.status_code == 302:
        return 302, None
    return response.status_code, " ".join(response.context["form"].errors.get("file", []))


def via_api(client, case, name, data):
    """(status, the message on the file field or None) from POST /api/v1/cases/{id}/evidence/."""
    response = client.post(
        reverse("case-evidence", args=[case.pk]),
        {**evidence_fields(), "file": SimpleUploadedFile(name, data)},
    )
    if response.status_code == 201:
        return 201, None
    return response.status_code, " ".join(response.json().get("file", []))


CHANNELS = pytest.mark.parametrize("send", [via_page, via_api], ids=["page", "api"])
ACCEPTED = {via_page: 302, via_api: 201}


def stored_files(settings) -> set[Path]:
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def assert_refused(send, client, case, name, data, settings, *fragments):
    before = (CaseEvidence.objects.count(), stored_files(settings))
    status, text = send(client, case, name, data)
    assert status == 400, (status, text)
    for fragment in fragments:
        assert fragment in text, text
    assert (CaseEvidence.objects.count(), stored_files(settings)) == before, "nothing is stored"


def served_name(response) -> str:
    """The file name of ``Content-Disposition``, checked to be an attachment."""
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;"), disposition
    if "filename*=utf-8''" in disposition:
        return urllib.parse.unquote(disposition.split("filename*=utf-8''", 1)[1])
    return disposition.split('filename="', 1)[1].rstrip('"')


def download(client, evidence):
    response = client.get(reverse("penalties:evidence_file", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    return response, b"".join(response.streaming_content)


@pytest.fixture
def case(db):
    return file_case()


# ---------------------------------------------------------------- refused


@CHANNELS
def test_html_behind_jpeg_magic_bytes_is_refused(send, client_as, inspector, case, settings):
    disguised = JPEG_MAGIC + b"\xe0\x00\x10JFIF\x00" + HTML
    for name in ("x.html", "现场照片.jpg"):
        assert_refused(
            send,
            client_as(inspector),
            case,
            name,
            disguised,
            settings,
            "JPEG 图片不完整、已损坏或内容与类型不符",
        )


@CHANNELS
def test_a_truncated_png_is_refused(send, client_as, inspector, case, settings):
    assert_refused(
        send,
        client_as(inspector),
        case,
        "现场照片.png",
        truncated(noisy_image("PNG")),
        settings,
        "PNG 图片不完整、已损坏或内容与类型不符",
    )


@CHANNELS
def test_a_truncated_jpeg_is_refused_after_the_process_made_a_pdf(
    send, client_as, inspector, case, settings, monkeypatch
):
    """WeasyPrint's import (the first PDF a process makes) turns Pillow's global
    LOAD_TRUNCATED_IMAGES on, which pads a cut-off JPEG into a picture: still refused."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    assert_refused(
        send,
        client_as(inspector),
        case,
        "现场照片.jpg",
        truncated(noisy_image("JPEG")),
        settings,
        "JPEG 图片不完整、已损坏或内容与类型不符",
    )


@CHANNELS
def test_an_xlsx_with_an_external_link_is_refused(send, client_as, inspector, case, settings):
    client = client_as(inspector)
    assert_refused(
        send, client, case, "台账.xlsx", xlsx_with_external_link(), settings, "含有外部链接"
    )
    assert_refused(
        send,
        client,
        case,
        "询问笔录.docx",
        docx_with_remote_template(),
        settings,
        "Word 文档含有外部链接",
    )


@CHANNELS
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_pixel_bomb_is_refused_without_being_decoded(
    send, client_as, inspector, case, settings, monkeypatch
):
    """The same check as photos (core.uploads), from the header: the spy fails on a decode."""
    spy = LoadSpy(monkeypatch)
    assert_refused(
        send,
        client_as(inspector),
        case,
        "照片.png",
        png_claiming(12_000, 12_000),
        settings,
        "图片像素过多（12000×12000，上限 4000 万像素）",
    )
    assert spy.calls == []


@CHANNELS
def test_a_pdf_without_its_end_is_refused(send, client_as, inspector, case, settings):
    assert_refused(
        send,
        client_as(inspector),
        case,
        "现场笔录.pdf",
        b"%PDF-1.4\n" + HTML,
        settings,
        "PDF 文件不完整或已损坏",
    )


# ---------------------------------------------------------------- kept and served


@CHANNELS
def test_a_real_jpeg_named_html_is_kept_and_served_as_a_jpeg(
    send, client_as, inspector, clerk, case
):
    jpeg = image_bytes("JPEG")
    status, _ = send(client_as(inspector), case, "检查笔录.html", jpeg)
    assert status == ACCEPTED[send]
    evidence = CaseEvidence.objects.get(case=case)
    assert evidence.file.name.endswith(".jpg")
    assert evidence.original_name == "检查笔录.html"  # what was uploaded, as a record

    response, content = download(client_as(clerk), evidence)
    assert content == jpeg
    assert response["Content-Type"] == "image/jpeg"
    assert served_name(response) == "检查笔录.jpg"


@pytest.mark.parametrize(
    "name, data, extension, content_type",
    [
        ("现场笔录.pdf", PDF_BYTES, "pdf", "application/pdf"),
        ("照片.webp", image_bytes("WEBP"), "webp", "image/webp"),
        ("照片.png", image_bytes("PNG"), "png", "image/png"),
        ("询问笔录.docx", docx_bytes(), "docx", DOCX_TYPE),
        ("台账.xlsx", xlsx_bytes(), "xlsx", XLSX_TYPE),
        ("台账.docx", xlsx_bytes(), "xlsx", XLSX_TYPE),  # the content decides
        ("录音.mp3", b"ID3\x04\x00" + b"\x00" * 64, "mp3", "audio/mpeg"),
    ],
)
def test_kept_files_download_as_attachments_of_their_detected_type(
    name, data, extension, content_type, client_as, inspector, case
):
    status, text = via_page(client_as(inspector), case, name, data)
    assert status == 302, text
    evidence = CaseEvidence.objects.get(case=case)
    response, content = download(client_as(inspector), evidence)
    assert content == data
    assert response["Content-Type"] == content_type
    assert served_name(response) == f"{name.rsplit('.', 1)[0]}.{extension}"


def test_evidence_stored_earlier_under_a_bad_name_downloads_under_a_safe_one(
    client_as, inspector, case
):
    """Rows kept before this check (first bytes only) may hold HTML behind JPEG magic bytes
    with an ``.html`` name: they are served as what was detected then, never as HTML."""
    evidence = CaseEvidence(
        case=case,
        kind=EvidenceKind.PHYSICAL,
        title="旧证据",
        collected_on=days_ago(50),
        original_name="x.html",
        uploaded_by=inspector,
    )
    evidence.file.save("20250101000000000000.jpg", ContentFile(JPEG_MAGIC + HTML))
    response, _ = download(client_as(inspector), evidence)
    assert response["Content-Type"] == "image/jpeg"
    assert served_name(response) == "x.jpg"

    evidence.file.save("20250101000000000001", ContentFile(HTML))  # no extension at all
    evidence.original_name = "说明.html"
    evidence.save()
    response, _ = download(client_as(inspector), evidence)
    assert response["Content-Type"] == "application/octet-stream"
    assert served_name(response) == "说明.bin"


def test_nosniff_is_on_every_response(client_as, inspector, case):
    client = client_as(inspector)
    for response in (
        client.get(case.get_absolute_url()),
        client.get(reverse("case-detail", args=[case.pk])),
        client.get(reverse("penalties:evidence_file", args=[987654])),
        client.get("/no-such-page/"),
    ):
        assert response["X-Content-Type-Options"] == "nosniff", response
