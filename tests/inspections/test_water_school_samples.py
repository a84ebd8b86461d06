"""Drinking water judged against GB 5749-2022 and classrooms against the 教学环境 limits, by
the one sample judging code (limits as data, inspections 0015): a failing and a passing
sample of each, "不得检出" and ranges, and which units each sample type is taken at."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from inspections import services
from inspections.choices import SampleVerdict
from inspections.models import StandardLimit
from premises.services import school_profile_record
from tests.factories import EstablishmentFactory, UserFactory, kind
from tests.inspections.factories import record

pytestmark = pytest.mark.django_db


def limit(sample_type, parameter):
    return StandardLimit.objects.get(sample_type=sample_type, parameter__startswith=parameter)


def take(inspection, sample_type, readings, **kw):
    """``readings``: {parameter prefix: value or (None, detected)}."""
    results = []
    for parameter, value in readings.items():
        row = limit(sample_type, parameter)
        if isinstance(value, tuple):
            results.append((row, value[0], value[1]))
        else:
            results.append((row, value, None))
    return services.sample_record(
        inspection=inspection,
        sample_type=sample_type,
        taken_at=inspection.inspected_at,
        results=results,
        user=inspection.recorded_by,
        **kw,
    )


def verdicts(sample) -> dict:
    return {r.limit.parameter: r.verdict for r in sample.results.select_related("limit")}


def water_works():
    return EstablishmentFactory(category=kind("dw.supply.central"), name="城东水厂")


def test_gb5749_limits_are_shipped_with_their_standard():
    assert str(limit("出厂水", "砷").maximum.normalize()) == "0.01"
    assert limit("出厂水", "总大肠菌群").not_detected
    assert limit("末梢水", "pH").limit_text == "6.5–8.5"
    assert limit("出厂水", "游离氯").limit_text == "0.3–2.0 mg/L"
    assert limit("末梢水", "游离氯").limit_text == "0.05–2.00 mg/L"
    assert limit("出厂水", "浑浊度").standard == "GB 5749-2022"
    assert StandardLimit.objects.filter(sample_type="出厂水").count() >= 30


def test_a_tap_sample_within_every_limit_passes():
    inspection = record(establishment=water_works())
    sample = take(
        inspection,
        "末梢水",
        {
            "总大肠菌群": (None, False),
            "菌落总数": "23",
            "浑浊度": "0.4",
            "pH": "7.2",
            "游离氯": "0.3",
            "臭和味": (None, False),
        },
    )
    assert sample.verdict == SampleVerdict.PASS


def test_a_plant_sample_fails_on_coliforms_found_and_chlorine_below_the_range():
    inspection = record(establishment=water_works())
    sample = take(
        inspection,
        "出厂水",
        {"总大肠菌群": (None, True), "游离氯": "0.2", "pH": "7.0", "砷": "0.004"},
    )
    assert sample.verdict == SampleVerdict.FAIL
    judged = verdicts(sample)
    assert judged["总大肠菌群"] == "fail"
    assert judged["游离氯（使用氯消毒时）"] == "fail"  # 0.2 < the 0.3 a plant must leave
    assert judged["pH"] == "pass"
    assert judged["砷"] == "pass"


def test_a_ph_above_the_range_fails_and_an_impossible_ph_is_refused():
    inspection = record(establishment=water_works())
    assert take(inspection, "末梢水", {"pH": "8.6"}).verdict == SampleVerdict.FAIL
    with pytest.raises(ValidationError) as exc:
        take(inspection, "末梢水", {"pH": "15"})
    assert "不可能" in str(exc.value)


def test_water_is_not_sampled_at_a_barber_but_at_a_school_with_its_own_well():
    barber = EstablishmentFactory()
    with pytest.raises(ValidationError) as exc:
        take(record(establishment=barber), "末梢水", {"pH": "7"})
    assert "只在" in exc.value.message_dict["sample_type"][0]

    school = EstablishmentFactory(
        category=kind("sc.school.primary_secondary"),
        name="城关小学",
        opened_on=datetime.date(2010, 1, 1),
    )
    school_profile_record(
        user=UserFactory(), establishment=school, year=2024, students=800, own_well=True
    )
    sample = take(record(establishment=school), "出厂水", {"pH": "7.1"})
    assert sample.verdict == SampleVerdict.PASS


def classroom_readings(**over):
    readings = {
        "课桌面平均照度": "320",
        "课桌面照度均匀度": "0.75",
        "黑板面平均照度": "520",
        "窗地面积比": "0.21",
        "二氧化碳": "0.10",
        "噪声": "42",
    }
    readings.update(over)
    return readings


def test_a_classroom_meeting_every_limit_passes_one_too_dark_fails():
    school = EstablishmentFactory(category=kind("sc.school.primary_secondary"), name="城关中学")
    inspection = record(establishment=school)
    good = take(inspection, "教室环境", classroom_readings(), location="初一(1)班")
    dark = take(
        inspection,
        "教室环境",
        classroom_readings(**{"黑板面平均照度": "380", "二氧化碳": "0.2"}),
        location="初一(2)班",
    )
    assert good.verdict == SampleVerdict.PASS
    assert dark.verdict == SampleVerdict.FAIL
    judged = verdicts(dark)
    assert judged["黑板面平均照度"] == "fail"
    assert judged["二氧化碳"] == "fail"
    assert judged["课桌面平均照度"] == "pass"
