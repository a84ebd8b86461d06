"""公共场所卫生信誉度等级 (量化分级): a grade from an inspection's standardised score, key
items (※) and 合理缺项; the rules as data (editing them changes the next grade only); void;
the planned frequency by grade; draws by grade, reproducible; the 公示牌 PDF; pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from inspections.choices import CreditGrade, GradeRuleRow
from inspections.models import ChecklistItem, ChecklistTemplate, GradeAssessment, GradeRule
from inspections.models.grades import grade_for, units_behind_plan
from inspections.services import draw_make, draw_verify
from inspections.services.draws import draw_problems
from inspections.services.grades import grade_assess, grade_void, unit_grade
from inspections.views.grades import GradeListView, PlanListView
from premises.models import Category
from tests.factories import EstablishmentFactory, UserFactory
from tests.generic import ListPageTests
from tests.inspections.factories import inspectors, record, when
from tests.pdf import pdf_text


def sheet(points, *, key=(), code="grade-sheet"):
    template = ChecklistTemplate.objects.create(
        code=code, name="公共场所量化分级评分表", pass_mark=Decimal("60")
    )
    for order, value in enumerate(points):
        ChecklistItem.objects.create(
            template=template,
            section="卫生管理",
            content=f"项目{order + 1}",
            max_points=Decimal(value),
            order=order,
            is_key=order in key,
        )
    return template


@pytest.fixture
def team(db):
    return inspectors()


@pytest.fixture
def unit(db):
    return EstablishmentFactory(name="清泉浴室")


def scored(unit, team, template, values, days_ago=1):
    """An inspection of ``unit`` with ``values`` per item (None: 合理缺项)."""
    items = list(template.items.all())
    scores = {item.pk: (value, "") for item, value in zip(items, values, strict=True)}
    return record(
        establishment=unit,
        team=team,
        checklist=template,
        scores=scores,
        inspected_at=when(days_ago=days_ago),
    )


# ---------------------------------------------------------------- the rule


def test_shipped_rules_are_sourced_and_marked(db):
    rules = GradeRule.objects.by_row()
    assert set(rules) == set(GradeRuleRow.values)
    assert rules["A"].min_score == Decimal("90") and rules["B"].min_score == Decimal("70")
    assert rules["C"].min_score == Decimal("60") and rules["unrated"].min_score is None
    assert all(rule.source for rule in rules.values())
    assert "UNVERIFIED" in rules["A"].source  # secondary copies only


@pytest.mark.parametrize(
    "score,key_failed,grade",
    [
        ("90.0", False, "A"),
        ("89.9", False, "B"),
        ("70.0", False, "B"),
        ("69.9", False, "C"),
        ("60.0", False, "C"),
        ("59.9", False, "none"),
        ("98.0", True, "none"),  # a key item not met: no grade (shipped rule)
    ],
)
def test_grade_for_the_shipped_thresholds(db, score, key_failed, grade):
    rules = GradeRule.objects.by_row()
    assert grade_for(standardised=Decimal(score), key_failed=key_failed, rules=rules) == grade


def test_a_key_item_caps_the_grade_where_the_rules_allow_a_lower_one(db):
    GradeRule.objects.filter(row__in=["B", "C"]).update(allowed_with_key_failure=True)
    rules = GradeRule.objects.by_row()
    assert grade_for(standardised=Decimal("98"), key_failed=True, rules=rules) == "B"
    assert grade_for(standardised=Decimal("65"), key_failed=True, rules=rules) == "C"


def test_grade_from_a_scored_inspection_with_reasonably_absent_items(unit, team):
    """10 points not applicable (合理缺项) leave the maximum: 84 of 90 = 93.3, an A;
    counted on the sheet's 100 it would be 84, a B."""
    template = sheet(["10", "40", "50"], key=[2])
    inspection = scored(unit, team, template, [None, "34", "50"])
    assessment = grade_assess(user=team[0], inspection=inspection)
    assert assessment.full == Decimal("90") and assessment.total == Decimal("84")
    assert assessment.standardised == Decimal("93.3")
    assert assessment.grade == CreditGrade.A and assessment.not_applicable_items == 1
    assert assessment.key_failed == []
    assert assessment.inspection == inspection and assessment.establishment == unit
    assert assessment.assessed_on == timezone.localdate()
    assert unit_grade(unit) == assessment


def test_a_key_item_not_met_gives_no_grade_whatever_the_score(unit, team):
    template = sheet(["10", "40", "50"], key=[2])
    inspection = scored(unit, team, template, ["10", "40", "45"])
    assessment = grade_assess(user=team[0], inspection=inspection)
    assert assessment.standardised == Decimal("95.0")
    assert assessment.grade == CreditGrade.NONE and assessment.key_failed == ["项目3"]


def test_editing_the_thresholds_changes_the_next_grade_not_the_last(unit, team):
    template = sheet(["50", "50"])
    first = grade_assess(user=team[0], inspection=scored(unit, team, template, ["45", "41"], 3))
    assert first.grade == CreditGrade.B  # 86
    GradeRule.objects.filter(row="A").update(min_score=Decimal("85"))
    second = grade_assess(user=team[0], inspection=scored(unit, team, template, ["45", "41"], 2))
    assert second.grade == CreditGrade.A
    first.refresh_from_db()
    assert first.grade == CreditGrade.B and first.rules["A"]["min_score"] == "90.0"
    assert second.rules["A"]["min_score"] == "85.0"
    assert unit_grade(unit) == second  # the newer supersedes


def test_refusals(unit, team):
    template = sheet(["50", "50"])
    no_sheet = record(establishment=unit, team=team)
    with pytest.raises(ValidationError) as error:
        grade_assess(user=team[0], inspection=no_sheet)
    assert "没有使用量化评分表" in str(error.value)
    clinic_kind = Category.objects.kinds().exclude(domain__code="public_places").first()
    clinic = EstablishmentFactory(category=clinic_kind)
    with pytest.raises(ValidationError) as error:
        grade_assess(user=team[0], inspection=scored(clinic, team, template, ["50", "50"]))
    assert "只评定公共场所" in str(error.value)
    inspection = scored(unit, team, template, ["50", "50"])
    grade_assess(user=team[0], inspection=inspection)
    with pytest.raises(ValidationError) as error:
        grade_assess(user=team[0], inspection=inspection)
    assert "已评定过" in str(error.value)
    with pytest.raises(ValidationError) as error:
        grade_assess(
            user=team[0],
            inspection=scored(unit, team, template, ["50", "50"], days_ago=1),
            assessed_on=timezone.localdate() - datetime.timedelta(days=5),
        )
    assert "不能早于检查日期" in str(error.value)


# ---------------------------------------------------------------- void


def test_void_brings_back_the_grade_before_and_frees_the_inspection(unit, team):
    template = sheet(["50", "50"])
    older = grade_assess(user=team[0], inspection=scored(unit, team, template, ["40", "35"], 3))
    inspection = scored(unit, team, template, ["50", "50"], 2)
    newer = grade_assess(user=team[0], inspection=inspection)
    assert unit_grade(unit) == newer
    with pytest.raises(ValidationError):
        grade_void(user=team[0], assessment=newer, reason="  ")
    grade_void(user=team[0], assessment=newer, reason="评分录错")
    assert unit_grade(unit) == older
    kept = GradeAssessment.all_objects.get(pk=newer.pk)
    assert kept.is_voided and kept.void_reason == "评分录错" and kept.grade == CreditGrade.A
    assert not GradeAssessment.objects.filter(pk=newer.pk).exists()
    with pytest.raises(ValidationError):
        grade_void(user=team[0], assessment=kept, reason="再次")
    again = grade_assess(user=team[0], inspection=inspection)  # assessed anew
    assert unit_grade(unit) == again


# ---------------------------------------------------------------- planned frequency


def test_units_behind_their_planned_visits(team):
    template = sheet(["50", "50"])
    year = timezone.localdate().year
    a_unit = EstablishmentFactory(name="A级单位")
    c_unit = EstablishmentFactory(name="C级单位")
    unrated = EstablishmentFactory(name="未评定单位")
    grade_assess(user=team[0], inspection=scored(a_unit, team, template, ["50", "45"]))
    grade_assess(user=team[0], inspection=scored(c_unit, team, template, ["30", "35"]))
    behind = {u.name: u for u in units_behind_plan(year=year)}
    assert "A级单位" not in behind  # planned 1, made 1
    assert behind["C级单位"].current_grade == "C"
    assert (behind["C级单位"].planned_visits, behind["C级单位"].visits) == (3, 1)
    assert behind["C级单位"].missing_visits == 2
    assert behind["未评定单位"].current_grade is None and behind["未评定单位"].visits == 0
    GradeRule.objects.filter(row="C").update(visits_per_year=1)
    assert "C级单位" not in {u.name for u in units_behind_plan(year=year)}
    assert unrated.pk in {u.pk for u in units_behind_plan(year=year)}


# ---------------------------------------------------------------- draws by grade


def test_a_draw_by_grade_takes_each_grades_share_and_is_re_run_to_the_same_result(team):
    template = sheet(["50", "50"])
    graded = {"A": [], "C": []}
    for i in range(10):
        u = EstablishmentFactory(name=f"A{i}")
        grade_assess(user=team[0], inspection=scored(u, team, template, ["50", "50"]))
        graded["A"].append(u.pk)
    for i in range(4):
        u = EstablishmentFactory(name=f"C{i}")
        grade_assess(user=team[0], inspection=scored(u, team, template, ["30", "35"]))
        graded["C"].append(u.pk)
    unrated = [EstablishmentFactory(name=f"U{i}").pk for i in range(5)]
    GradeRule.objects.filter(row="A").update(draw_share=Decimal("10"))
    GradeRule.objects.filter(row="C").update(draw_share=Decimal("50"))
    GradeRule.objects.filter(row="unrated").update(draw_share=Decimal("0"))
    manager = UserFactory(role="manager")
    draw = draw_make(user=manager, name="按等级抽查", by_grade=True)
    drawn = list(draw.assignments.values_list("establishment_id", flat=True))
    assert sum(pk in graded["A"] for pk in drawn) == 1  # ceil(10 × 10%)
    assert sum(pk in graded["C"] for pk in drawn) == 2  # ceil(4 × 50%)
    assert not set(drawn) & set(unrated)
    assert draw.parameters["grade_counts"]["A"] == 1 and draw.parameters["count"] == 3
    assert draw_verify(draw=draw)
    # A grade changed in the snapshot no longer re-runs to the recorded result.
    snapshot = dict(draw.snapshot)
    snapshot["grades"] = [[pk, "A"] for pk, _g in snapshot["grades"]]
    draw.snapshot = snapshot
    assert draw_problems(draw=draw)


def test_a_draw_by_grade_takes_no_count(team):
    with pytest.raises(ValidationError):
        draw_make(user=UserFactory(role="manager"), name="x", by_grade=True, count=3)


# ---------------------------------------------------------------- the 公示牌 and pages


def test_the_notice_pdf_names_the_unit_and_its_grade(client_as, unit, team):
    template = sheet(["50", "50"])
    assessment = grade_assess(user=team[0], inspection=scored(unit, team, template, ["46", "45"]))
    response = client_as(team[0]).get(reverse("inspections:grade_notice", args=[assessment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "清泉浴室" in text and "优秀" in text and "公共场所卫生信誉度等级" in text
    assert " A" in text or "\nA" in text or "A\n" in text


def test_assess_and_void_through_the_pages(client_as, unit, team, manager):
    template = sheet(["50", "50"])
    inspection = scored(unit, team, template, ["40", "35"])
    client = client_as(team[0])
    url = reverse("inspections:grade_assess", args=[inspection.pk])
    page = client.get(url)
    assert page.status_code == 200 and "B级（良好）" in page.content.decode()
    response = client.post(url, {"assessed_on": timezone.localdate().isoformat(), "note": ""})
    assessment = GradeAssessment.objects.get(inspection=inspection)
    assert response.status_code == 302 and assessment.grade == CreditGrade.B
    # the publication list and its export
    listing = client.get(reverse("inspections:grade_list"), {"grade": "B"})
    assert "清泉浴室" in listing.content.decode()
    export = client.get(reverse("inspections:grade_list"), {"export": "xlsx"})
    assert export.status_code == 200
    # an inspector may not void; a manager may
    void_url = reverse("inspections:grade_void", args=[assessment.pk])
    assert client.get(void_url).status_code == 403
    response = client_as(manager).post(void_url, {"reason": "选错检查"})
    assert response.status_code == 302
    assert unit_grade(unit) is None
    assert "清泉浴室" not in client.get(reverse("inspections:grade_list")).content.decode()


def test_the_unit_file_shows_the_current_grade(client_as, unit, team):
    template = sheet(["50", "50"])
    grade_assess(user=team[0], inspection=scored(unit, team, template, ["46", "45"]))
    page = client_as(team[0]).get(unit.get_absolute_url())
    assert "现行等级" in page.content.decode() and "A级（优秀）" in page.content.decode()


def test_the_plan_page_lists_units_behind(client_as, unit, team):
    page = client_as(team[0]).get(reverse("inspections:grade_plan"))
    assert page.status_code == 200 and "清泉浴室" in page.content.decode()


def test_the_api_assesses_lists_and_voids(client_as, unit, team, manager):
    template = sheet(["50", "50"])
    inspection = scored(unit, team, template, ["40", "35"])
    client = client_as(team[0])
    created = client.post(
        "/api/v1/grades/", {"inspection": inspection.pk}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["grade"] == "B" and created.json()["standardised"] == "75.0"
    again = client.post(
        "/api/v1/grades/", {"inspection": inspection.pk}, content_type="application/json"
    )
    assert again.status_code == 400 and "inspection" in again.json()
    listed = client.get("/api/v1/grades/", {"grade": "B"}).json()
    assert [row["establishment_name"] for row in listed["results"]] == ["清泉浴室"]
    pk = created.json()["id"]
    assert client.post(f"/api/v1/grades/{pk}/void/", {"reason": "x"}).status_code == 403
    voided = client_as(manager).post(
        f"/api/v1/grades/{pk}/void/", {"reason": "选错检查"}, content_type="application/json"
    )
    assert voided.status_code == 200 and voided.json()["is_voided"] is True
    assert client.get("/api/v1/grades/").json()["results"] == []


def test_the_api_draws_by_grade(client_as, team, manager):
    EstablishmentFactory()
    response = client_as(manager).post(
        "/api/v1/draws/", {"name": "按等级", "by_grade": True}, content_type="application/json"
    )
    assert response.status_code == 201, response.content


def test_the_published_workbook_of_a_draw_by_grade_is_verified_by_the_script(
    client_as, team, tmp_path
):
    import subprocess
    import sys
    from pathlib import Path

    template = sheet(["50", "50"])
    for i in range(3):
        u = EstablishmentFactory(name=f"A{i}")
        grade_assess(user=team[0], inspection=scored(u, team, template, ["50", "50"]))
    for i in range(3):
        EstablishmentFactory(name=f"U{i}")
    GradeRule.objects.filter(row="A").update(draw_share=Decimal("50"))
    GradeRule.objects.filter(row="unrated").update(draw_share=Decimal("40"))
    manager = UserFactory(role="manager")
    draw = draw_make(user=manager, name="按等级抽查", by_grade=True)
    workbook = client_as(manager).get(reverse("inspections:draw_export", args=[draw.pk]))
    path = tmp_path / "draw.xlsx"
    path.write_bytes(workbook.content)
    script = Path(__file__).resolve().parents[2] / "scripts" / "verify_draw.py"
    done = subprocess.run(
        [sys.executable, str(script), str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "验证结果：一致" in done.stdout and "按信誉度等级抽取" in done.stdout


# ---------------------------------------------------------------- lists (tests/generic.py)


class TestGradeList(ListPageTests):
    url_name = "inspections:grade_list"
    view_class = GradeListView
    export_headers = ("单位", "乡镇（街道）", "类别", "信誉度等级", "标化分", "评定日期")

    def make_object(self, **kwargs):
        template = ChecklistTemplate.objects.filter(code="list-sheet").first() or sheet(
            ["50", "50"], code="list-sheet"
        )
        team = inspectors()
        unit = EstablishmentFactory()
        assessment = grade_assess(
            user=team[0], inspection=scored(unit, team, template, ["45", "40"])
        )
        assessment.name = unit.name
        return assessment


class TestPlanList(ListPageTests):
    url_name = "inspections:grade_plan"
    view_class = PlanListView
    export_headers = ("单位", "乡镇（街道）", "类别", "信誉度等级", "计划户次", "已检查户次")

    def make_object(self, **kwargs):
        return EstablishmentFactory()
