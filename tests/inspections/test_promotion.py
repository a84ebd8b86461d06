"""健康促进 (seed 004): a subject scored against its standard's sheet gives the total, the
转化得分 and 达标 the sheet's rule says; the plan's figures count the subjects meeting the
standard against the year's targets; a voided assessment drops out; a foreign sheet is refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from inspections.choices import ChecklistPurpose
from inspections.models import (
    ChecklistTemplate,
    PromotionAssessment,
    PromotionPlan,
    PromotionStandard,
    PromotionTarget,
)
from inspections.services.promotion import (
    promotion_assess,
    promotion_figures,
    promotion_subjects,
    promotion_void,
)
from premises.choices import SubjectKind
from premises.models import Category
from tests.factories import EstablishmentFactory

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)


def standard(group):
    return PromotionStandard.objects.get(group=group)


def full_marks(sheet, less=None):
    """Every item at full marks; ``less``: {item order: points taken off}."""
    less = less or {}
    return {
        item.pk: (item.max_points - Decimal(less.get(item.order, 0)), "")
        for item in sheet.items.all()
    }


def community_standard():
    """The community standard and the kind 行政村 (the 健康促进 kinds of the subjects without a
    credit code)."""
    return standard("community"), Category.objects.get(code="hp.setting.village")


def village(name):
    return EstablishmentFactory(
        category=Category.objects.get(code="hp.setting.village"),
        subject_kind=SubjectKind.VILLAGE,
        credit_code="",
        name=name,
    )


def family(name):
    return EstablishmentFactory(
        category=Category.objects.get(code="hp.setting.family"),
        subject_kind=SubjectKind.FAMILY,
        credit_code="",
        name=name,
    )


def assess(user, subject, std, *, less=None, on=TODAY, sheet=None):
    sheet = sheet or std.current_sheet()
    return promotion_assess(
        user=user,
        subject=subject,
        standard=std,
        sheet=sheet,
        assessed_on=on,
        assessors="王一、李二",
        scores=full_marks(sheet, less),
    )


def test_community_sheet_is_a_health_promotion_sheet_with_its_rule(db):
    sheet = standard("community").current_sheet()
    assert sheet.code == "healthy-community-2016"
    assert sheet.purpose == ChecklistPurpose.HEALTH_PROMOTION
    assert sheet.pass_mark == Decimal("70") and sheet.converted_factor == Decimal("15")
    assert not ChecklistTemplate.objects.for_inspections().filter(pk=sheet.pk).exists()


def test_the_other_sheets_are_skeletons_marked_unverified(db):
    for group in ("hospital", "school", "office", "enterprise", "family"):
        sheet = standard(group).current_sheet()
        assert sheet is not None, group
        assert "UNVERIFIED" in sheet.description
        assert sheet.total_points == Decimal("100")
        assert all("UNVERIFIED" in item.content for item in sheet.items.all())


def test_score_gives_converted_score_and_pass(db, inspector):
    community, _ = community_standard()
    east = village("东村")
    # 80 of 100: 转化得分 15 × 80 / 100 = 12, 达标 (≥ 70)
    passed = assess(inspector, east, community, less={21: 10, 22: 10})
    assert passed.total == Decimal("80")
    assert passed.converted == Decimal("12.00")
    assert passed.passed
    # 69.5: not 达标, converted 10.43 (15 × 69.5 / 100 = 10.425, half up)
    other = village("西村")
    failed = assess(inspector, other, community, less={21: 10, 22: 10, 19: 4, 20: 6.5})
    assert failed.total == Decimal("69.5")
    assert failed.converted == Decimal("10.43")
    assert not failed.passed


def test_a_foreign_sheet_is_refused_and_nothing_is_written(db, inspector):
    hospital = EstablishmentFactory(category=Category.objects.get(code="md.institution.hospital"))
    std = standard("hospital")
    foreign = standard("school").current_sheet()
    routine = ChecklistTemplate.objects.for_inspections().first()
    for sheet in (foreign, routine):
        with pytest.raises(ValidationError) as refused:
            assess(inspector, hospital, std, sheet=sheet)
        assert "不是“健康促进医院”的评分表" in str(refused.value)
    assert not PromotionAssessment.all_objects.exists()


def test_a_subject_outside_the_standard_and_a_future_date_are_refused(db, inspector, establishment):
    with pytest.raises(ValidationError) as refused:
        assess(inspector, establishment, standard("hospital"))
    assert "不属于“健康促进医院”适用的对象" in str(refused.value)
    school = EstablishmentFactory(category=Category.objects.get(code="sc.school.primary_secondary"))
    with pytest.raises(ValidationError) as refused:
        assess(inspector, school, standard("school"), on=TODAY + datetime.timedelta(days=1))
    assert "评估日期不能晚于今天" in str(refused.value)


def test_an_unscored_item_is_refused(db, inspector):
    school = EstablishmentFactory(category=Category.objects.get(code="sc.school.primary_secondary"))
    std = standard("school")
    sheet = std.current_sheet()
    scores = full_marks(sheet)
    scores.pop(sheet.items.first().pk)
    with pytest.raises(ValidationError) as refused:
        promotion_assess(
            user=inspector,
            subject=school,
            standard=std,
            sheet=sheet,
            assessed_on=TODAY,
            assessors="王一",
            scores=scores,
        )
    assert "还有 1 项未评分" in str(refused.value)


@pytest.fixture
def plan(db):
    plan = PromotionPlan.objects.create(
        year=2026, title="2026年健康细胞建设计划", due_on=datetime.date(2026, 9, 30)
    )
    for group, share, count in (
        ("community", Decimal("30"), None),
        ("family", None, 100),
        ("hospital", Decimal("60"), None),
        ("school", Decimal("50"), None),
    ):
        PromotionTarget.objects.create(
            plan=plan, standard=standard(group), share=share, count=count
        )
    return plan


def figure(plan, group, as_of=TODAY):
    return next(f for f in promotion_figures(plan, as_of) if f.standard.group == group)


def test_share_against_target_and_gap(db, inspector, plan):
    hospital_kind = Category.objects.get(code="md.institution.hospital")
    clinic_kind = Category.objects.get(code="md.institution.clinic")
    units = [EstablishmentFactory(category=hospital_kind) for _ in range(3)]
    units += [EstablishmentFactory(category=clinic_kind) for _ in range(2)]
    EstablishmentFactory()  # a barber's: not a medical unit
    std = standard("hospital")
    assess(inspector, units[0], std)  # 100: 达标
    assess(inspector, units[1], std, less={3: 40})  # 60: 未达标
    row = figure(plan, "hospital")
    assert (row.in_scope, row.met, row.share) == (5, 1, Decimal("20.0"))
    assert row.target_label == "60%"
    assert (row.needed, row.gap, row.reached) == (3, 2, False)  # 60% of 5 = 3
    met = promotion_subjects(plan, std, TODAY, "met")
    assert list(met.values_list("pk", flat=True)) == [units[0].pk]
    unmet = set(promotion_subjects(plan, std, TODAY, "unmet").values_list("pk", flat=True))
    assert unmet == {u.pk for u in units[1:]}
    # a later assessment supersedes: the second hospital now meets it
    assess(inspector, units[1], std)
    assert figure(plan, "hospital").met == 2


def test_a_voided_assessment_drops_out_of_the_figure(db, inspector, manager, plan):
    school = EstablishmentFactory(category=Category.objects.get(code="sc.school.primary_secondary"))
    std = standard("school")
    earlier = assess(inspector, school, std, less={3: 40}, on=TODAY - datetime.timedelta(days=30))
    later = assess(inspector, school, std)
    assert figure(plan, "school").met == 1
    promotion_void(user=manager, assessment=later, reason="评分录错")
    row = figure(plan, "school")
    assert (row.in_scope, row.met, row.gap) == (1, 0, 1)  # the earlier one (60) stands again
    later.refresh_from_db()
    assert later.is_voided and PromotionAssessment.all_objects.filter(pk=later.pk).exists()
    with pytest.raises(ValidationError):
        promotion_void(user=manager, assessment=earlier, reason="")


def test_figures_read_on_a_day_count_assessments_up_to_it(db, inspector, plan):
    school = EstablishmentFactory(category=Category.objects.get(code="sc.school.primary_secondary"))
    assess(inspector, school, standard("school"))
    assert figure(plan, "school", as_of=TODAY - datetime.timedelta(days=1)).met == 0
    assert figure(plan, "school").met == 1


def test_count_target_for_families(db, inspector, plan):
    home = family("张家")
    family("李家")
    assess(inspector, home, standard("family"))
    row = figure(plan, "family")
    assert row.target_label == "≥ 100 个"
    assert (row.in_scope, row.met, row.share, row.gap) == (2, 1, Decimal("50.0"), 99)


# ---------------------------------------------------------------- pages


def score_post(sheet, std, subject, less=None, **extra):
    data = {
        "standard": std.pk,
        "sheet": sheet.pk,
        "subject": subject.pk,
        "assessed_on": TODAY.isoformat(),
        "assessors": "王一、李二",
    }
    for item in sheet.items.all():
        full = item.max_points
        off = Decimal((less or {}).get(item.order, 0))
        data[f"verdict_{item.pk}"] = "fails" if off else "meets"
        data[f"score_{item.pk}"] = str(full - off)
    return data | extra


def test_assessor_scores_on_the_page_and_sees_the_result(db, client_as, inspector):
    community, _ = community_standard()
    east = village("东村")
    sheet = community.current_sheet()
    client = client_as(inspector)
    url = reverse("inspections:promotion_assess")
    page = client.get(url).content.decode()
    assert "健康社区/健康村" in page and "健康促进医院" in page
    page = client.get(url, {"standard": community.pk}).content.decode()
    assert "组织管理" in page and "转化得分 = 15" in page and "东村" in page
    response = client.post(url, score_post(sheet, community, east, less={21: 10, 22: 10}))
    assessment = PromotionAssessment.objects.get()
    assert response.status_code == 302 and response.url == assessment.get_absolute_url()
    detail = client.get(response.url).content.decode()
    assert "达标" in detail and "80 / 100" in detail and ">12<" in detail


def test_page_refuses_another_standards_sheet(db, client_as, inspector):
    hospital = EstablishmentFactory(category=Category.objects.get(code="md.institution.hospital"))
    std = standard("hospital")
    foreign = standard("school").current_sheet()
    response = client_as(inspector).post(
        reverse("inspections:promotion_assess"), score_post(foreign, std, hospital)
    )
    assert response.status_code == 400
    assert "不是“健康促进医院”的评分表" in response.content.decode()
    assert not PromotionAssessment.all_objects.exists()


def test_manager_reads_the_figures_drills_down_and_exports(db, client_as, inspector, manager, plan):
    school = EstablishmentFactory(
        category=Category.objects.get(code="sc.school.primary_secondary"), name="第一中学"
    )
    EstablishmentFactory(category=school.category, name="第二小学")
    assess(inspector, school, standard("school"))
    client = client_as(manager)
    page = client.get(plan.get_absolute_url(), {"as_of": TODAY.isoformat()})
    assert page.status_code == 200
    row = next(f for f in page.context["figures"] if f.standard.group == "school")
    assert (row.in_scope, row.met, row.share, row.gap) == (2, 1, Decimal("50.0"), 0)
    drill = client.get(
        reverse("inspections:promotion_subjects", args=[plan.pk]),
        {"group": "school", "show": "met", "as_of": TODAY.isoformat()},
    ).content.decode()
    assert "第一中学" in drill and "第二小学" not in drill
    export = client.get(plan.get_absolute_url(), {"as_of": TODAY.isoformat(), "export": "xlsx"})
    sheet = load_workbook(filename=__import__("io").BytesIO(export.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    school_row = next(r for r in rows if r and r[1] == "健康促进学校")
    assert school_row[2:5] == [2, 1, 50]
