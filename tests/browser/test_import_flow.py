"""A clerk imports in a real browser at 1366×768 (issue 16): the examining institution's own
list (a title row, its own headers, no 体检机构 column) through the preview and its column
mapping; a file of units with 法定代表人 and 地址 swapped, stopped until confirmed; and the
batch undone with a reason."""

import datetime
import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from licensing.models import HealthCertificate
from premises.models import Establishment
from tests.browser.helpers import log_in, shot
from tests.factories import (
    EstablishmentFactory,
    PractitionerFactory,
    TownshipFactory,
    UserFactory,
    valid_credit_code,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "import-pass-2024"
CDC = "县疾病预防控制中心"


def workbook(rows, path):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_clerk_imports_the_institution_list_and_undoes_a_swapped_file(
    live_server, tablet: Page, tmp_path
):
    page = tablet
    page.set_viewport_size({"width": 1366, "height": 768})
    UserFactory(username="clerk_imp", first_name="赵晓丽", password=PASSWORD, role="clerk")
    town = TownshipFactory(code="360922002", name="株潭镇")
    unit = EstablishmentFactory(township=town)
    people = [PractitionerFactory(establishment=unit, name=n) for n in ("李四", "王五")]
    exam = workbook(
        [
            [f"{CDC}从业人员健康体检结果"],
            ["序号", "姓名", "身份证号", "体检日期", "体检结果", "健康证号"],
            *[
                [i, p.name, p.id_number, datetime.date(2025, 3, 1), "合格", f"JK-{i}"]
                for i, p in enumerate(people, 1)
            ],
        ],
        tmp_path / "体检名单.xlsx",
    )
    log_in(page, live_server.url, "clerk_imp", PASSWORD)

    page.goto(f"{live_server.url}/licensing/health/certificates/import/")
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(exam)
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_text("上方 1 行为标题，已跳过")).to_be_visible()
    expect(page.get_by_test_id("missing-columns")).to_contain_text("体检机构")
    expect(page.get_by_role("button", name="全部导入")).to_be_disabled()
    page.get_by_label("体检机构 固定值").fill(CDC)
    page.get_by_label("来源（保存此对应").fill(CDC)
    page.get_by_role("button", name="按此对应重新预览").click()
    expect(page.get_by_test_id("preview")).to_contain_text(CDC)
    shot(page, "import-institution-mapped")
    page.get_by_role("button", name="全部导入").click()
    expect(page.get_by_text("导入成功：共写入 2 条健康证明记录")).to_be_visible()
    assert HealthCertificate.objects.filter(institution=CDC).count() == 2
    page.go_back()  # Back to the preview: it shows the batch as imported, no second import
    expect(page.get_by_test_id("batch-status")).to_have_text("已导入")

    units = workbook(
        [
            [
                "单位名称",
                "统一社会信用代码",
                "法定代表人",
                "地址",
                "乡镇（街道）",
                "单位类别",
                "开业日期",
            ],
            *[
                [
                    name,
                    valid_credit_code(),
                    addr,
                    rep,
                    "株潭镇",
                    "理发店",
                    datetime.date(2024, 5, 1),
                ]
                for name, rep, addr in (
                    ("悦来理发店", "王建国", "株潭镇解放路18号"),
                    ("新潮美发", "李红", "株潭镇人民路3号"),
                )
            ],
        ],
        tmp_path / "units.xlsx",
    )
    page.goto(f"{live_server.url}/premises/establishments/import/")
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(units)
    page.get_by_role("button", name="上传并预览").click()
    warnings = page.get_by_test_id("column-warnings")
    expect(warnings).to_contain_text("“法定代表人”列的值像地址")
    expect(warnings).to_contain_text("“地址”列的值像人名")
    shot(page, "import-swapped-preview")
    page.get_by_label("已核对上面提示的列").check()
    page.get_by_role("button", name="全部导入").click()
    expect(page.get_by_text("导入成功：共写入 2 条被监督单位记录")).to_be_visible()
    page.get_by_label("撤销原因").fill("法定代表人与地址两列放反了")
    page.get_by_role("button", name="撤销本批次").click()
    expect(page.get_by_test_id("batch-status")).to_have_text("已撤销")
    expect(page.get_by_text("法定代表人与地址两列放反了")).to_be_visible()
    shot(page, "import-undone")
    assert not Establishment.objects.filter(name__in=("悦来理发店", "新潮美发")).exists()
