"""The occupational-health 汇总表 of seed 004's focused inspection plan (职业卫生重点监督检查
计划, 二、检查内容), built from raw records: employers by the plan's focus hazards (粉尘, 石棉,
有机溶剂), health surveillance by stage, files and cases, construction projects; one year,
one scope; the workbook's sheets; the same queries whatever the data size."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from premises import services
from premises.models import Domain, HazardFactor
from reports.presentation.occupational import (
    OccupationalCounts,
    occupational_scope,
    occupational_workbook,
)
from reports.scope import Period
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory, kind
from tests.generic import count_queries
from tests.inspections.factories import record

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = Period.year(2024)


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def factor(name):
    return HazardFactor.objects.get(name=name)


def county(township=None):
    """Three employers and a public place, with their records of 2024 (and some of 2023)."""
    user = UserFactory()
    township = township or TownshipFactory()
    quarry = EstablishmentFactory(
        name="石英砂厂",
        category=kind("oc.employer.hazard"),
        township=township,
        opened_on=D(2020, 1, 1),
    )
    # a furniture workshop filed as a shop, supervised under 职业卫生 as a further domain
    workshop = EstablishmentFactory(name="家具厂", township=township, opened_on=D(2020, 1, 1))
    services.supervision_add(
        user=user,
        establishment=workshop,
        category=kind("oc.employer.hazard"),
        started_on=D(2024, 1, 1),
    )
    silent = EstablishmentFactory(
        name="未申报厂",
        category=kind("oc.employer.hazard"),
        township=township,
        opened_on=D(2020, 1, 1),
    )
    EstablishmentFactory(name="理发店", township=township)  # not an employer: never counted

    quarry_2024 = services.occupational_profile_record(
        user=user,
        establishment=quarry,
        year=2024,
        workers_total=100,
        exposed_total=40,
        declared=True,
        declared_on=D(2024, 3, 1),
        records_kept=True,
        records_count=40,
    )
    for name, exposed in (("矽尘（游离SiO2含量≥10%）", 30), ("煤尘", 20), ("噪声", 25)):
        services.hazard_exposure_set(
            user=user, profile=quarry_2024, factor=factor(name), exposed=exposed
        )
    services.occupational_profile_record(  # another year: not counted
        user=user, establishment=quarry, year=2023, workers_total=90, exposed_total=35
    )
    workshop_2024 = services.occupational_profile_record(
        user=user, establishment=workshop, year=2024, workers_total=10, exposed_total=6
    )
    services.hazard_exposure_set(user=user, profile=workshop_2024, factor=factor("甲苯"), exposed=6)
    services.hazard_exposure_set(
        user=user, profile=workshop_2024, factor=factor("石棉粉尘"), exposed=2
    )

    def exam(unit, stage, due, examined, year=2024, **more):
        services.health_surveillance_record(
            user=user,
            establishment=unit,
            year=year,
            stage=stage,
            due=due,
            examined=examined,
            **more,
        )

    exam(quarry, "on_duty", 40, 36, rechecked=3, suspected=1, contraindicated=2)
    exam(quarry, "pre", 5, 5)
    exam(workshop, "on_duty", 6, 6)
    exam(quarry, "on_duty", 35, 35, year=2023)  # another year

    def case(unit, name, diagnosed_on, reported_on=None):
        services.occupational_case_record(
            user=user,
            establishment=unit,
            worker_name=name,
            disease_class="pneumoconiosis",
            disease="矽肺壹期",
            diagnosed_on=diagnosed_on,
            reported=reported_on is not None,
            reported_on=reported_on,
        )

    case(quarry, "甲", D(2023, 11, 1), D(2023, 11, 5))  # known before the year
    case(quarry, "乙", D(2024, 5, 6))  # diagnosed in the year, not reported
    case(workshop, "丙", D(2024, 2, 1), D(2024, 2, 10))
    case(quarry, "丁", D(2025, 1, 10))  # after the year

    services.construction_project_record(
        user=user,
        establishment=quarry,
        name="扩建破碎车间",
        investment="500.00",
        industry="非金属矿物制品业",
        approved_by="县发展和改革局",
        approved_on=D(2024, 3, 1),
        pre_assessment_status="passed",
        pre_assessment_on=D(2024, 4, 1),
        design_status="passed",
        design_on=D(2024, 5, 1),
        control_assessment_status="in_progress",
    )
    services.construction_project_record(
        user=user,
        establishment=workshop,
        name="喷漆房",
        approved_on=D(2024, 6, 1),
        pre_assessment_status="na",
        design_status="na",
        control_assessment_status="passed",
        control_assessment_on=D(2024, 9, 1),
        acceptance_status="failed",
        acceptance_on=D(2024, 10, 1),
    )
    services.construction_project_record(  # approved the year before
        user=user, establishment=quarry, name="旧项目", approved_on=D(2023, 5, 1)
    )

    team = [UserFactory(role="inspector"), UserFactory(role="inspector")]
    occupational = Domain.objects.get(code="occupational")
    record(establishment=quarry, inspectors=team, inspected_at=at(D(2024, 6, 3)))
    record(establishment=quarry, inspectors=team, inspected_at=at(D(2024, 9, 3)))
    # the workshop inspected as a shop only: not an occupational inspection
    record(establishment=workshop, inspectors=team, inspected_at=at(D(2024, 6, 4)))
    assert quarry.kind_in(occupational) is not None
    return {"quarry": quarry, "workshop": workshop, "silent": silent, "township": township}


def rows(table):
    return {row.values[0]: row.values[1:] for row in table.rows}


def test_the_tables_are_counted_from_the_register():
    county()
    # a 职业健康检查机构 is of the domain but not a 用人单位 of the plan: not counted
    institution = EstablishmentFactory(
        category=kind("oc.service.exam"), name="职业健康检查中心", opened_on=D(2020, 1, 1)
    )
    services.occupational_profile_record(
        user=UserFactory(), establishment=institution, year=2024, workers_total=9, exposed_total=3
    )
    counts = OccupationalCounts(occupational_scope(YEAR))

    employers = rows(counts.employers_table())
    # units, inspected, rate, workers, exposed
    assert employers["存在粉尘危害（石棉除外）"] == [1, 1, 1.0, 100, 40]  # 30 + 20 capped at 40
    assert employers["存在石棉危害"] == [1, 0, 0.0, 10, 2]
    assert employers["存在有机溶剂危害"] == [1, 0, 0.0, 10, 6]
    assert employers["存在其他职业病危害因素"] == [1, 1, 1.0, 100, 25]
    assert employers["未登记年度危害因素"] == [1, 0, 0.0, 0, 0]
    assert employers["合计（每单位计一次）"] == [3, 1, 0.3333, 110, 46]

    surveillance = rows(counts.surveillance_table())
    # units, due, examined, rate, rechecked, suspected, contraindicated
    assert surveillance["上岗前"] == [1, 5, 5, 1.0, 0, 0, 0]
    assert surveillance["在岗期间"] == [2, 46, 42, 0.913, 3, 1, 2]
    assert surveillance["离岗时"] == [0, 0, 0, None, 0, 0, 0]
    assert surveillance["合计"] == [2, 51, 47, 0.9216, 3, 1, 2]

    files = rows(counts.files_table())["2024年度"]
    # exposed units, keeping files, rate, files, exposed, cases now, new, reported, declared
    assert files == [2, 1, 0.5, 40, 46, 3, 2, 1, 1]

    projects = rows(counts.projects_table())
    # projects, investment, 预评价, 控制效果评价, 审核 due/done, 审查 due/done, 验收 due/done
    assert projects["非金属矿物制品业"] == [1, 500.0, 1, 0, 1, 1, 1, 1, 1, 0]
    assert projects["未填所属行业"] == [1, 0, 0, 1, 0, 0, 0, 0, 1, 1]
    assert projects["合计"] == [2, 500.0, 1, 1, 1, 1, 1, 1, 2, 1]

    listing = counts.project_list_table().rows
    assert [r.values[1] for r in listing] == ["扩建破碎车间", "喷漆房"]
    assert listing[0].values[7] == "已完成（通过）（2024-04-01）"


def test_the_plans_year_from_october_to_september():
    county()
    counts = OccupationalCounts(occupational_scope(Period(D(2023, 10, 1), D(2024, 9, 30))))
    # the projects approved in that window; the yearly records of 2024
    assert rows(counts.projects_table())["合计"][0] == 2
    assert rows(counts.files_table())["2024年度"][5] == 3  # 甲, 乙, 丙 diagnosed by 2024-09-30


def test_a_township_narrows_every_table():
    county()
    other = county(TownshipFactory(name="株潭镇"))
    counts = OccupationalCounts(occupational_scope(YEAR, other["township"]))
    assert rows(counts.employers_table())["合计（每单位计一次）"][0] == 3
    assert rows(counts.surveillance_table())["合计"][1] == 51
    assert rows(OccupationalCounts(occupational_scope(YEAR)).surveillance_table())["合计"][1] == 102


def test_the_workbook_has_the_plans_tables(client_as, inspector):
    county()
    response = client_as(inspector).get(reverse("reports:occupational_xlsx"), {"year": 2024})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "1 用人单位基本情况",
        "2 职业健康监护",
        "3 职业病与监护档案",
        "4 建设项目汇总",
        "5 建设项目一览表",
    ]
    sheet = book["1 用人单位基本情况"]
    assert sheet["A1"].value == "职业卫生重点监督检查情况汇总表：用人单位职业病防治工作基本情况"
    assert "统计期间：2024-01-01 至 2024-12-31" in sheet["A2"].value
    headers = [c.value for c in sheet[3]]
    assert headers == ["职业病危害类别", "企业数", "检查企业数", "检查率", "职工总数", "接害人数"]
    total = [c for c in sheet[9]]
    assert total[0].value == "合计（每单位计一次）" and total[1].value == 3
    assert total[3].number_format == "0.00%"


def test_the_workbook_refuses_a_bad_period(client_as, manager):
    response = client_as(manager).get(reverse("reports:occupational_xlsx"), {"year": "二〇二四"})
    assert response.status_code == 400


def test_the_same_queries_for_more_records():
    county()
    few, _ = count_queries(lambda: occupational_workbook(period=YEAR))
    county()
    many, _ = count_queries(lambda: occupational_workbook(period=YEAR))
    assert many == few
