"""Seed 004's radiation 汇总表 1 (医疗机构放射诊疗工作监督检查情况汇总表) built from raw records:
the plan checks 放射工作人员的职业健康监护, 建设项目职业病危害评价, 《放射诊疗许可证》 and
《放射工作人员证》 — so beside units, inspections and permits the table counts devices, radiation
workers monitored for dose (and over the limit), examined and certified, and construction
projects with their assessments, for a year and a township, each unit under the kind it has
in radiation (a hospital doing X-ray is an X射线影像诊断 unit through a further domain)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from premises.models import RadiationProject
from premises.services import radiation as services
from premises.services import supervision_add
from reports.counting.radiation_plan import register_figures
from reports.presentation.radiation import inspection_table, radiation_scope, radiation_workbook
from reports.scope import Period
from reports.sets import RecordSets
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory, kind
from tests.inspections.factories import record

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = Period.year(2024)


def _worker(unit, name, **kw):
    from tests.factories import valid_id_number

    fields = {"practice_category": "xray", "started_on": D(2018, 1, 1)}
    return services.radiation_worker_register(
        user=UserFactory(),
        establishment=unit,
        name=name,
        id_number=valid_id_number(),
        **{**fields, **kw},
    )


def _dose(worker, start, end, dose):
    return services.dose_reading_record(
        user=UserFactory(), worker=worker, period_start=start, period_end=end, dose_msv=dose
    )


@pytest.fixture
def county():
    """Two townships: 城关 with a hospital doing X-ray (a further domain), 株潭 with a
    nuclear-medicine unit; a barber with nothing of radiation."""
    user = UserFactory()
    town, other = TownshipFactory(name="城关镇"), TownshipFactory(name="株潭镇")
    hospital = EstablishmentFactory(
        name="县人民医院", category=kind("md.institution.hospital"), township=town
    )
    supervision_add(
        user=user,
        establishment=hospital,
        category=kind("rd.diagnosis.xray"),
        started_on=D(2020, 1, 1),
    )
    nuclear = EstablishmentFactory(
        name="核医学中心", category=kind("rd.diagnosis.nuclear"), township=other
    )
    EstablishmentFactory(name="理发店", township=town)

    def device(unit, **kw):
        return services.radiation_device_register(
            user=user, establishment=unit, practice_category="xray", **kw
        )

    device(hospital, device_type="ct", serial_number="CT1", installed_on=D(2019, 5, 1))
    old = device(hospital, device_type="dr", serial_number="DR0", installed_on=D(2012, 1, 1))
    services.radiation_device_retire(
        user=user, device=old, retired_on=D(2023, 6, 30), retire_reason="报废"
    )
    device(hospital, device_type="dental", serial_number="DT1", installed_on=D(2025, 3, 1))
    device(nuclear, device_type="spect", serial_number="SP1", installed_on=D(2021, 1, 1))

    # hospital workers in 2024: A certified, monitored, examined; B monitored over 50 mSv,
    # no certificate; C left in 2023; D started in 2025
    a = _worker(
        hospital,
        "甲",
        certificate_number="赣放001",
        certificate_issued_on=D(2021, 1, 1),
        certificate_valid_until=D(2025, 12, 31),
    )
    _dose(a, D(2024, 1, 1), D(2024, 3, 31), "0.3")
    _dose(a, D(2024, 4, 1), D(2024, 6, 30), "0.2")
    services.radiation_exam_record(
        user=user, worker=a, kind="periodic", examined_on=D(2024, 5, 1), conclusion="fit"
    )
    b = _worker(hospital, "乙")
    _dose(b, D(2024, 1, 1), D(2024, 6, 30), "30")
    _dose(b, D(2024, 7, 1), D(2024, 12, 31), "25")
    services.radiation_exam_record(
        user=user, worker=b, kind="pre", examined_on=D(2017, 12, 1), conclusion="fit"
    )
    c = _worker(hospital, "丙")
    services.radiation_worker_update(user=user, worker=c, left_on=D(2023, 3, 31))
    _dose(c, D(2023, 1, 1), D(2023, 3, 31), "0.1")
    _worker(hospital, "丁", started_on=D(2025, 2, 1))
    # the nuclear unit: one worker certified, examined in 2024, not monitored in 2024
    n = _worker(
        nuclear,
        "戊",
        practice_category="nuclear",
        certificate_number="赣放009",
        certificate_issued_on=D(2020, 1, 1),
    )
    services.radiation_exam_record(
        user=user, worker=n, kind="periodic", examined_on=D(2024, 8, 1), conclusion="fit"
    )

    def project(unit, name, **kw):
        return services.radiation_project_register(
            user=user, establishment=unit, name=name, kind="new", practice_category="xray", **kw
        )

    # counted in 2024: pre-assessed 2023 and accepted 2024; pre-assessed 2024 only
    project(
        hospital,
        "CT机房",
        pre_assessed_on=D(2023, 5, 1),
        pre_approved_on=D(2023, 6, 1),
        control_assessed_on=D(2024, 6, 1),
        accepted_on=D(2024, 7, 1),
    )
    project(hospital, "DSA机房", pre_assessed_on=D(2024, 9, 1))
    # not counted: accepted in 2023; begun in 2025
    project(
        hospital,
        "旧DR机房",
        pre_assessed_on=D(2021, 1, 1),
        control_assessed_on=D(2022, 1, 1),
        accepted_on=D(2023, 1, 1),
    )
    project(hospital, "牙片机房", pre_assessed_on=D(2025, 1, 5))
    # the nuclear unit's project registered without dates (today): not begun in 2024
    project(nuclear, "PET机房")

    # an inspection of the hospital under its radiation kind, and one under its main kind
    moment = timezone.make_aware(datetime.datetime(2024, 10, 8, 10))
    record(establishment=hospital, inspected_at=moment, domain=kind("rd.diagnosis.xray").domain)
    record(establishment=hospital, inspected_at=moment + datetime.timedelta(days=1))
    return {"town": town, "other": other, "hospital": hospital, "nuclear": nuclear}


def by_kind(table):
    headers = [c.header for c in table.columns]
    return {row.values[0]: dict(zip(headers, row.values, strict=True)) for row in table.rows}


def test_the_figures_count_each_record_once_under_the_units_radiation_kind(county):
    figures = register_figures(RecordSets(radiation_scope(YEAR)))
    xray, nuclear = kind("rd.diagnosis.xray").pk, kind("rd.diagnosis.nuclear").pk
    assert dict(figures[xray]) == {
        "devices": 1,  # the CT (the DR retired in 2023, the dental unit installed in 2025)
        "workers": 2,  # 甲 and 乙 (丙 left in 2023, 丁 started in 2025)
        "monitored": 2,
        "over_limit": 1,  # 乙: 55 mSv in 2024
        "examined": 1,  # 甲 (乙's pre-employment exam was in 2017)
        "certified": 1,
        "projects": 2,
        "pre_assessed": 2,
        "control_assessed": 1,
        "accepted": 1,
    }
    assert dict(figures[nuclear]) == {"devices": 1, "workers": 1, "examined": 1, "certified": 1}


def test_table_1_by_kind_for_a_year_and_a_township(county):
    rows = by_kind(inspection_table(radiation_scope(YEAR)))
    xray = rows["X射线影像诊断"]
    assert xray["放射诊疗单位数"] == 1  # the hospital, through its further domain
    assert xray["监督检查户次"] == 1  # the visit under its radiation kind only
    assert xray["监督检查单位数"] == 1 and xray["监督覆盖率"] == 1.0
    assert xray["在用放射诊疗设备（台）"] == 1
    assert xray["放射工作人员（人）"] == 2
    assert xray["个人剂量监测（人）"] == 2 and xray["个人剂量监测率"] == 1.0
    assert xray["剂量超限（人）"] == 1
    assert xray["职业健康检查（人）"] == 1 and xray["职业健康检查率"] == 0.5
    assert xray["持有效《放射工作人员证》（人）"] == 1
    assert xray["持证率（放射工作人员证）"] == 0.5
    assert xray["放射诊疗建设项目（个）"] == 2
    assert xray["已做预评价（个）"] == 2
    assert xray["已做控制效果评价（个）"] == 1
    assert xray["竣工验收（个）"] == 1
    nuclear = rows["核医学"]
    assert nuclear["放射诊疗单位数"] == 1 and nuclear["放射工作人员（人）"] == 1
    assert nuclear["个人剂量监测率"] == 0.0
    total = rows["合计"]
    assert total["放射诊疗单位数"] == 2
    assert total["放射工作人员（人）"] == 3
    assert total["个人剂量监测（人）"] == 2
    assert total["在用放射诊疗设备（台）"] == 2
    assert total["个人剂量监测率"] == pytest.approx(0.6667)

    # one township: the nuclear unit of 株潭 is left out
    town = by_kind(inspection_table(radiation_scope(YEAR, county["town"])))
    assert town["合计"]["放射诊疗单位数"] == 1
    assert town["合计"]["放射工作人员（人）"] == 2
    assert town["核医学"]["放射工作人员（人）"] == 0


def test_a_project_whose_first_assessment_is_dated_counts_from_that_day(county):
    # registered today without dates, the nuclear unit's project is not of 2024 …
    assert RadiationProject.objects.get(name="PET机房").pre_assessed_on is None
    # … once its 预评价 of 2024 is recorded, it is
    services.radiation_project_update(
        user=UserFactory(),
        project=RadiationProject.objects.get(name="PET机房"),
        pre_assessed_on=D(2024, 11, 2),
    )
    nuclear = by_kind(inspection_table(radiation_scope(YEAR)))["核医学"]
    assert nuclear["放射诊疗建设项目（个）"] == 1 and nuclear["已做预评价（个）"] == 1


def test_the_workbook_writes_table_1_with_numbers_and_rates(county):
    content = radiation_workbook(period=YEAR, township=county["town"], today=D(2025, 1, 10))
    sheet = load_workbook(io.BytesIO(content))["1 监督检查情况汇总表"]
    assert sheet["A1"].value == "医疗机构放射诊疗工作监督检查情况汇总表"
    assert "统计期间：2024-01-01 至 2024-12-31" in sheet["A2"].value
    assert "城关镇" in sheet["A2"].value
    headers = [c.value for c in sheet[3]]
    assert "个人剂量监测（人）" in headers and "已做控制效果评价（个）" in headers
    row = next(r for r in sheet.iter_rows(min_row=4) if r[0].value == "X射线影像诊断")
    cells = dict(zip(headers, row, strict=True))
    assert cells["剂量超限（人）"].value == 1
    assert cells["职业健康检查率"].value == 0.5
    assert cells["职业健康检查率"].number_format == "0.00%"
    assert isinstance(cells["放射工作人员（人）"].value, int)


def test_the_table_costs_the_same_queries_for_more_records(county):
    from tests.generic import count_queries

    few, _ = count_queries(lambda: inspection_table(radiation_scope(YEAR)))
    hospital = county["hospital"]
    for i in range(3):
        w = _worker(hospital, f"新{i}")
        _dose(w, D(2024, 1, 1), D(2024, 3, 31), Decimal("0.1"))
        services.radiation_device_register(
            user=UserFactory(),
            establishment=hospital,
            device_type="dr",
            practice_category="xray",
            serial_number=f"N{i}",
            installed_on=D(2024, 1, 1),
        )
    many, _ = count_queries(lambda: inspection_table(radiation_scope(YEAR)))
    assert few == many
