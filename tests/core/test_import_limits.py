"""Import bombs: an .xlsx is measured before anything reads it (core/import_limits.py).

Files over a limit (rows, what the zip unpacks to, shared strings) are refused at once with
a message naming the limit, without openpyxl opening them; large ones go to a background
job, counted from the rows themselves, not from a dimension that may be missing or wrong;
a refusal lists the first IMPORT_MAX_ERRORS problems and counts them all, on the page and
in the job, whose row stays small. The limits are set low here so the files stay small;
the last test measures a bench-sized workbook with the real defaults."""

import datetime
import io
import json
import sys
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import imports
from core.import_limits import measure_upload
from core.imports import CellError, ImportFailed, parse_text
from core.models import Job, JobStatus
from premises.imports import EstablishmentImporter
from premises.models import Establishment
from tests.factories import valid_credit_code
from tests.premises.test_imports import UNIT_HEADERS, unit_row, xlsx

pytestmark = pytest.mark.django_db
IMPORT_URL = "premises:establishment_import"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


# ---------------------------------------------------------------- files written by hand


def _cell(value) -> str:
    if isinstance(value, int):
        return f"<c><v>{value}</v></c>"
    if isinstance(value, datetime.date):
        return f'<c t="inlineStr"><is><t>{value.isoformat()}</t></is></c>'
    if value is None:
        return ""
    return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(rows, *, dimension=None, numbered=()) -> bytes:
    """A worksheet of ``rows`` (lists of values), no <dimension> unless given; rows listed
    in ``numbered`` ({index: r}) carry that row number."""
    body = []
    for index, row in enumerate(rows):
        r = f' r="{numbered[index]}"' if index in numbered else ""
        body.append(f"<row{r}>{''.join(_cell(v) for v in row)}</row>")
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{dim}'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    ).encode()


def raw_xlsx(sheet: bytes, *, strings: bytes | None = None, extra=None, name="units.xlsx"):
    """The smallest package openpyxl reads: content types, relationships, a workbook of one
    sheet, optionally a shared-strings part and other members."""
    overrides = (
        f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>'
    )
    rels = f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    if strings is not None:
        overrides += (
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
        )
        rels += f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    members = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            '/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/>{overrides}</Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
            f"{rels}</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
        **({"xl/sharedStrings.xml": strings} if strings is not None else {}),
        **(extra or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return SimpleUploadedFile(name, buffer.getvalue())


def good_rows(count):
    return [unit_row(valid_credit_code(), name=f"导入单位{i}") for i in range(count)]


def post(client, upload):
    """Upload, then 全部导入 on the preview (not followed: a job's redirect is seen)."""
    response = client.post(reverse(IMPORT_URL), {"file": upload})
    if response.status_code != 302 or "/imports/" not in response["Location"]:
        return response
    return client.post(response["Location"], {"action": "import", "mode": "all"})


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fails the test if the importer opens the workbook with openpyxl."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to read a file over the limits")

    monkeypatch.setattr(imports, "load_workbook", refuse)


# ---------------------------------------------------------------- refused at once


def test_rows_without_a_dimension_over_the_limit_are_refused_unread(
    client_as, clerk, township, settings, no_openpyxl
):
    settings.IMPORT_MAX_ROWS = 50
    upload = raw_xlsx(sheet_xml([UNIT_HEADERS, *good_rows(200)]))
    response = post(client_as(clerk), upload)
    assert response.status_code == 400
    page = response.content.decode()
    assert "文件的数据行超过上限 50 行" in page
    assert not Job.objects.exists() and not Establishment.objects.exists()


def test_one_row_numbered_a_million_counts_as_a_million_rows(
    client_as, clerk, township, settings, no_openpyxl
):
    settings.IMPORT_MAX_ROWS = 50
    rows = [UNIT_HEADERS, *good_rows(1)]
    upload = raw_xlsx(sheet_xml(rows, dimension="A1:H2", numbered={1: 1_000_000}))
    response = post(client_as(clerk), upload)
    assert response.status_code == 400
    assert "超过上限 50 行" in response.content.decode()


def test_the_reader_stops_at_the_row_limit_too(clerk, township, settings):
    """Should a crafted file count fewer rows in the measurement than openpyxl yields, the
    reader still stops at the limit."""
    settings.IMPORT_MAX_ROWS = 5
    upload = raw_xlsx(sheet_xml([UNIT_HEADERS, *good_rows(3)]))
    importer = EstablishmentImporter(user=clerk)
    importer.inspect = lambda upload: None  # as if the measurement had been fooled
    upload_rows = raw_xlsx(sheet_xml([UNIT_HEADERS, *good_rows(9)]))
    with pytest.raises(ImportFailed) as refused:
        importer.run(upload_rows)
    assert "超过上限 5 行" in refused.value.errors[0].message
    assert importer.run(upload) == 3


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "lying-count"])
def test_too_many_shared_strings_are_refused_unread(
    client_as, clerk, township, settings, no_openpyxl, declared
):
    settings.IMPORT_MAX_SHARED_STRINGS = 100
    count = 150 if declared else 1  # a crafted file may declare fewer than it holds
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{count}" '
        f'uniqueCount="{count}">' + "".join(f"<si><t>串{i}</t></si>" for i in range(150)) + "</sst>"
    ).encode()
    upload = raw_xlsx(sheet_xml([UNIT_HEADERS, *good_rows(2)]), strings=strings)
    response = post(client_as(clerk), upload)
    assert response.status_code == 400
    assert "不重复文字过多（超过 100 条），上限为 100 条" in response.content.decode()


def test_a_file_unpacking_to_more_than_the_limit_is_refused_unread(
    client_as, clerk, township, settings, no_openpyxl
):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 200 * 1024
    padding = b"<x>" + b" " * (300 * 1024) + b"</x>"  # 300 KB of blanks: a 1 KB zip
    upload = raw_xlsx(
        sheet_xml([UNIT_HEADERS, *good_rows(2)]), extra={"docProps/custom.xml": padding}
    )
    assert upload.size < 20 * 1024
    response = post(client_as(clerk), upload)
    assert response.status_code == 400
    assert "文件解压后过大" in response.content.decode()
    assert "上限为 200 KB" in response.content.decode()


def test_a_part_read_whole_over_its_bound_is_refused_unread(
    client_as, clerk, township, no_openpyxl
):
    styles = b"<styleSheet>" + b" " * (9 * 1024 * 1024) + b"</styleSheet>"
    upload = raw_xlsx(sheet_xml([UNIT_HEADERS, *good_rows(2)]), extra={"xl/styles.xml": styles})
    response = post(client_as(clerk), upload)
    assert response.status_code == 400
    assert "文件结构异常：其中的“xl/styles.xml”解压后达 9 MB" in response.content.decode()


def test_a_damaged_sheet_is_refused_clearly_not_a_server_error(client_as, clerk, township):
    upload = raw_xlsx(b'<worksheet xmlns="' + MAIN.encode() + b'"><sheetData><row><c t=')
    response = post(client_as(clerk), upload)
    assert response.status_code == 400
    assert "无法读取该文件" in response.content.decode()


# ---------------------------------------------------------------- large files: a job


def test_a_large_file_without_a_dimension_goes_to_a_job(client_as, clerk, township, settings):
    settings.IMPORT_BACKGROUND_ROWS = 5
    upload = raw_xlsx(sheet_xml([UNIT_HEADERS, *good_rows(8)]))
    response = post(client_as(clerk), upload)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.DONE  # run at once in tests (tests/conftest.py)
    assert Establishment.objects.count() == 8


def test_a_dimension_claiming_fewer_rows_neither_keeps_it_in_the_request_nor_drops_rows(
    client_as, clerk, township, settings
):
    settings.IMPORT_BACKGROUND_ROWS = 5
    upload = raw_xlsx(sheet_xml([UNIT_HEADERS, *good_rows(8)], dimension="A1:H2"))
    response = post(client_as(clerk), upload)
    assert response.status_code == 302 and Job.objects.get().kind == "import"
    assert Establishment.objects.count() == 8  # every row, not the dimension's one


def test_a_small_file_is_still_imported_at_once(client_as, clerk, township, settings):
    settings.IMPORT_BACKGROUND_ROWS = 5
    response = post(client_as(clerk), raw_xlsx(sheet_xml([UNIT_HEADERS, *good_rows(4)])))
    assert response.status_code == 302 and not Job.objects.exists()
    assert Establishment.objects.count() == 4


# ---------------------------------------------------------------- at most so many errors


def bad_rows(count):
    return [unit_row("不是代码", name=f"坏行{i}", township="火星镇") for i in range(count)]


def test_the_page_lists_the_first_errors_and_counts_them_all(client_as, clerk, township, settings):
    settings.IMPORT_MAX_ERRORS = 10
    response = post(client_as(clerk), xlsx(UNIT_HEADERS, bad_rows(30)))  # 2 errors a row
    assert response.status_code == 400
    errors = response.context["errors"]
    assert len(errors) == 10 and response.context["error_count"] == 60
    assert [e.row for e in errors] == [2, 2, 3, 3, 4, 4, 5, 5, 6, 6]  # the first, in order
    page = response.content.decode()
    assert "文件未导入：发现 60 处问题" in page
    assert "共 60 处错误，以下列出前 10 处。" in page
    assert page.count("第 7 行") == 0


def test_a_job_stores_the_first_errors_and_their_count_in_a_small_row(
    client_as, clerk, township, settings
):
    """2,500 bad rows (5,000 errors) with the real cap: before, every error was stored."""
    settings.IMPORT_BACKGROUND_ROWS = 100
    client = client_as(clerk)
    post(client, xlsx(UNIT_HEADERS, bad_rows(2500)))
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.message.startswith("文件未导入：发现 5000 处问题")
    assert len(job.details["errors"]) == 1000 and job.details["error_count"] == 5000
    assert len(json.dumps(job.details)) < 300_000
    page = client.get(job.get_absolute_url()).content.decode()
    assert "发现 5000 处问题" in page and "共 5000 处错误，以下列出前 1000 处。" in page


def test_a_huge_cell_is_quoted_short_in_its_error(clerk, township):
    upload = xlsx(UNIT_HEADERS, [unit_row(valid_credit_code(), opened="很长" * 15_000)])
    with pytest.raises(ImportFailed) as refused:
        EstablishmentImporter(user=clerk).run(upload)
    (error,) = refused.value.errors
    assert error.column == "开业日期" and len(error.message) < 120
    assert "（共 30000 字）" in error.message


# ---------------------------------------------------------------- control characters


@pytest.mark.parametrize("text", ["悦来\x07宾馆", "悦来\x0b宾馆", "悦来_x000B_宾馆", "\x1b[31m"])
def test_a_cell_holding_a_control_character_is_refused(text):
    with pytest.raises(CellError, match="含有不可见的控制字符，请删除后重新导入。"):
        parse_text(text)


def test_tab_and_line_breaks_are_not_control_characters_to_refuse():
    assert parse_text("解放路\n1号\t后门") == "解放路\n1号\t后门"


def test_text_copied_from_an_export_loses_the_guarding_quote():
    """Exports put ' before formula-like text (core.xlsx); pasted back into an import, the
    value is what was stored, not the quote with it."""
    assert parse_text("'+86 138 0000 0000") == "+86 138 0000 0000"
    assert parse_text("'=1+1") == "=1+1"
    assert parse_text("'悦来宾馆") == "'悦来宾馆"  # no formula start: the quote is the text's


def test_an_excel_escaped_control_character_is_reported_on_its_cell(clerk, township):
    upload = xlsx(UNIT_HEADERS, [unit_row(valid_credit_code(), name="悦来_x0007_宾馆")])
    with pytest.raises(ImportFailed) as refused:
        EstablishmentImporter(user=clerk).run(upload)
    assert [(e.row, e.column, e.message) for e in refused.value.errors] == [
        (2, "单位名称", "含有不可见的控制字符，请删除后重新导入。")
    ]


# ---------------------------------------------------------------- real defaults


def test_the_defaults_accept_the_bench_workbook_quickly(township):
    """The 10,000-unit workbook of bench/import_units.py passes every default limit, is
    measured in well under a second or two, and goes to a job."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    try:
        import import_units as bench
    finally:
        sys.path.pop(0)
    import random

    rng = random.Random(0)
    content = bench.write_workbook(bench.make_rows(rng, bench.credit_codes(rng, 10_000)))
    upload = SimpleUploadedFile("被监督单位导入.xlsx", content)
    start = time.perf_counter()
    shape = EstablishmentImporter(user=None).inspect(upload)
    assert time.perf_counter() - start < 2
    assert shape.rows == 10_000 and shape.shared_strings == 0
    assert shape.unpacked_bytes < 10 * 1024 * 1024
    assert measure_upload(upload) == shape and upload.tell() == 0
