"""Excel imports: the whole file is checked, every problem reported, nothing half-written."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.imports import ImportFailed
from premises.imports import EstablishmentImporter, PractitionerImporter
from premises.models import Establishment, EstablishmentStatusChange, Practitioner
from tests.factories import (
    EstablishmentFactory,
    TownshipFactory,
    valid_credit_code,
    valid_id_number,
)
from tests.import_flow import upload_and_import

UNIT_HEADERS = [
    "单位名称",
    "统一社会信用代码",
    "法定代表人",
    "地址",
    "乡镇（街道）",
    "单位类别",
    "开业日期",
    "联系电话",
]


def xlsx(headers, rows, name="units.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def unit_row(
    code, name="悦来宾馆", township="康乐街道", category="宾馆", opened=datetime.date(2021, 5, 1)
):
    return [name, code, "王五", "解放路1号", township, category, opened, "0795-8123456"]


@pytest.fixture
def import_url():
    return reverse("premises:establishment_import")


def test_valid_file_is_imported_with_history(client_as, clerk, township, import_url):
    rows = [unit_row(valid_credit_code(), name=f"单位{i}") for i in range(3)]
    lower = "91350100m000100y43"
    rows.append(unit_row(lower, name="理发店", category="pp.bathing.barber"))
    response = upload_and_import(client_as(clerk), import_url, xlsx(UNIT_HEADERS, rows))
    assert "导入成功：共写入 4 条被监督单位记录" in response.content.decode()
    assert Establishment.objects.count() == 4
    assert (
        EstablishmentStatusChange.objects.filter(
            kind="opened", date=datetime.date(2021, 5, 1)
        ).count()
        == 4
    )
    barber = Establishment.objects.get(name="理发店")
    assert barber.category.code == "pp.bathing.barber" and barber.credit_code == lower.upper()
    record = barber.history.get()
    assert record.history_user == clerk and record.history_change_reason == "Excel导入"


def test_broken_file_reports_every_bad_row_and_writes_nothing(
    client_as, clerk, township, import_url
):
    existing = EstablishmentFactory(township=township)
    good = valid_credit_code()
    dup = valid_credit_code()
    rows = [
        unit_row(good),  # row 2: fine
        unit_row("91350100M000100Y44"),  # row 3: wrong check character
        unit_row(valid_credit_code(), township="火星镇"),  # row 4: unknown township
        unit_row(valid_credit_code(), category="太空舱"),  # row 5: unknown category
        unit_row(valid_credit_code(), opened="2021-02-30"),  # row 6: impossible date
        [
            "",
            valid_credit_code(),
            "王五",
            "解放路",
            "康乐街道",
            "宾馆",
            datetime.date(2020, 1, 1),
            "",
        ],  # row 7
        unit_row(dup),  # row 8
        unit_row(dup),  # row 9: same code as row 8
        unit_row(existing.credit_code),  # row 10: already in the registry
        unit_row(valid_credit_code(), category="pp.lodging"),  # row 11: a class, not a kind
        unit_row("123", township="火星镇", opened="昨天"),  # row 12: three problems at once
    ]
    response = upload_and_import(client_as(clerk), import_url, xlsx(UNIT_HEADERS, rows))
    assert response.status_code == 400
    errors = {(e.row, e.column): e.message for e in response.context["errors"]}
    assert "校验位错误" in errors[(3, "统一社会信用代码")]
    assert "火星镇" in errors[(4, "乡镇（街道）")]
    assert "太空舱" in errors[(5, "单位类别")]
    assert "无法识别" in errors[(6, "开业日期")]
    assert "必填" in errors[(7, "单位名称")]
    assert "第8行" in errors[(9, "统一社会信用代码")]
    assert existing.name in errors[(10, "统一社会信用代码")]
    assert (11, "单位类别") in errors
    assert {column for row, column in errors if row == 12} == {
        "统一社会信用代码",
        "乡镇（街道）",
        "开业日期",
    }
    assert "18位" in errors[(12, "统一社会信用代码")]
    assert not any(row == 2 for row, _ in errors)
    page = response.content.decode()
    assert "本次没有写入任何数据" in page and "第 3 行" in page
    assert Establishment.objects.count() == 1  # only the one made before


def test_duplicate_inside_the_file_names_the_first_row(clerk, township):
    code = valid_credit_code()
    upload = xlsx(UNIT_HEADERS, [unit_row(code), unit_row(valid_credit_code()), unit_row(code)])
    with pytest.raises(ImportFailed) as exc:
        EstablishmentImporter(user=clerk).run(upload)
    assert [(e.row, e.column, e.message) for e in exc.value.errors] == [
        (4, "统一社会信用代码", "与第2行的统一社会信用代码重复。")
    ]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("units.xls", b"\xd0\xcf\x11\xe0old"), "不支持旧版 .xls"),
        (SimpleUploadedFile("units.csv", b"a,b\n1,2\n"), "文件类型错误"),
        (SimpleUploadedFile("units.xlsx", b"this is not a zip"), "不是有效的 .xlsx"),
        (xlsx([], []), "文件是空的"),
        (xlsx(UNIT_HEADERS, []), "没有数据行"),
        (
            xlsx(["单位名称", "地址"], [["某单位", "某地"]]),
            "缺少列：乡镇（街道）、单位类别、开业日期",
        ),
    ],
    ids=["xls", "csv", "not-zip", "empty", "header-only", "missing-columns"],
)
def test_file_level_problems_have_their_own_message(client_as, clerk, import_url, upload, message):
    response = upload_and_import(client_as(clerk), import_url, upload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Establishment.objects.exists()


def test_template_download_has_the_import_columns(client_as, clerk):
    response = client_as(clerk).get(reverse("premises:establishment_import_template"))
    wb = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in wb.worksheets[0][1]]
    assert headers[:7] == UNIT_HEADERS[:7]
    assert "说明" in wb.sheetnames


def test_template_example_row_imports_after_editing(clerk, township):
    """The downloaded template is a file the importer reads (example row included)."""
    TownshipFactory(code="360922099", name="城关镇")
    template = EstablishmentImporter(user=clerk).template()
    assert EstablishmentImporter(user=clerk).run(SimpleUploadedFile("t.xlsx", template)) == 1


PRACTITIONER_HEADERS = [
    "单位统一社会信用代码",
    "姓名",
    "性别",
    "岗位",
    "身份证号码",
    "入职日期",
]


def test_practitioner_import(client_as, clerk, establishment):
    closed = EstablishmentFactory()
    closed.status = "closed"
    closed.save()
    first = valid_id_number()
    rows = [
        [
            establishment.credit_code,
            "李四",
            "女",
            "美发师",
            first,
            datetime.date(2022, 1, 1),
        ],  # 2 ok
        [
            establishment.credit_code,
            "王五",
            "男",
            "会计",
            valid_id_number(),
            "2022-02-01",
        ],  # 3 ok
        [
            closed.credit_code,
            "赵六",
            "男",
            "前台接待",
            valid_id_number(),
            "2022-02-01",
        ],  # 4 closed unit
        [
            establishment.credit_code,
            "钱七",
            "未知",
            "前台接待",
            valid_id_number(),
            "2022-02-01",
        ],  # 5 sex
        [
            establishment.credit_code,
            "孙八",
            "女",
            "前台接待",
            110105194912310021,
            "2022-02-01",
        ],  # 6 number
        [
            establishment.credit_code,
            "李四",
            "女",
            "美发师",
            first,
            "2022-03-01",
        ],  # 7 duplicate of 2
        [
            establishment.credit_code,
            "周九",
            "男",
            "洗碗工",
            valid_id_number(),
            "2022-02-01",
        ],  # 8 a post the post table does not have
    ]
    url = reverse("premises:practitioner_import")
    response = upload_and_import(client_as(clerk), url, xlsx(PRACTITIONER_HEADERS, rows, "p.xlsx"))
    errors = {(e.row, e.column) for e in response.context["errors"]}
    assert errors == {
        (4, "单位统一社会信用代码"),
        (5, "性别"),
        (6, "身份证号码"),
        (7, "身份证号码"),
        (8, "岗位"),
    }
    post_error = next(e.message for e in response.context["errors"] if e.row == 8)
    assert "岗位表中没有“洗碗工”" in post_error
    assert not Practitioner.objects.exists()
    fixed = [r for i, r in enumerate(rows, start=2) if i in (2, 3, 7)]
    response = upload_and_import(client_as(clerk), url, xlsx(PRACTITIONER_HEADERS, fixed, "p.xlsx"))
    assert {(e.row, e.column) for e in response.context["errors"]} == {(4, "身份证号码")}
    response = upload_and_import(
        client_as(clerk), url, xlsx(PRACTITIONER_HEADERS, fixed[:2], "p.xlsx")
    )
    assert "共写入 2 条从业人员记录" in response.content.decode()
    # whether a practitioner serves customers is their post's (岗位表): 美发师 yes, 会计 no
    assert {p.post.name: p.serves_customers for p in Practitioner.objects.all()} == {
        "美发师": True,
        "会计": False,
    }


def test_practitioner_already_registered_is_reported(clerk, practitioner):
    rows = [
        [
            practitioner.establishment.credit_code,
            "李四",
            "女",
            "美发师",
            practitioner.id_number,
            "2023-01-01",
        ]
    ]
    with pytest.raises(ImportFailed) as exc:
        PractitionerImporter(user=clerk).run(xlsx(PRACTITIONER_HEADERS, rows, "p.xlsx"))
    assert "已在该单位在职登记" in exc.value.errors[0].message


def test_inspector_cannot_import(client_as, inspector, import_url):
    response = client_as(inspector).post(import_url, {"file": xlsx(UNIT_HEADERS, [])})
    assert response.status_code == 403


def test_practitioner_import_reads_a_posts_other_names(clerk, establishment):
    """The office writes 前台 or 出纳; the post table's aliases (别名, data the administrator
    keeps, shipped for the common ones) say which post that is."""
    rows = [
        [establishment.credit_code, "前台甲", "女", "前台", valid_id_number(), "2022-02-01"],
        [establishment.credit_code, "出纳乙", "女", " 出纳 ", valid_id_number(), "2022-02-01"],
    ]
    assert PractitionerImporter(user=clerk).run(xlsx(PRACTITIONER_HEADERS, rows, "p.xlsx")) == 2
    assert {p.name: (p.post.name, p.serves_customers) for p in Practitioner.objects.all()} == {
        "前台甲": ("前台接待", True),
        "出纳乙": ("会计", False),
    }


@pytest.mark.django_db
def test_an_alias_names_one_post_only():
    from django.core.exceptions import ValidationError

    from premises.models import Post

    cashier = Post(name="收款员", aliases="出纳、收银")  # 出纳 is 会计's alias
    with pytest.raises(ValidationError) as exc:
        cashier.full_clean()
    assert "会计" in exc.value.message_dict["aliases"][0]
    assert Post(name="收款员", aliases="收款、 收钱").alias_list == ["收款", "收钱"]
