"""Uploaded files judged by what they hold, never by their name or first bytes alone.

One place for the checks that inspection photos (``inspections.services.photo_add``) and
case evidence (``penalties.services.evidence_add``) share:

- ``decode_image``: the pixel count is read from the header (``Image.open`` decodes
  nothing) and refused above ``settings.IMAGE_MAX_PIXELS`` before any pixel is decoded;
  then the whole image is verified and decoded, so a truncated or disguised file is refused.
- ``detect_type``: the type of a file from its whole content: images decoded as above, a
  PDF with its header and end-of-file mark, a Word/Excel file as a valid zip package with
  its parts and no macros or external links, MP3/MP4 by their signature only (not decoded).
- ``download_name`` and ``CONTENT_TYPES``: a file is served under the type that was
  detected, whatever name it came with.

Every refusal is a ``ValidationError`` naming the form field, with a message for the user.
"""

import io
import threading
import zipfile
from typing import NoReturn
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile, UnidentifiedImageError

# Pillow format -> stored extension. Only these formats are even parsed.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "mp3": "audio/mpeg",
    "mp4": "video/mp4",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TYPE_LABELS = {
    "pdf": "PDF",
    "jpg": "JPEG",
    "png": "PNG",
    "webp": "WebP",
    "mp3": "MP3",
    "mp4": "MP4",
    "docx": "Word",
    "xlsx": "Excel",
}

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ZIP_MAGIC = b"PK\x03\x04"

# A Word/Excel package: bounds on what is read of it (a real one has a few dozen parts).
OFFICE_MAX_ENTRIES = 10_000
OFFICE_MAX_PART_BYTES = 5 * 1024 * 1024  # one XML part read for the checks
PDF_EOF_WINDOW = 1024  # "%%EOF" within the last KiB, as readers tolerate


def refuse(field: str, message: str) -> NoReturn:
    raise ValidationError({field: message})


def _pixels_text(count: int) -> str:
    if count >= 10_000:
        return f"{count / 10_000:g} 万像素"
    return f"{count} 像素"


def check_pixels(width: int, height: int, *, field: str) -> None:
    """Refuse a picture larger than ``settings.IMAGE_MAX_PIXELS`` (from its header)."""
    limit = settings.IMAGE_MAX_PIXELS
    if width * height > limit:
        refuse(
            field,
            f"图片像素过多（{width}×{height}，上限 {_pixels_text(limit)}），请缩小后再上传。",
        )


_strict_lock = threading.Lock()


def _strictly(action):
    """``action()`` with Pillow's truncated-image tolerance off.

    WeasyPrint sets ``PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True`` for the whole process
    when it is first imported (the first PDF a process makes): from then on Pillow pads a
    cut-off JPEG and skips PNG checksums, and a truncated upload would pass as complete. The
    flag is global, so checks take a lock, set it off, and put back what they found (PDFs
    keep their tolerance). If WeasyPrint is first imported during a check, the flag is on
    again afterwards and the check is repeated. A refusal needs no repeat."""
    with _strict_lock:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        try:
            for _attempt in range(3):
                ImageFile.LOAD_TRUNCATED_IMAGES = False
                result = action()
                if not ImageFile.LOAD_TRUNCATED_IMAGES:
                    return result
                previous = True
            raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES keeps being turned on")
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def decode_image(data: bytes, *, field: str, invalid: str):
    """The decoded image (JPEG, PNG or WebP) held in ``data``, or a ValidationError on
    ``field``: ``invalid`` when it is no complete image of those formats, the pixel
    message when its header claims more than ``settings.IMAGE_MAX_PIXELS`` pixels (checked
    before anything is decoded, so such a file costs no memory)."""
    formats = list(IMAGE_FORMATS)
    broken = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)

    def decode():
        with Image.open(io.BytesIO(data), formats=formats) as probe:
            # Only the header has been read: the size is known, nothing is decoded yet.
            check_pixels(*probe.size, field=field)
            probe.verify()  # structure and checksums (PNG chunks' CRC), still no pixels
        image = Image.open(io.BytesIO(data), formats=formats)
        image.load()  # the whole image: a truncated or disguised file fails here
        return image

    try:
        return _strictly(decode)
    except Image.DecompressionBombError:
        # Pillow refuses by itself past twice its own limit (about 179 megapixels), before
        # the size reaches us: the same refusal.
        limit = _pixels_text(settings.IMAGE_MAX_PIXELS)
        refuse(field, f"图片像素过多（超过上限 {limit}），请缩小后再上传。")
    except broken:
        refuse(field, invalid)


# ---------------------------------------------------------------- whole-file types


def _check_pdf(data: bytes, field: str) -> str:
    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        refuse(field, "PDF 文件不完整或已损坏（缺少文件结尾标记），请重新导出后再上传。")
    return "pdf"


def _zip_entry_count(data: bytes) -> int | None:
    """The entry count the end-of-central-directory record declares (None if absent), read
    before zipfile builds an object per entry."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    return int.from_bytes(data[end + 10 : end + 12], "little")


def _read_part(package: zipfile.ZipFile, info: zipfile.ZipInfo, field: str) -> bytes:
    if info.file_size > OFFICE_MAX_PART_BYTES:
        refuse(field, "文档内部结构异常（部件过大），请另存为 PDF 后再上传。")
    with package.open(info) as part:
        return part.read(OFFICE_MAX_PART_BYTES + 1)[:OFFICE_MAX_PART_BYTES]


def _external_relationship(xml: bytes) -> bool:
    """Whether a relationships part points outside the package (TargetMode="External").
    Parsed, not searched, so character references cannot hide the attribute's value;
    expat ≥ 2.4 bounds entity expansion, and parts are size-bounded before this."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return True  # an unreadable relationships part is not trusted
    return any(
        (element.get("TargetMode") or "").strip().lower() == "external" for element in root.iter()
    )


def _check_office(data: bytes, field: str) -> str:
    broken = "Word/Excel 文档已损坏或不是有效的 DOCX/XLSX 文件，请重新保存后再上传。"
    count = _zip_entry_count(data)
    if count is None:
        refuse(field, broken)
    if count >= min(OFFICE_MAX_ENTRIES, 0xFFFF):
        refuse(field, "文档内部结构异常（条目过多），请另存为 PDF 后再上传。")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        refuse(field, broken)
    names = {info.filename.lower(): info for info in infos}  # part names ignore case
    if "[content_types].xml" not in names:
        refuse(field, broken)
    if "word/document.xml" in names:
        kind = "docx"
    elif "xl/workbook.xml" in names:
        kind = "xlsx"
    else:
        refuse(field, broken)
    try:
        content_types = _read_part(package, names["[content_types].xml"], field)
        macros = b"macroenabled" in content_types.lower() or any(
            name.endswith("vbaproject.bin") for name in names
        )
        if macros:
            refuse(field, "文档含有宏，不能作为证据上传，请另存为不含宏的 DOCX/XLSX 或 PDF。")
        external = any(name.startswith("xl/externallinks/") for name in names) or any(
            _external_relationship(_read_part(package, info, field))
            for name, info in names.items()
            if name.endswith(".rels")
        )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        refuse(field, broken)
    if external:
        refuse(
            field,
            f"{TYPE_LABELS[kind]} 文档含有外部链接（链接到其他文件或网址），"
            "请删除外部链接或另存为 PDF 后再上传。",
        )
    return kind


def detect_type(data: bytes, *, field: str) -> str | None:
    """The extension of what ``data`` holds (a key of CONTENT_TYPES), checked through the
    whole file; None when it is none of the kinds kept. Refusals of a damaged or unsafe
    file of a known kind raise a ValidationError on ``field``."""
    if data.startswith(b"%PDF-"):
        return _check_pdf(data, field)
    if data.startswith(JPEG_MAGIC):
        magic = "jpg"
    elif data.startswith(PNG_MAGIC):
        magic = "png"
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        magic = "webp"
    else:
        magic = None
    if magic:
        image = decode_image(
            data,
            field=field,
            invalid=f"{TYPE_LABELS[magic]} 图片不完整、已损坏或内容与类型不符，请重新导出后再上传。",
        )
        return IMAGE_FORMATS[image.format]
    if data.startswith(ZIP_MAGIC):
        return _check_office(data, field)
    # Audio and video keep their signature check only: they are not decoded.
    if data[4:8] == b"ftyp":
        return "mp4"
    if data.startswith(b"ID3"):
        return "mp3"
    return None


def download_name(original: str, ext: str, *, fallback: str = "文件") -> str:
    """The name a stored file is offered under: the stem the user gave, the extension of
    the type detected (``x.html`` holding a JPEG is offered as ``x.jpg``)."""
    stem = original.rsplit(".", 1)[0] if "." in original else original
    stem = stem.strip(" .") or fallback
    return f"{stem}.{ext}"
