"""core/uploads.py: what an uploaded file holds, judged through the whole file. Photos and
evidence both go through it (tests/inspections/test_photo_limits.py,
tests/penalties/test_evidence_files.py check it through their pages and the API)."""

import pytest
from django.core.exceptions import ValidationError
from PIL import ImageFile

from core import uploads
from tests.uploads import (
    HTML,
    LoadSpy,
    docx_bytes,
    docx_with_remote_template,
    huge_png,
    image_bytes,
    noisy_image,
    package,
    png_claiming,
    truncated,
    with_parts,
    xlsx_bytes,
    xlsx_with_external_link,
)

NOT_IMAGE = "不是图片"


def message(exc: pytest.ExceptionInfo, field="file") -> str:
    errors = exc.value.message_dict
    assert list(errors) == [field], errors
    return " ".join(errors[field])


def refused(data: bytes) -> str:
    with pytest.raises(ValidationError) as exc:
        uploads.detect_type(data, field="file")
    return message(exc)


# ---------------------------------------------------------------- images


@pytest.mark.parametrize("fmt, ext", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_complete_images_are_decoded_and_typed_by_their_content(fmt, ext):
    data = image_bytes(fmt)
    image = uploads.decode_image(data, field="image", invalid=NOT_IMAGE)
    red, green, blue = image.convert("RGB").getpixel((20, 15))  # WebP is lossy: about red
    assert image.size == (40, 30) and red > 240 and green < 16 and blue < 16
    assert uploads.detect_type(data, field="file") == ext


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_pixel_count_is_refused_from_the_header_before_any_decoding(monkeypatch, settings):
    """A header claiming 12,000 × 12,000 over almost no data: refused with the size named,
    and nothing decoded (the spy fails the test on any ``load()``)."""
    spy = LoadSpy(monkeypatch)
    with pytest.raises(ValidationError) as exc:
        uploads.decode_image(png_claiming(12_000, 12_000), field="image", invalid=NOT_IMAGE)
    assert message(exc, "image") == (
        "图片像素过多（12000×12000，上限 4000 万像素），请缩小后再上传。"
    )
    assert spy.calls == []
    # A real, complete picture of that size (17 KB as a 1-bit PNG) is refused the same way.
    with pytest.raises(ValidationError) as exc:
        uploads.decode_image(huge_png(), field="image", invalid=NOT_IMAGE)
    assert "12000×12000" in message(exc, "image") and spy.calls == []


def test_pixel_limit_is_a_setting_and_counts_width_times_height(settings):
    settings.IMAGE_MAX_PIXELS = 40 * 30
    assert uploads.decode_image(image_bytes(size=(40, 30)), field="image", invalid=NOT_IMAGE)
    with pytest.raises(ValidationError) as exc:
        uploads.decode_image(image_bytes(size=(41, 30)), field="image", invalid=NOT_IMAGE)
    assert "41×30，上限 1200 像素" in message(exc, "image")
    settings.IMAGE_MAX_PIXELS = 250_000_000
    with pytest.raises(ValidationError) as exc:  # past Pillow's own bomb limit: same refusal
        uploads.decode_image(png_claiming(20_000, 20_000), field="image", invalid=NOT_IMAGE)
    assert "图片像素过多" in message(exc, "image")


@pytest.mark.parametrize("tolerant", [False, True], ids=["fresh", "after-a-pdf"])
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_images_are_refused(fmt, tolerant, monkeypatch):
    """Also once the process has made a PDF: WeasyPrint's import turns Pillow's global
    LOAD_TRUNCATED_IMAGES on (a cut-off JPEG would then load, padded). The checks turn it
    off for themselves and leave it as they found it."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", tolerant)
    data = noisy_image(fmt)
    assert uploads.decode_image(data, field="image", invalid=NOT_IMAGE).size == (200, 150)
    with pytest.raises(ValidationError) as exc:
        uploads.decode_image(truncated(data), field="image", invalid=NOT_IMAGE)
    assert message(exc, "image") == NOT_IMAGE
    label = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}[fmt]
    assert f"{label} 图片不完整、已损坏或内容与类型不符" in refused(truncated(data))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is tolerant


def test_a_pdf_library_turning_tolerance_on_during_a_check_makes_it_check_again(monkeypatch):
    """WeasyPrint imported for the first time (by another thread) while an upload is being
    decoded: the decode that may have been tolerant is done again, strictly."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    calls = []

    def decode():
        calls.append(ImageFile.LOAD_TRUNCATED_IMAGES)
        if len(calls) == 1:
            ImageFile.LOAD_TRUNCATED_IMAGES = True  # what `import weasyprint` does
        return "decoded"

    assert uploads._strictly(decode) == "decoded"
    assert calls == [False, False] and ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_image_magic_bytes_in_front_of_html_are_not_an_image():
    for magic in (uploads.JPEG_MAGIC + b"\xe0", uploads.PNG_MAGIC, b"RIFF\x00\x00\x00\x00WEBPVP8 "):
        assert "图片不完整、已损坏或内容与类型不符" in refused(magic + HTML)


def test_only_jpeg_png_and_webp_are_parsed_as_images():
    with pytest.raises(ValidationError):
        uploads.decode_image(image_bytes("GIF"), field="image", invalid=NOT_IMAGE)
    assert uploads.detect_type(image_bytes("GIF"), field="file") is None
    assert uploads.detect_type(image_bytes("BMP"), field="file") is None


# ---------------------------------------------------------------- PDF, audio, video


def test_a_pdf_needs_its_header_and_its_end_mark():
    pdf = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert uploads.detect_type(pdf, field="file") == "pdf"
    assert uploads.detect_type(pdf + b"\x00" * 512, field="file") == "pdf"  # trailing padding
    assert "PDF 文件不完整或已损坏" in refused(truncated(pdf, 0.7))
    assert "PDF 文件不完整或已损坏" in refused(b"%PDF-1.4\n" + HTML)
    assert uploads.detect_type(HTML + pdf, field="file") is None  # must start with %PDF-


def test_audio_and_video_keep_their_signature_check_only():
    assert uploads.detect_type(b"ID3\x04\x00" + b"\x00" * 64, field="file") == "mp3"
    assert uploads.detect_type(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, field="file") == "mp4"
    assert uploads.detect_type(b"MZ\x90\x00" + b"\x00" * 64, field="file") is None


# ---------------------------------------------------------------- Word and Excel


def test_word_and_excel_packages_are_typed_by_their_parts_not_their_name():
    assert uploads.detect_type(docx_bytes(), field="file") == "docx"
    assert uploads.detect_type(xlsx_bytes(), field="file") == "xlsx"


def test_a_zip_that_is_no_office_package_is_refused():
    broken = "Word/Excel 文档已损坏或不是有效的 DOCX/XLSX 文件"
    assert broken in refused(b"PK\x03\x04" + b"\x00" * 40)
    assert broken in refused(truncated(docx_bytes(), 0.5))
    assert broken in refused(package({"word/document.xml": "<w/>"}))  # no [Content_Types].xml
    assert broken in refused(package({"[Content_Types].xml": "<Types/>", "a.html": HTML}))


def test_macros_are_refused():
    docm = docx_bytes(
        {
            "[Content_Types].xml": '<Types><Override PartName="/word/document.xml" ContentType='
            '"application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
            "word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 64,
        }
    )
    assert "文档含有宏" in refused(docm)
    assert "文档含有宏" in refused(with_parts(xlsx_bytes(), {"xl/vbaProject.bin": b"\x00"}))


def test_external_links_are_refused():
    assert "Excel 文档含有外部链接" in refused(xlsx_with_external_link())
    assert "Excel 文档含有外部链接" in refused(
        with_parts(xlsx_bytes(), {"xl/externalLinks/externalLink1.xml": "<externalLink/>"})
    )
    assert "Word 文档含有外部链接" in refused(docx_with_remote_template())
    # The attribute is read as XML, so a character reference does not hide it.
    assert "Word 文档含有外部链接" in refused(docx_with_remote_template(mode="&#69;xternal"))
    # Any relationship leaving the package counts, a cell's hyperlink included.
    assert "Excel 文档含有外部链接" in refused(xlsx_bytes(hyperlink="http://example.com/"))
    # An internal relationship is fine.
    assert uploads.detect_type(docx_with_remote_template(mode="Internal"), field="file") == "docx"


def test_a_package_with_too_many_entries_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(uploads, "OFFICE_MAX_ENTRIES", 5)
    data = docx_bytes({f"word/media/{n}.xml": "<x/>" for n in range(5)})
    assert "条目过多" in refused(data)


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    "original, ext, expected",
    [
        ("检查笔录.html", "jpg", "检查笔录.jpg"),
        ("x.html", "jpg", "x.jpg"),
        ("现场笔录.pdf", "pdf", "现场笔录.pdf"),
        ("a.tar.html", "png", "a.tar.png"),
        ("无扩展名", "docx", "无扩展名.docx"),
        (".html", "jpg", "文件.jpg"),
        ("", "pdf", "文件.pdf"),
    ],
)
def test_download_name_keeps_the_stem_and_takes_the_detected_extension(original, ext, expected):
    assert uploads.download_name(original, ext) == expected
