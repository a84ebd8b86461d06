"""What an uploaded .xlsx holds, measured before openpyxl reads any of it.

An .xlsx is a zip of XML parts. A few kilobytes can unpack to gigabytes, a sheet without a
``<dimension>`` can hold a million rows, a shared-strings part millions of strings: openpyxl
would read each whole (time, memory) before the import saw a row. So the upload is opened
as a zip first and measured cheaply:

* the bytes its members unpack to (declared in the zip's directory; Python's zipfile never
  unpacks more than a member declares) against ``IMPORT_MAX_UNCOMPRESSED_BYTES``, and each
  part openpyxl parses whole (workbook, styles, relationships...) against
  :data:`PART_MAX_BYTES`;
* the shared strings (the ``uniqueCount`` the part declares, then its ``<si>`` elements
  counted as bytes stream past) against ``IMPORT_MAX_SHARED_STRINGS``;
* the rows of the first worksheet, counted the way openpyxl numbers them (an ``r``
  attribute jumps ahead, so one ``<row r="1000000">`` is a million rows to read) against
  ``IMPORT_MAX_ROWS``, whatever the sheet's dimension says.

Counting scans the raw bytes with a regular expression (a tag cannot hide inside text: ``<``
is always escaped there), stopping as soon as a limit is passed, so a bomb is refused after
reading at most about a limit's worth. The counts also tell the import page whether the
file is large enough for a background job. The reader (core.imports) stops at the row limit
too, should a crafted file count differently here than in openpyxl.
"""

import posixpath
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from openpyxl.packaging.manifest import Manifest
from openpyxl.reader.excel import _find_workbook_part
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS
from openpyxl.xml.functions import fromstring

CHUNK = 1 << 20
# Parts openpyxl parses whole into memory (all but the worksheets and the shared strings,
# which are streamed): a data sheet's workbook, styles or relationships are kilobytes.
PART_MAX_BYTES = 8 * 1024 * 1024
# A file unpacking to more than this is imported as a job whatever its rows (much XML
# besides them: other sheets, styles); the 10,000-row bench workbook unpacks to 5 MB.
BACKGROUND_UNPACKED_BYTES = 16 * 1024 * 1024
PARSED_WHOLE = (".xml", ".rels", ".vml")
UNREADABLE = "无法读取该文件：它不是有效的 .xlsx 格式 Excel 文件。"

_PREFIX = rb"<(?:[A-Za-z_][\w.\-]*:)?"
ROW_TAG = re.compile(_PREFIX + rb"row(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["']\s*([0-9]+)""")
STRING_TAG = re.compile(_PREFIX + rb"si(?=[\s/>])")
STRINGS_HEAD = re.compile(_PREFIX + rb"sst\b[^>]*?\suniqueCount\s*=\s*[\"']\s*([0-9]+)")
SHEET_PART = re.compile(r"(^|/)worksheets/[^/]+\.xml$")


class UploadRefused(Exception):
    """The upload is over a limit (the message says which, in Chinese) or cannot be read."""


@dataclass(frozen=True)
class UploadShape:
    rows: int  # data rows of the first worksheet (after its header row), as openpyxl reads them
    unpacked_bytes: int  # what all members unpack to
    shared_strings: int


def measure_upload(upload) -> UploadShape | None:
    """Measure ``upload`` (a file object, left at its start) against the limits; raises
    UploadRefused. None when it is no zip at all (the reader says so)."""
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        upload.seek(0)
        return None
    try:
        return _measure(archive)
    except UploadRefused:
        raise
    except Exception:  # noqa: BLE001 - a damaged part, an unknown compression, encryption...
        raise UploadRefused(UNREADABLE) from None
    finally:
        archive.close()
        upload.seek(0)


def _measure(archive: zipfile.ZipFile) -> UploadShape:
    members = archive.infolist()
    unpacked = sum(m.file_size for m in members)
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    if unpacked > limit:
        raise UploadRefused(
            f"文件解压后过大（{_mb(unpacked)}），上限为 {_mb(limit)}。"
            "请删除多余的工作表、图片和格式，或分成几个文件导入。"
        )
    sheet, strings = _first_sheet_and_strings(archive)
    streamed = {strings} | {m.filename for m in members if SHEET_PART.search(m.filename)}
    for member in members:
        name = member.filename
        if name.lower().endswith(PARSED_WHOLE) and name not in streamed:
            if member.file_size > PART_MAX_BYTES:
                raise UploadRefused(
                    f"文件结构异常：其中的“{name[:80]}”解压后达 {_mb(member.file_size)}"
                    f"（上限 {_mb(PART_MAX_BYTES)}），不是常规的数据表格。"
                    "请将数据复制到下载的导入模板中再导入。"
                )
    shared = _count_strings(archive, strings) if strings else 0
    if sheet is not None:
        rows = _count_rows(archive, sheet)
    else:  # the workbook could not be followed: the largest sheet stands for the first
        sheets = [m.filename for m in members if SHEET_PART.search(m.filename)]
        rows = max((_count_rows(archive, name) for name in sheets), default=0)
    return UploadShape(rows=rows, unpacked_bytes=unpacked, shared_strings=shared)


def _first_sheet_and_strings(archive) -> tuple[str | None, str | None]:
    """The member openpyxl reads as ``worksheets[0]`` and the shared-strings member, found
    the way openpyxl finds them (content types, workbook, its relationships); (None, None)
    when the package cannot be followed."""
    names = set(archive.namelist())
    try:
        if archive.getinfo(ARC_CONTENT_TYPES).file_size > PART_MAX_BYTES:
            return None, None
        manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
        strings = manifest.find(SHARED_STRINGS)
        strings = strings.PartName[1:] if strings is not None else None
        workbook = _find_workbook_part(manifest).PartName[1:]
        if archive.getinfo(workbook).file_size > PART_MAX_BYTES:
            return None, strings
        parser = WorkbookParser(archive, workbook, keep_links=False)
        parser.parse()
        for _sheet, rel in parser.find_sheets():
            if rel.target in names and "chartsheet" not in (rel.Type or ""):
                return rel.target, strings
        return None, strings
    except Exception:  # noqa: BLE001 - any oddity: fall back to measuring every sheet
        worksheets = [n for n in names if SHEET_PART.search(n)]
        strings = next((n for n in names if posixpath.basename(n) == "sharedStrings.xml"), None)
        return (worksheets[0] if len(worksheets) == 1 else None), strings


def _scan(archive, name, pattern):
    """Yield every match of ``pattern`` (a tag) in member ``name``, streaming its bytes."""
    tail = b""
    with archive.open(name) as source:
        while chunk := source.read(CHUNK):
            buffer = tail + chunk
            # A tag ends before the next "<" ("<" is never inside text or an attribute
            # value): matches end before the chunk's last "<", what follows it may be cut
            # and waits for the next chunk.
            cut = buffer.rfind(b"<", len(tail))
            if cut < 0:
                cut = 0 if tail else len(buffer)
            yield from pattern.finditer(buffer, 0, cut)
            tail = buffer[cut:]
            if len(tail) > 2 * CHUNK:  # no tag counted here is this long
                tail = b""
    yield from pattern.finditer(tail)


def _count_strings(archive, name) -> int:
    """The shared strings (``<si>`` elements); refused at once when the part declares
    more than the limit (Excel writes the true number), else counted."""
    limit = settings.IMPORT_MAX_SHARED_STRINGS
    with archive.open(name) as source:
        head = STRINGS_HEAD.search(source.read(4096))
    count = int(head.group(1)) if head else 0
    if count <= limit:
        count = 0
        for _match in _scan(archive, name, STRING_TAG):
            count += 1
            if count > limit:
                break
    if count > limit:
        raise UploadRefused(
            f"文件中的不重复文字过多（超过 {limit:,} 条），上限为 {limit:,} 条。请分成几个文件导入。"
        )
    return count


def _count_rows(archive, name) -> int:
    """Data rows of the sheet ``name`` as openpyxl yields them: a row numbered ``r`` is
    row r, one without is the row after the last; the header row is not counted."""
    limit = settings.IMPORT_MAX_ROWS
    counter = last = 0
    for match in _scan(archive, name, ROW_TAG):
        number = ROW_NUMBER.search(match.group(1))
        counter = int(number.group(1)) if number else counter + 1
        last = max(last, counter)
        if last - 1 > limit:
            raise UploadRefused(too_many_rows(limit))
    return max(0, last - 1)


def too_many_rows(limit: int) -> str:
    return (
        f"文件的数据行超过上限 {limit:,} 行（空行也计入；如表格下方有多余的内容或格式，请删除）。"
        "请分成几个文件导入。"
    )


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"
