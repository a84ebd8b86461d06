"""Health certificates from the examining institution's own list (issue 16): a title row
above the header, its own headers (身份证号, 体检结果), no 体检机构 column; and a batch with
one person from a closed shop imports the others, the rest downloadable with reasons."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.import_models import ImportBatch, ImportMapping
from licensing.models import HealthCertificate
from premises.services.registry import establishment_change_status
from tests.factories import EstablishmentFactory, PractitionerFactory
from tests.import_flow import upload_and_import

URL = "licensing:certificate_import"
D = datetime.date
CDC = "县疾病预防控制中心"


def institution_list(people, name="体检名单.xlsx"):
    """The layout the examining institution sends: a title row, then its own headers."""
    wb = Workbook()
    ws = wb.active
    ws.append([f"{CDC}从业人员健康体检结果（2025年3月）"])
    ws.append(["序号", "姓名", "性别", "身份证号", "体检日期", "体检结果", "健康证号"])
    for i, p in enumerate(people, 1):
        ws.append([i, p.name, "女", p.id_number, D(2025, 3, 1), "合格", f"JK-{i:04d}"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_institution_list_is_read_and_its_mapping_kept_for_the_next_file(client_as, clerk, db):
    unit = EstablishmentFactory()
    first = [PractitionerFactory(establishment=unit, name=n) for n in ("李四", "王五")]
    client = client_as(clerk)
    batch_url = client.post(reverse(URL), {"file": institution_list(first)})["Location"]
    preview = client.get(batch_url).content.decode()
    assert "缺少列" not in preview.split("缺少必填列")[0]  # not refused at upload
    assert "列名在第 2 行" in preview and "缺少必填列：体检机构" in preview
    # The one column the list lacks gets one value for every row, kept for the source.
    mapped = client.post(
        batch_url,
        {"action": "map", "val-institution": CDC, "source": CDC} | {f"col-{k}": "" for k in ()},
        follow=True,
    ).content.decode()
    assert "缺少必填列" not in mapped and "李四" in mapped
    done = client.post(batch_url, {"action": "import", "mode": "all"}, follow=True)
    assert "导入成功：共写入 2 条健康证明记录" in done.content.decode()
    assert set(HealthCertificate.objects.values_list("institution", "number")) == {
        (CDC, "JK-0001"),
        (CDC, "JK-0002"),
    }
    assert ImportMapping.objects.get(source=CDC).values == {"institution": CDC}
    # The next list from the same institution maps itself.
    more = [PractitionerFactory(establishment=unit, name="赵六")]
    response = upload_and_import(client, reverse(URL), institution_list(more), source=CDC)
    assert "导入成功：共写入 1 条健康证明记录" in response.content.decode()
    # Also when the clerk does not say where it comes from: its headers tell.
    last = [PractitionerFactory(establishment=unit, name="孙八")]
    batch_url = client.post(reverse(URL), {"file": institution_list(last)})["Location"]
    preview = client.get(batch_url).content.decode()
    assert f"与来源“{CDC}”保存的对应一致" in preview and "缺少必填列" not in preview
    done = client.post(batch_url, {"action": "import", "mode": "all"}, follow=True)
    assert "导入成功：共写入 1 条健康证明记录" in done.content.decode()
    assert HealthCertificate.objects.get(practitioner=last[0]).institution == CDC


def test_one_person_of_a_closed_shop_does_not_block_the_batch(client_as, clerk, db):
    open_unit, closing = EstablishmentFactory(), EstablishmentFactory(name="已关店理发")
    people = [PractitionerFactory(establishment=open_unit, name="李四") for _ in range(30)]
    gone = PractitionerFactory(establishment=closing, name="王五")
    establishment_change_status(
        establishment=closing, kind="closed", date=closing.opened_on, user=clerk
    )
    rows = [*people[:15], gone, *people[15:]]
    client = client_as(clerk)
    upload = institution_list(rows)
    refused = upload_and_import(client, reverse(URL), upload, source=CDC, mode="all")
    assert refused.status_code == 400  # 体检机构 missing: no mapping saved yet for the source
    batch = ImportBatch.objects.get()
    batch_url = reverse("core:import_batch", args=[batch.pk])
    client.post(batch_url, {"action": "map", "val-institution": CDC, "source": CDC})
    all_or_nothing = client.post(batch_url, {"action": "import", "mode": "all"})
    assert all_or_nothing.status_code == 400
    assert "“已关店理发”已关闭" in all_or_nothing.content.decode()
    assert not HealthCertificate.objects.exists()
    done = client.post(batch_url, {"action": "import", "mode": "clean"}, follow=True)
    assert "共写入 30 条健康证明记录；1 行有问题未导入" in done.content.decode()
    assert HealthCertificate.objects.count() == 30
    rejects = client.get(reverse("core:import_rejects", args=[batch.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(rejects.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == 18  # header, then the row as it was (row 18)
    assert gone.id_number in rows[1] and "已关闭" in rows[1][-1]
