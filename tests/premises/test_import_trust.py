"""Imports a clerk can trust (issue 16): a preview that warns of data in the wrong column,
batches that can be undone while nothing depends on them, templates with drop-down lists
and an example row the database knows."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.import_models import ImportBatch
from premises.imports import EstablishmentImporter
from premises.models import Establishment
from premises.services.registry import practitioner_create
from tests.factories import TownshipFactory, post_named, valid_credit_code, valid_id_number
from tests.import_flow import upload_and_import
from tests.premises.test_imports import UNIT_HEADERS, unit_row, xlsx

URL = "premises:establishment_import"


def swapped_row(code, name):
    """法定代表人 and 地址 exchanged, under the right headers."""
    row = unit_row(code, name=name)
    row[2], row[3] = "城关镇解放路18号", "王五"
    return row


def test_swapped_columns_are_not_imported_silently(client_as, clerk, township):
    upload = xlsx(UNIT_HEADERS, [swapped_row(valid_credit_code(), f"单位{i}") for i in range(3)])
    client = client_as(clerk)
    batch_url = client.post(reverse(URL), {"file": upload})["Location"]
    preview = client.get(batch_url).content.decode()
    assert "“法定代表人”列的值像地址" in preview and "“地址”列的值像人名" in preview
    refused = client.post(batch_url, {"action": "import", "mode": "all"})
    assert refused.status_code == 400
    assert "“法定代表人”列的值像地址" in refused.content.decode()
    assert not Establishment.objects.exists()
    done = client.post(
        batch_url, {"action": "import", "mode": "all", "confirmed": "1"}, follow=True
    )
    assert "导入成功：共写入 3 条被监督单位记录" in done.content.decode()


def test_well_formed_file_has_no_warning(clerk, township):
    importer = EstablishmentImporter(user=clerk)
    upload = xlsx(
        UNIT_HEADERS, [unit_row(valid_credit_code(), name=f"悦来宾馆{i}") for i in range(3)]
    )
    assert importer.run(upload) == 3


def test_batch_is_undone_with_reason_and_history(client_as, clerk, township):
    rows = [unit_row(valid_credit_code(), name=f"单位{i}") for i in range(3)]
    client = client_as(clerk)
    upload_and_import(client, reverse(URL), xlsx(UNIT_HEADERS, rows))
    batch = ImportBatch.objects.get()
    assert batch.status == "done" and batch.written == 3 and batch.records.count() == 6
    unit = Establishment.objects.first()
    refused = client.post(reverse("core:import_void", args=[batch.pk]), {"reason": ""}, follow=True)
    assert "请填写撤销原因" in refused.content.decode()
    page = client.post(
        reverse("core:import_void", args=[batch.pk]), {"reason": "导错了文件"}, follow=True
    ).content.decode()
    assert "已撤销导入批次" in page and "导错了文件" in page
    assert not Establishment.objects.exists()
    batch.refresh_from_db()
    assert batch.status == "voided" and batch.voided_by == clerk and batch.voided_at
    deleted = unit.history.filter(history_type="-").get()
    assert deleted.history_user == clerk and "导错了文件" in deleted.history_change_reason


def test_batch_is_not_undone_while_records_depend_on_it(client_as, clerk, township):
    client = client_as(clerk)
    upload_and_import(client, reverse(URL), xlsx(UNIT_HEADERS, [unit_row(valid_credit_code())]))
    batch = ImportBatch.objects.get()
    unit = Establishment.objects.get()
    practitioner_create(
        user=clerk,
        establishment=unit,
        name="李四",
        sex="F",
        post=post_named("服务员"),
        id_number=valid_id_number(),
        hired_on=unit.opened_on,
    )
    page = client.post(
        reverse("core:import_void", args=[batch.pk]), {"reason": "重复导入"}, follow=True
    ).content.decode()
    assert "不能撤销" in page and "从业人员 1 条" in page and unit.name in page
    batch.refresh_from_db()
    assert batch.status == "done" and Establishment.objects.count() == 1


def test_template_offers_the_county_lists_and_a_real_example(client_as, clerk, township):
    TownshipFactory(code="360922199", name="株潭镇")
    response = client_as(clerk).get(reverse("premises:establishment_import_template"))
    wb = load_workbook(io.BytesIO(response.content))
    sheet = wb.worksheets[0]
    headers = [c.value for c in sheet[1]]
    example = dict(zip(headers, [c.value for c in sheet[2]], strict=True))
    assert example["乡镇（街道）"] in {township.name, "株潭镇"}
    lists = {str(v.sqref)[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    township_column = "ABCDEFGHI"[headers.index("乡镇（街道）")]
    options = wb["选项"]
    names = {options.cell(row=r, column=1).value for r in range(2, options.max_row + 1)}
    assert township_column in lists and {township.name, "株潭镇"} <= names
    category_column = "ABCDEFGHI"[headers.index("单位类别")]
    assert category_column in lists


@pytest.mark.parametrize("mode", ["all", "clean"])
def test_the_template_as_downloaded_imports(clerk, township, mode):
    template = EstablishmentImporter(user=clerk).template()
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert (
        EstablishmentImporter(user=clerk).run(SimpleUploadedFile("t.xlsx", template), mode=mode)
        == 1
    )


def test_a_large_batch_is_undone_as_a_job(client_as, clerk, township, settings):
    """Tens of thousands of records take minutes to delete with their history: a job."""
    rows = [unit_row(valid_credit_code(), name=f"单位{i}") for i in range(3)]
    client = client_as(clerk)
    upload_and_import(client, reverse(URL), xlsx(UNIT_HEADERS, rows))
    batch = ImportBatch.objects.get()
    settings.IMPORT_BACKGROUND_ROWS = 2
    response = client.post(reverse("core:import_void", args=[batch.pk]), {"reason": "导错了"})
    from core.models import Job

    job = Job.objects.get(kind="import_void")
    assert response["Location"] == job.get_absolute_url()
    assert job.status == "done", job.message
    batch.refresh_from_db()
    assert batch.status == "voided" and batch.void_reason == "导错了"
    assert not Establishment.objects.exists()


def test_practitioner_template_points_at_a_unit_of_the_registry(client_as, clerk, establishment):
    response = client_as(clerk).get(reverse("premises:practitioner_import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    example = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
    assert example["单位统一社会信用代码"] == establishment.credit_code
    lists = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    assert "C2" in lists  # 性别 from a drop-down list
