"""The reference data loaded by inspections/migrations/0002_reference_data.py, checked the
way an administrator would check it against the paper sheets and the standard."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.db.models import Sum

from core.models import DocumentSeries
from inspections.choices import Verdict
from inspections.models import ChecklistItem, ChecklistTemplate, ProblemType, StandardLimit

reference_data = import_module("inspections.migrations.0002_reference_data")

POOL = {"sample_type": "游泳池水", "standard": "GB 37488-2019"}


def section_totals(template):
    rows = template.items.values("section").annotate(total=Sum("max_points")).order_by()
    return {row["section"]: row["total"] for row in rows}


def pool_limit(parameter):
    return StandardLimit.objects.get(parameter=parameter, **POOL)


@pytest.fixture
def healthy_community(db):
    return ChecklistTemplate.objects.get(code="healthy-community-2016", version=1)


@pytest.fixture
def routine(db):
    return ChecklistTemplate.objects.get(code="public-place-routine", version=1)


def test_healthy_community_sheet_totals_100_in_four_indicators(healthy_community):
    assert healthy_community.name == "健康社区/健康村现场评分表（2016版）"
    assert healthy_community.is_current
    assert healthy_community.total_points == Decimal("100")
    assert section_totals(healthy_community) == {
        "组织管理": Decimal("20"),
        "健康环境": Decimal("20"),
        "健康活动": Decimal("50"),
        "建设效果": Decimal("10"),
    }


def test_healthy_community_pass_mark_and_converted_score(healthy_community):
    assert healthy_community.pass_mark == Decimal("70")
    assert healthy_community.converted_factor == Decimal("15")
    # The sheet's note: 转化得分 = 15 × 得分 / 100, so 80 points convert to 12.
    converted = healthy_community.converted_factor * Decimal("80") / healthy_community.total_points
    assert converted == Decimal("12")


def test_healthy_community_is_transcribed_row_by_row(healthy_community):
    items = list(healthy_community.items.order_by("order"))
    assert len(items) == 23
    assert [i.order for i in items] == list(range(1, 24))
    assert all(i.subsection and i.content and i.guidance for i in items)
    subsections = {(i.section, i.subsection) for i in items}
    assert subsections == {
        ("组织管理", "承诺倡导"),
        ("组织管理", "协调机制"),
        ("组织管理", "组织实施"),
        ("健康环境", "无烟环境"),
        ("健康环境", "自然环境"),
        ("健康环境", "人文环境"),
        ("健康活动", "基本健康教育服务"),
        ("健康活动", "健康家庭"),
        ("健康活动", "主题活动"),
        ("建设效果", "目标人群评价"),
    }
    first, meetings = items[0], items[3]
    assert first.max_points == Decimal("2")
    assert "签署承诺书" in first.guidance
    assert meetings.guidance == "每年召开工作例会4次得3分，3次得2分，2次得1分。"
    lectures = healthy_community.items.get(section="健康活动", content__startswith="社区每年自发")
    assert lectures.max_points == Decimal("10")
    assert lectures.guidance == "每年开展4次及以上健康讲座或咨询得10分，2-3次得5分。"


def test_routine_checklist_totals_100_with_its_sections(routine):
    assert routine.name == "公共场所日常监督检查表"
    assert routine.is_current
    assert routine.total_points == Decimal("100")
    assert routine.pass_mark == Decimal("60")
    assert routine.converted_factor is None
    totals = section_totals(routine)
    for section in ("证照管理", "卫生管理", "设施设备", "用品用具", "卫生检测", "健康危害事故"):
        assert section in totals
    assert all(item.guidance for item in routine.items.all())
    assert routine.items.filter(subsection="从业人员健康合格证明").exists()
    assert routine.items.filter(subsection="消毒间/清洗消毒设施").exists()


@pytest.mark.parametrize(
    ("parameter", "minimum", "maximum", "unit"),
    [
        ("浑浊度", None, "1", "NTU"),
        ("pH", "7.0", "7.8", ""),
        ("游离性余氯", "0.3", "1.0", "mg/L"),
        ("化合性余氯", None, "0.4", "mg/L"),
        ("尿素", None, "3.5", "mg/L"),
        ("菌落总数", None, "200", "CFU/mL"),
        ("水温", "23", "30", "℃"),
        ("氰尿酸（使用含氰尿酸消毒剂时）", None, "50", "mg/L"),
        ("臭氧（使用臭氧消毒时，水面上空气中）", None, "0.2", "mg/m³"),
        ("过氧化氢（使用过氧化氢消毒时）", "60", "100", "mg/L"),
        ("氧化还原电位（使用氯或臭氧消毒时）", "650", None, "mV"),
    ],
)
def test_pool_water_limits_of_gb_37488(db, parameter, minimum, maximum, unit):
    limit = pool_limit(parameter)
    assert limit.minimum == (Decimal(minimum) if minimum else None)
    assert limit.maximum == (Decimal(maximum) if maximum else None)
    assert limit.unit == unit
    assert not limit.not_detected
    assert limit.is_active


def test_total_coliforms_must_not_be_detected(db):
    coliforms = pool_limit("总大肠菌群")
    assert coliforms.not_detected
    assert coliforms.limit_text == "不得检出"
    assert coliforms.judge(None, detected=True) == Verdict.FAIL
    assert coliforms.judge(None, detected=False) == Verdict.PASS


def test_pool_limits_judge_samples(db):
    chlorine = pool_limit("游离性余氯")
    assert chlorine.judge(Decimal("0.2"), None) == Verdict.FAIL
    assert chlorine.judge(Decimal("0.3"), None) == Verdict.PASS
    assert chlorine.judge(Decimal("1.0"), None) == Verdict.PASS
    assert chlorine.judge(Decimal("1.2"), None) == Verdict.FAIL
    ph = pool_limit("pH")
    assert ph.judge(Decimal("6.9"), None) == Verdict.FAIL
    assert ph.judge(Decimal("7.4"), None) == Verdict.PASS
    assert pool_limit("尿素").judge(Decimal("3.6"), None) == Verdict.FAIL
    assert StandardLimit.objects.filter(**POOL).count() == 12


def test_problem_types_of_the_campaign(db):
    names = set(ProblemType.objects.values_list("name", flat=True))
    assert {
        "无卫生许可证经营",
        "从业人员无健康合格证明上岗",
        "无洗衣房/布草间",
        "无消毒间或消毒设施不全",
        "空调通风系统未清洗消毒",
        "公共用品用具未清洗消毒/一客一换",
        "未按规定开展卫生检测",
        "卫生管理制度/档案不健全",
        "未公示卫生信息",
        "水质不符合卫生标准",
        "其他",
    } <= names
    no_permit = ProblemType.objects.get(code="no-permit")
    assert no_permit.domain.code == "public_places"
    assert ProblemType.objects.order_by("order").last().name == "其他"


def test_opinion_numbers(db):
    series = DocumentSeries.objects.get(code="opinion")
    assert series.name == "卫生监督意见书"
    assert series.format(2026, 1) == "卫监意〔2026〕0001号"
    assert series.format(2026, 123) == "卫监意〔2026〕0123号"


def counts():
    return (
        ChecklistTemplate.objects.count(),
        ChecklistItem.objects.count(),
        StandardLimit.objects.count(),
        ProblemType.objects.count(),
        DocumentSeries.objects.filter(code="opinion").count(),
    )


def test_loading_again_changes_nothing(db):
    before = counts()
    reference_data.load(apps, None)
    assert counts() == before


def test_unload_removes_what_load_added_and_load_restores_it(db):
    before = counts()
    reference_data.unload(apps, None)
    assert not ChecklistTemplate.objects.filter(code="healthy-community-2016").exists()
    assert not StandardLimit.objects.filter(**POOL).exists()
    assert not ProblemType.objects.filter(code="no-permit").exists()
    assert not DocumentSeries.objects.filter(code="opinion").exists()
    reference_data.load(apps, None)
    assert counts() == before
