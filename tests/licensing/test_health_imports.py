"""Certificate and attendance imports: all-or-nothing, every bad row reported."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from licensing.health.imports import AttendanceImporter, CertificateImporter
from licensing.models import HealthCertificate, TrainingAttendance
from tests.factories import EstablishmentFactory, PractitionerFactory, valid_id_number
from tests.import_flow import upload_and_import
from tests.licensing.health_factories import certificate, training

HEADERS = ["身份证号码", "姓名", "体检日期", "体检机构", "结论", "证明编号", "有效期至"]
D = datetime.date


def xlsx(headers, rows, name="exam.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def people(db):
    unit, other = EstablishmentFactory(), EstablishmentFactory()
    a = PractitionerFactory(establishment=unit, name="李四")
    b = PractitionerFactory(establishment=unit, name="王五")
    # The same person employed at two units: the certificate goes to both employments.
    c1 = PractitionerFactory(establishment=unit, name="赵六")
    c2 = PractitionerFactory(establishment=other, name="赵六", id_number=c1.id_number)
    return a, b, c1, c2


def test_good_file_writes_certificates_with_history(client_as, clerk, people):
    a, b, c1, c2 = people
    rows = [
        [a.id_number, "李四", D(2025, 3, 1), "县疾控中心", "合格", "JK-1", None],
        [b.id_number.lower(), "王五", "2025-03-02", "县人民医院", "不合格", None, None],
        [c1.id_number, "赵六", "2025/03/03", "县疾控中心", "合格", None, "2025-12-31"],
    ]
    response = upload_and_import(
        client_as(clerk), reverse("licensing:certificate_import"), xlsx(HEADERS, rows)
    )
    assert "导入成功：共写入 4 条健康证明记录" in response.content.decode()
    first = HealthCertificate.objects.get(practitioner=a)
    assert first.expires_on == D(2026, 3, 1) and first.number == "JK-1"
    assert first.source == "import" and first.recorded_by == clerk
    assert first.history.get().history_change_reason == "Excel导入"
    assert HealthCertificate.objects.get(practitioner=b).result == "failed"
    assert {
        c.practitioner_id for c in HealthCertificate.objects.filter(exam_date=D(2025, 3, 3))
    } == {
        c1.pk,
        c2.pk,
    }
    assert HealthCertificate.objects.get(practitioner=c2).expires_on == D(2025, 12, 31)


def test_broken_file_reports_each_row_and_column_and_writes_nothing(client_as, clerk, people):
    a, b, c1, _ = people
    left = PractitionerFactory(name="钱七", left_on=D(2024, 1, 1))
    certificate(b, exam_date=D(2025, 3, 2))
    future = timezone.localdate() + datetime.timedelta(days=5)
    # Another check character than the number's own (a random number may end in "0").
    wrong_check = c1.id_number[:-1] + ("1" if c1.id_number.endswith("0") else "0")
    rows = [
        [a.id_number, "李四", D(2025, 3, 1), "县疾控中心", "合格", None, None],  # 2 fine
        [valid_id_number(), "孙八", D(2025, 3, 1), "县疾控中心", "合格", None, None],  # 3 unknown
        [c1.id_number, "赵七", D(2025, 3, 1), "县疾控中心", "合格", None, None],  # 4 name
        [wrong_check, "赵六", D(2025, 3, 1), "县疾控中心", "合格", None, None],  # 5
        [c1.id_number, "赵六", "2025-02-30", "县疾控中心", "合格", None, None],  # 6 bad date
        [c1.id_number, "赵六", D(2025, 3, 1), "县疾控中心", "基本合格", None, None],  # 7 result
        [a.id_number, "李四", D(2025, 3, 5), "县疾控中心", "合格", None, None],  # 8 dup of 2
        [left.id_number, "钱七", D(2025, 3, 1), "县疾控中心", "合格", None, None],  # 9 left
        [b.id_number, "王五", D(2025, 3, 2), "县疾控中心", "合格", None, None],  # 10 recorded
        [c1.id_number, "赵六", future, "", "合格", None, D(2020, 1, 1)],  # 11 three problems
    ]
    response = upload_and_import(
        client_as(clerk), reverse("licensing:certificate_import"), xlsx(HEADERS, rows)
    )
    assert response.status_code == 400
    errors = {(e.row, e.column): e.message for e in response.context["errors"]}
    assert "没有该身份证号码" in errors[(3, "身份证号码")]
    assert "赵七" in errors[(4, "姓名")] and "赵六" in errors[(4, "姓名")]
    assert "校验位" in errors[(5, "身份证号码")]
    assert "无法识别" in errors[(6, "体检日期")]
    assert "合格" in errors[(7, "结论")]
    assert "第2行" in errors[(8, "身份证号码")]
    assert "离职" in errors[(9, "身份证号码")]
    assert "已登记" in errors[(10, "体检日期")]
    assert {col for row, col in errors if row == 11} == {"体检日期", "体检机构", "有效期至"}
    assert not any(row == 2 for row, _ in errors)
    assert "本次没有写入任何数据" in response.content.decode()
    assert HealthCertificate.objects.count() == 1  # only the one made before


def test_numbers_typed_as_numbers_are_refused(clerk, people):
    a = people[0]
    upload = xlsx(HEADERS, [[int(a.id_number[:17] + "0"), "李四", D(2025, 3, 1), "疾控", "合格"]])
    from core.imports import ImportFailed

    with pytest.raises(ImportFailed) as exc:
        CertificateImporter(user=clerk).run(upload)
    assert [(e.row, e.column) for e in exc.value.errors] == [(2, "身份证号码")]


def test_certificate_template_download(client_as, clerk):
    response = client_as(clerk).get(reverse("licensing:certificate_import_template"))
    headers = [c.value for c in load_workbook(io.BytesIO(response.content)).worksheets[0][1]]
    assert headers == HEADERS


def test_attendance_import(client_as, clerk, people):
    a, b, c1, c2 = people
    session = training(date=D(2025, 7, 4))
    url = reverse("licensing:attendance_import", args=[session.pk])
    bad = [
        [a.id_number, "李四"],
        [valid_id_number(), "某某"],  # unknown
        [a.id_number, "李四"],  # duplicate
        [b.id_number, "王二"],  # name
    ]
    response = upload_and_import(client_as(clerk), url, xlsx(["身份证号码", "姓名"], bad))
    assert response.status_code == 400
    errors = {(e.row, e.column) for e in response.context["errors"]}
    assert errors == {(3, "身份证号码"), (4, "身份证号码"), (5, "姓名")}
    assert not TrainingAttendance.objects.exists()

    good = [[a.id_number, "李四"], [c1.id_number, "赵六"]]
    response = upload_and_import(client_as(clerk), url, xlsx(["身份证号码", "姓名"], good))
    assert "导入成功：共写入 3 条培训签到记录" in response.content.decode()
    assert set(session.attendees.values_list("pk", flat=True)) == {a.pk, c1.pk, c2.pk}

    again = AttendanceImporter(user=clerk, session=session)
    from core.imports import ImportFailed

    with pytest.raises(ImportFailed) as exc:
        again.run(xlsx(["身份证号码", "姓名"], [[a.id_number, "李四"]]))
    assert "已登记参加本次培训" in exc.value.errors[0].message


def test_attendance_template_download(client_as, clerk):
    response = client_as(clerk).get(reverse("licensing:attendance_import_template"))
    headers = [c.value for c in load_workbook(io.BytesIO(response.content)).worksheets[0][1]]
    assert headers == ["身份证号码", "姓名"]
