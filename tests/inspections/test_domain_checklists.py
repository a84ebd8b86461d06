"""Checklists and problem types per domain (issue #18): a school's inspection offers the
school's sheet (一案八制) and the school's problems, not a hotel's; one of another domain
sent anyway is refused on its field and nothing is written; the sheets shipped are there
with their domain; credit grades still read the public-place sheet."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections.models import ChecklistTemplate, GradeAssessment, Inspection, ProblemType
from inspections.services import checklist_revise
from inspections.services.corrections import inspection_amend
from inspections.services.grades import grade_assess
from inspections.views.field import field_data
from premises.models import Domain
from premises.services.supervisions import supervision_add
from tests.factories import EstablishmentFactory, kind
from tests.inspections.factories import inspectors, record, when
from tests.inspections.test_pages import entry_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(db):
    return EstablishmentFactory(name="城关第一小学", category=kind("sc.school.primary_secondary"))


@pytest.fixture
def clinic(db):
    return EstablishmentFactory(name="仁心诊所", category=kind("md.institution.clinic"))


def sheet(code):
    return ChecklistTemplate.objects.current().get(code=code)


def problem(code):
    return ProblemType.objects.get(code=code)


def full_marks(template):
    return {item.pk: (item.max_points, "") for item in template.items.all()}


# ---------------------------------------------------------------- the data shipped


def test_the_shipped_sheets_are_there_with_their_domain_and_kinds(db):
    school_sheet = sheet("school-infection-control")
    assert school_sheet.domain.code == "schools"
    sections = set(school_sheet.items.values_list("subsection", flat=True))
    for rule in (
        "应急预案",
        "晨检制度",
        "因病缺课登记追踪制度",
        "复课证明查验制度",
        "学生健康管理制度",
        "学生免疫规划管理制度",
        "传染病预防控制健康教育制度",
        "通风消毒制度",
        "疫情报告制度",
        "教室采光照明",
        "课桌椅",
        "黑板",
        "饮水",
        "厕所",
        "宿舍",
    ):
        assert rule in sections
    medical = sheet("medical-infection-control")
    assert medical.domain.code == "medical"
    assert {"预防接种", "法定传染病疫情报告", "消毒隔离", "医疗废物处置"} <= set(
        medical.items.values_list("section", flat=True)
    )
    central, secondary = sheet("water-supply-central"), sheet("water-supply-secondary")
    assert {c.code for c in central.categories.all()} == {
        "dw.supply.central",
        "dw.supply.school_well",
    }
    assert [c.code for c in secondary.categories.all()] == ["dw.supply.secondary"]
    assert secondary.items.get(subsection="水箱加盖上锁").is_key
    for template in (school_sheet, medical, central, secondary):
        assert template.total_points == Decimal("100")
        assert template.description  # sources and UNVERIFIED are in the migration
    assert sheet("public-place-routine").domain.code == "public_places"


def test_the_shipped_problems_carry_their_domain_and_requirement(db):
    expected = {
        "md-waste-storage": "medical",
        "md-beyond-scope": "medical",
        "md-unqualified-staff": "medical",
        "md-no-triage": "medical",
        "sc-morning-check-missing": "schools",
        "dw-tank-unlocked": "drinking_water",
        "rd-no-dosimeter": "radiation",
        "oc-no-health-exam": "occupational",
    }
    for code, domain in expected.items():
        row = problem(code)
        assert row.domain.code == domain and row.requirement and row.is_active
    assert problem("sc-morning-check-missing").name == "晨检记录缺失"
    assert problem("dw-tank-unlocked").name == "二次供水水箱未加盖上锁"


# ---------------------------------------------------------------- what fits


def test_a_school_is_offered_the_school_sheet_and_problems_only(school):
    category = school.category
    offered = set(
        ChecklistTemplate.objects.for_inspection(category.domain, category).values_list(
            "code", flat=True
        )
    )
    assert "school-infection-control" in offered
    assert not offered & {"public-place-routine", "swimming-pool", "medical-infection-control"}
    problems = set(ProblemType.objects.for_domain(category.domain).values_list("code", flat=True))
    assert "sc-morning-check-missing" in problems and "other" in problems
    assert not problems & {"no-disinfection-room", "md-waste-storage"}


def test_a_class_listed_covers_its_kinds_and_only_them(db):
    secondary, central = kind("dw.supply.secondary"), kind("dw.supply.central")
    water = secondary.domain
    assert "water-supply-secondary" in ChecklistTemplate.objects.for_inspection(
        water, secondary
    ).values_list("code", flat=True)
    assert "water-supply-secondary" not in ChecklistTemplate.objects.for_inspection(
        water, central
    ).values_list("code", flat=True)
    # the medical sheet names the class 医疗机构: a clinic is of it, a CDC is not
    clinic_kind, cdc = kind("md.institution.clinic"), kind("md.public_health.cdc")
    assert sheet("medical-infection-control").misfit(clinic_kind.domain, clinic_kind) is None
    assert "只适用于医疗机构" in sheet("medical-infection-control").misfit(cdc.domain, cdc)


def test_the_school_entry_page_lists_the_school_sheet_and_problems(client_as, inspector, school):
    page = (
        client_as(inspector)
        .get(reverse("inspections:inspection_add"), {"establishment": school.pk})
        .content.decode()
    )
    assert "学校传染病防控（一案八制）" in page and "晨检记录缺失" in page
    assert "公共场所日常监督检查表" not in page and "无消毒间或消毒设施不全" not in page
    assert "医疗废物暂存不规范" not in page


def test_a_school_inspection_with_the_one_plan_eight_rules_sheet(client_as, inspector, school):
    partner = inspectors(1)[0]
    template = sheet("school-infection-control")
    items = list(template.items.all())
    morning = next(i for i in items if i.subsection == "晨检制度")
    data = {
        **entry_data(school, [inspector, partner]),
        "checklist": template.pk,
        "problems": [problem("sc-morning-check-missing").pk],
    }
    for item in items:
        data[f"score_{item.pk}"] = f"{item.max_points.normalize():f}"
    data[f"verdict_{morning.pk}"] = "fails"
    data[f"score_{morning.pk}"] = "3"
    data[f"note_{morning.pk}"] = "近两周晨检记录缺失"
    dorm = next(i for i in items if i.subsection == "宿舍")
    data[f"verdict_{dorm.pk}"] = "na"  # 走读学校: 不适用
    response = client_as(inspector).post(reverse("inspections:inspection_add"), data)
    assert response.status_code == 302, response.context["form"].errors
    inspection = Inspection.objects.get()
    assert inspection.checklist == template and inspection.category.domain.code == "schools"
    assert [p.code for p in inspection.problems.all()] == ["sc-morning-check-missing"]
    summary = inspection.score_summary()
    assert summary["full"] == 94 and summary["total"] == 89
    assert not summary["passed"] and summary["key_failed"]  # 晨检 is a key item


# ---------------------------------------------------------------- refusals


def test_a_foreign_sheet_posted_is_refused_on_its_field_and_nothing_written(
    client_as, inspector, school
):
    partner = inspectors(1)[0]
    hotel_sheet = sheet("public-place-routine")
    data = {**entry_data(school, [inspector, partner]), "checklist": hotel_sheet.pk}
    for item in hotel_sheet.items.all():
        data[f"score_{item.pk}"] = f"{item.max_points.normalize():f}"
    response = client_as(inspector).post(reverse("inspections:inspection_add"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "公共场所专业的评分表，不能用于学校卫生检查" in " ".join(errors["checklist"])
    assert not Inspection.all_objects.exists()


def test_a_foreign_problem_posted_is_refused_on_its_field_and_nothing_written(
    client_as, inspector, school
):
    partner = inspectors(1)[0]
    data = {
        **entry_data(school, [inspector, partner]),
        "problems": [problem("sc-morning-check-missing").pk, problem("md-waste-storage").pk],
    }
    response = client_as(inspector).post(reverse("inspections:inspection_add"), data)
    assert response.status_code == 400
    message = " ".join(response.context["form"].errors["problems"])
    assert "“医疗废物暂存不规范”是医疗卫生专业的问题，不能记入学校卫生检查" in message
    page = response.content.decode()
    assert "医疗废物暂存不规范" in page  # shown, ticked, with the reason beside it
    assert not Inspection.all_objects.exists()


def test_the_api_refuses_a_foreign_sheet_and_problem_on_their_fields(client_as, inspector, school):
    partner = inspectors(1)[0]
    response = client_as(inspector).post(
        "/api/v1/inspections/",
        {
            "establishment": school.pk,
            "date": when().isoformat(),
            "inspectors": [inspector.pk, partner.pk],
            "kind": "routine",
            "person_present": "校长李某",
            "checklist": sheet("medical-infection-control").pk,
            "scores": [],
            "problems": [problem("rd-no-dosimeter").pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "医疗卫生专业的评分表" in str(body["checklist"])
    assert "放射卫生专业的问题" in str(body["problems"])
    assert not Inspection.all_objects.exists()


def test_a_hospital_s_further_domain_takes_that_domain_s_sheets_and_problems(db):
    hospital = EstablishmentFactory(name="县人民医院", category=kind("md.institution.hospital"))
    team = inspectors()
    supervision_add(
        user=team[0],
        establishment=hospital,
        category=kind("rd.diagnosis.xray"),
        started_on=datetime.date(2020, 1, 1),
    )
    radiation = Domain.objects.get(code="radiation")
    with pytest.raises(ValidationError) as refused:
        record(
            establishment=hospital,
            team=team,
            domain=radiation,
            problems=[problem("md-waste-storage")],
        )
    assert "problems" in refused.value.message_dict
    inspection = record(
        establishment=hospital,
        team=team,
        domain=radiation,
        problems=[problem("rd-no-dosimeter"), problem("other")],
    )
    assert inspection.category.code == "rd.diagnosis.xray"
    # under its main domain the medical sheet is for it
    medical = sheet("medical-infection-control")
    record(establishment=hospital, team=team, checklist=medical, scores=full_marks(medical))


def test_a_correction_adds_no_problem_of_another_domain(school):
    team = inspectors()
    inspection = record(establishment=school, team=team)
    with pytest.raises(ValidationError) as refused:
        inspection_amend(
            inspection=inspection,
            user=team[0],
            reason="补录问题",
            problems=[problem("md-no-triage")],
        )
    assert "医疗卫生专业的问题" in str(refused.value.message_dict["problems"])
    assert not inspection.problems.exists()


# ---------------------------------------------------------------- versions and grades


def test_a_new_version_keeps_the_scope_and_may_change_it(db):
    template = sheet("water-supply-secondary")
    new = checklist_revise(template=template, user=None)
    assert new.version == 2 and new.domain == template.domain
    assert list(new.categories.all()) == list(template.categories.all())
    wider = checklist_revise(
        template=new, user=None, categories=[kind("dw.supply"), kind("dw.supply.central")]
    )
    assert {c.code for c in wider.categories.all()} == {"dw.supply", "dw.supply.central"}
    school_well = kind("dw.supply.school_well")
    offered = ChecklistTemplate.objects.for_inspection(school_well.domain, school_well)
    assert wider in offered and new not in offered  # only the current version is offered


def test_grades_still_come_from_the_public_place_sheet(db):
    unit = EstablishmentFactory(name="清泉浴室")
    team = inspectors()
    routine = sheet("public-place-routine")
    inspection = record(
        establishment=unit, team=team, checklist=routine, scores=full_marks(routine)
    )
    grade = grade_assess(user=team[0], inspection=inspection)
    assert grade.grade == "A"
    assert GradeAssessment.objects.get() == grade


def test_a_school_sheet_gives_no_credit_grade(school):
    team = inspectors()
    template = sheet("school-infection-control")
    inspection = record(
        establishment=school, team=team, checklist=template, scores=full_marks(template)
    )
    with pytest.raises(ValidationError, match="只评定公共场所单位"):
        grade_assess(user=team[0], inspection=inspection)


def test_the_offline_download_names_each_unit_s_sheets_and_problems(school, inspector):
    data = field_data(inspector, [school.pk])
    (unit,) = data["units"]
    names = {c["id"]: c["name"] for c in data["checklists"]}
    offered = [names[pk] for pk in unit["checklists"]]
    assert any("一案八制" in name for name in offered)
    assert not any("公共场所" in name for name in offered)
    problems = {p["id"]: p["name"] for p in data["problem_types"]}
    offered = {problems[pk] for pk in unit["problem_types"]}
    assert "晨检记录缺失" in offered and "其他" in offered
    assert "医疗废物暂存不规范" not in offered


def test_only_a_public_place_inspection_offers_the_credit_grade(client_as, school):
    team = inspectors()
    template = sheet("school-infection-control")
    at_school = record(
        establishment=school, team=team, checklist=template, scores=full_marks(template)
    )
    routine = sheet("public-place-routine")
    at_baths = record(
        establishment=EstablishmentFactory(name="清泉浴室"),
        team=team,
        checklist=routine,
        scores=full_marks(routine),
    )
    client = client_as(team[0])
    assert "评定信誉度等级" not in client.get(at_school.get_absolute_url()).content.decode()
    assert "评定信誉度等级" in client.get(at_baths.get_absolute_url()).content.decode()
