"""The reference data shipped by the migrations: violations with their discretion tables,
time limits, document series and the case-review checklist; DiscretionLevel.clean."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import DocumentSeries
from inspections.choices import ChecklistPurpose
from inspections.models import ChecklistTemplate
from penalties.models import DiscretionLevel, TimeLimit, Violation

pytestmark = pytest.mark.django_db


def levels(code):
    return {
        level.severity: (level.fine_min, level.fine_max, level.requires_legal_review)
        for level in DiscretionLevel.objects.filter(violation__code=code)
    }


def test_violations_are_shipped_with_their_basis_and_limitation():
    shipped = dict(Violation.objects.values_list("code", "limitation_years"))
    # the first five codes keep working; the catalogue (test_catalogue.py) adds the rest
    assert {
        "pp-no-permit": 2,
        "pp-no-testing": 2,
        "pp-no-disinfection": 2,
        "pp-no-health-certificate": 2,
        "illegal-practice": 5,
    }.items() <= shipped.items()
    no_permit = Violation.objects.get(code="pp-no-permit")
    assert no_permit.penalty_basis == "《公共场所卫生管理条例实施细则》第三十五条第一款"
    assert no_permit.domain.code == "public_places" and no_permit.is_active
    assert Violation.objects.get(code="illegal-practice").domain.code == "medical"


def test_no_permit_ranges_follow_the_implementing_rules():
    table = levels("pp-no-permit")
    # warning and 500–5,000 yuan, split minor / ordinary; 5,000–30,000 when serious
    assert table["minor"][0] == Decimal("500") and table["ordinary"][1] == Decimal("5000")
    assert table["minor"][1] == table["ordinary"][0]
    assert table["serious"] == (Decimal("5000"), Decimal("30000"), True)
    serious = DiscretionLevel.objects.get(violation__code="pp-no-permit", severity="serious")
    assert serious.fine_range_text == "5,000–30,000 元"
    assert "warning" not in serious.penalties and "fine" in serious.penalties


def test_no_health_certificate_ranges_follow_the_implementing_rules():
    assert levels("pp-no-health-certificate") == {
        "ordinary": (Decimal("500"), Decimal("5000"), False),
        "serious": (Decimal("5000"), Decimal("15000"), True),
    }


def test_testing_and_disinfection_up_to_2000_then_2000_to_20000():
    for code in ("pp-no-testing", "pp-no-disinfection"):
        table = levels(code)
        assert table["minor"][:2] == (None, None)  # warning and order to correct only
        assert table["ordinary"][1] == Decimal("2000")
        assert table["serious"][:2] == (Decimal("2000"), Decimal("20000"))


def test_illegal_practice_has_no_fixed_upper_limit_when_serious():
    level = DiscretionLevel.objects.get(violation__code="illegal-practice", severity="serious")
    # 医师法第五十九条: a multiple of the gains, under 10,000 counted as 10,000
    assert level.fine_max is None and level.by_gains
    assert level.fine_range_text == "违法所得 7–10 倍（不足 10,000 元按 10,000 元计）"
    assert level.fine_range_for(Decimal("3875")) == (Decimal("70000.00"), Decimal("100000.00"))
    assert set(level.penalties) >= {"fine", "confiscate_gains", "confiscate_items"}


def test_every_shipped_level_passes_its_own_clean():
    for level in DiscretionLevel.objects.all():
        level.full_clean()


def test_time_limits_are_shipped_with_their_units():
    limits = {t.code: (t.days, t.working_days) for t in TimeLimit.objects.all()}
    assert limits["hearing_request"] == (5, True)
    assert limits["hearing_notice"] == (7, True)
    assert limits["decision"] == (90, False)
    assert limits["service"] == (7, True)
    assert limits["payment"] == (15, False)
    assert limits["evidence"] == (7, True)
    assert str(TimeLimit.objects.get(code="service")) == "决定书送达期限：7个工作日"
    assert str(TimeLimit.objects.get(code="decision")) == "作出处罚决定期限：90日"


def test_document_series_are_shipped():
    patterns = dict(
        DocumentSeries.objects.filter(code__startswith="penalty-").values_list("code", "pattern")
    )
    assert {
        "penalty-case": "{office}卫{category}立〔{year}〕{number:03d}号",
        "penalty-notice": "{office}卫{category}告〔{year}〕{number:03d}号",
        "penalty-decision": "{office}卫{category}罚〔{year}〕{number:03d}号",
    }.items() <= patterns.items()
    assert "penalty-correction" in patterns  # 责令改正通知书, its own series


def _level(**fields):
    return DiscretionLevel(
        violation=Violation.objects.get(code="pp-no-testing"),
        severity="minor",
        circumstances="测试",
        **fields,
    )


def test_discretion_level_clean_rejects_unknown_kinds_and_stray_fine_ranges():
    with pytest.raises(ValidationError) as exc:
        _level(penalties=["warning", "caning"]).clean()
    assert "未知的处罚种类：caning" in exc.value.message_dict["penalties"][0]
    with pytest.raises(ValidationError) as exc:
        _level(penalties=["warning"], fine_min=Decimal("100"), fine_max=Decimal("200")).clean()
    assert "没有罚款" in exc.value.message_dict["penalties"][0]
    with pytest.raises(ValidationError) as exc:
        _level(penalties=["fine"]).clean()
    assert "罚款下限" in exc.value.message_dict["fine_min"][0]
    with pytest.raises(ValidationError) as exc:
        _level(penalties=["fine"], fine_min=Decimal("300"), fine_max=Decimal("200")).clean()
    assert "上限不能低于下限" in exc.value.message_dict["fine_max"][0]
    for wrong in ([], "fine", {"fine": True}):
        with pytest.raises(ValidationError) as exc:
            _level(penalties=wrong).clean()
        assert "请以列表填写可处罚种类" in exc.value.message_dict["penalties"][0]
    _level(penalties=["fine"], fine_min=Decimal("0"), fine_max=None).clean()


def test_the_case_review_checklist_totals_100_pass_70_excellent_90():
    sheet = ChecklistTemplate.objects.for_case_review().get()
    assert (sheet.code, sheet.purpose, sheet.is_current) == (
        "case-review",
        ChecklistPurpose.CASE_REVIEW,
        True,
    )
    assert sheet.total_points == Decimal("100")
    assert (sheet.pass_mark, sheet.excellent_mark) == (Decimal("70"), Decimal("90"))
    assert sheet.items.count() == 10
    assert not ChecklistTemplate.objects.for_inspections().filter(code="case-review").exists()
