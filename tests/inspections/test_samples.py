"""Samples (issue #15): records that cannot be true are refused, each on its field and all
at once; a sample can wait for the laboratory (送检中) and is judged when its result is
entered; every sample has a number and a sampling record (采样记录)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from inspections import services
from inspections.choices import SampleVerdict
from inspections.models import Sample, SampleTypeScope, StandardLimit
from inspections.services.samples import reading_value
from tests.factories import EstablishmentFactory, kind
from tests.inspections.factories import pool_unit, record
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def limit(parameter):
    return StandardLimit.objects.get(sample_type="游泳池水", parameter=parameter)


def take(inspection, results, **kw):
    return services.sample_record(
        inspection=inspection,
        sample_type=kw.pop("sample_type", "游泳池水"),
        taken_at=kw.pop("taken_at", inspection.inspected_at),
        results=results,
        user=inspection.recorded_by,
        **kw,
    )


def refusal(inspection, results, **kw) -> dict:
    with pytest.raises(ValidationError) as exc:
        take(inspection, results, **kw)
    return exc.value.message_dict


# ---------------------------------------------------------------- readings


@pytest.mark.parametrize(
    "typed, read",
    [
        ("7.2", Decimal("7.2")),
        ("7,2", Decimal("7.2")),
        ("７．２", Decimal("7.2")),
        ("７，２", Decimal("7.2")),
        ("7点2", Decimal("7.2")),
        (" -0.3 ", Decimal("-0.3")),
        ("", None),
        (None, None),
    ],
)
def test_a_decimal_comma_is_a_decimal_point_never_a_thousands_separator(typed, read):
    assert reading_value(typed) == read


@pytest.mark.parametrize(
    "typed", ["1,000", "7,2,1", "1,234.5", "abc", "NaN", "1e5", "123456789012", "7.23456"]
)
def test_a_reading_that_is_ambiguous_or_not_a_number_is_refused(typed):
    with pytest.raises(ValidationError):
        reading_value(typed)


def test_ph_of_72_free_chlorine_below_zero_and_water_at_280_are_refused_all_at_once():
    inspection = record(establishment=pool_unit())
    errors = refusal(
        inspection,
        [
            (limit("pH"), "72", None),
            (limit("游离性余氯"), "-0.3", None),
            (limit("水温"), "280", None),
        ],
    )
    messages = errors["results"]
    assert "pH 应在 0–14 之间，72 不可能，请核对。" in messages
    assert "游离性余氯 不能小于 0 mg/L，-0.3 不可能，请核对。" in messages
    assert "水温 应在 -10–100 ℃ 之间，280 不可能，请核对。" in messages
    assert not Sample.all_objects.exists()


def test_7_comma_2_is_saved_as_7_point_2():
    sample = take(record(establishment=pool_unit()), [(limit("pH"), "7,2", None)])
    assert sample.results.get().value == Decimal("7.2")
    assert sample.verdict == SampleVerdict.PASS


def test_the_plausible_range_is_data_the_administrator_can_change():
    ph = limit("pH")
    assert (ph.plausible_min, ph.plausible_max) == (0, 14)
    ph.plausible_max = None
    ph.save()
    take(record(establishment=pool_unit()), [(ph, "72", None)])  # no longer refused


# ---------------------------------------------------------------- time and place


def test_a_sample_is_not_taken_before_its_visit_nor_in_the_future():
    inspection = record(establishment=pool_unit())
    chlorine = [(limit("游离性余氯"), "0.5", None)]
    before = refusal(
        inspection, chlorine, taken_at=inspection.inspected_at - datetime.timedelta(hours=2)
    )
    assert "不能早于本次检查开始的时间" in before["taken_at"][0]
    next_year = timezone.now() + datetime.timedelta(days=365)
    assert "不能晚于现在" in refusal(inspection, chlorine, taken_at=next_year)["taken_at"][0]
    later_that_day = inspection.inspected_at + datetime.timedelta(minutes=40)
    assert take(inspection, chlorine, taken_at=later_that_day).taken_at == later_that_day


def test_pool_water_is_not_sampled_at_a_hotel_without_a_pool():
    hotel = EstablishmentFactory(category=kind("pp.lodging.inn"), name="平安旅社")
    errors = refusal(record(establishment=hotel), [(limit("游离性余氯"), "0.5", None)])
    assert "只在游泳场（馆）采样" in errors["sample_type"][0]
    assert "平安旅社是旅店" in errors["sample_type"][0]


def test_the_administrator_extends_where_a_sample_type_is_taken():
    hotel = EstablishmentFactory(category=kind("pp.lodging.hotel"), name="带泳池的宾馆")
    SampleTypeScope.objects.get(sample_type="游泳池水").categories.add(kind("pp.lodging.hotel"))
    assert take(record(establishment=hotel), [(limit("游离性余氯"), "0.5", None)]).pk


def test_errors_of_every_kind_come_in_one_pass():
    hotel = EstablishmentFactory(category=kind("pp.lodging.inn"))
    inspection = record(establishment=hotel)
    errors = refusal(
        inspection,
        [(limit("pH"), "72", None)],
        taken_at=timezone.now() + datetime.timedelta(days=365),
        pending=[limit("菌落总数")],
    )
    assert {"sample_type", "taken_at", "results", "lab"} <= set(errors)


# ---------------------------------------------------------------- number and record


def test_samples_are_numbered_in_their_own_series():
    inspection = record(establishment=pool_unit())
    first = take(inspection, [(limit("pH"), "7.2", None)])
    second = take(inspection, [(limit("pH"), "7.4", None)])
    year = timezone.localtime(first.taken_at).year
    assert first.number == f"YP{year}00001" and second.number == f"YP{year}00002"


def test_the_sampling_record_prints_what_the_regulation_asks(client_as, inspector):
    inspection = record(establishment=pool_unit())
    sample = take(
        inspection,
        [(limit("pH"), "7,2", None)],
        pending=[limit("菌落总数")],
        lab="县疾病预防控制中心",
        container="500 mL 无菌采样瓶",
        method="距水面 30 cm 处采集",
        purpose="日常监督抽检",
        instrument="便携式余氯/pH 测定仪",
        portions=2,
        site_description="池水清澈，现场约 20 人游泳。",
        location="深水区",
    )
    response = client_as(inspection.recorded_by).get(
        reverse("inspections:sampling_record", args=[sample.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "采样记录",
        sample.number,
        inspection.establishment.name,
        "距水面 30 cm 处采集",
        "日常监督抽检",
        "便携式余氯/pH 测定仪",
        "500 mL 无菌采样瓶",
        "县疾病预防控制中心",
        "现场约 20 人游泳",
        "送检",
    ):
        assert expected in text, expected


# ---------------------------------------------------------------- waiting for the lab


def test_a_sample_waits_for_the_lab_and_is_judged_when_its_result_is_entered():
    inspection = record(establishment=pool_unit())
    count = limit("菌落总数")
    sample = take(
        inspection, [(limit("pH"), "7.2", None)], pending=[count], lab="县疾病预防控制中心"
    )
    assert sample.verdict == SampleVerdict.PENDING
    assert services.sample_rectification_items(sample) == []
    with pytest.raises(ValidationError) as exc:
        services.sample_result_enter(
            sample=sample, results=[(count, "-5", None)], user=inspection.recorded_by
        )
    assert "菌落总数 不能小于 0" in exc.value.messages[0]
    sample = services.sample_result_enter(
        sample=sample, results=[(count, "350", None)], user=inspection.recorded_by
    )
    assert sample.verdict == SampleVerdict.FAIL
    [(problem, _requirement)] = services.sample_rectification_items(sample)
    assert "菌落总数为 350 CFU/mL" in problem
    with pytest.raises(ValidationError):  # nothing is awaited any more
        services.sample_result_enter(
            sample=sample, results=[(count, "10", None)], user=inspection.recorded_by
        )


def test_a_pending_sample_needs_its_lab():
    errors = refusal(record(establishment=pool_unit()), [], pending=[limit("菌落总数")])
    assert errors["lab"] == ["有送检待测的指标，须填写检测机构。"]


# ---------------------------------------------------------------- the pages


def _form(inspection, **values):
    data = {
        "sample_type": "游泳池水",
        "taken_at": timezone.localtime(inspection.inspected_at).strftime("%Y-%m-%dT%H:%M"),
    }
    data.update(values)
    return data


def test_the_page_reads_7_comma_2_and_shows_every_error_on_its_field(client_as):
    inspection = record(establishment=pool_unit())
    client = client_as(inspection.recorded_by)
    url = reverse("inspections:sample_add", args=[inspection.pk])
    ph, chlorine, temperature = limit("pH"), limit("游离性余氯"), limit("水温")
    response = client.post(
        url,
        _form(
            inspection,
            taken_at=(timezone.localtime() + datetime.timedelta(days=300)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            portions="0",
            **{
                f"limit_{ph.pk}": "72",
                f"limit_{chlorine.pk}": "abc",
                f"limit_{temperature.pk}": "280",
            },
        ),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[f"limit_{ph.pk}"] == ["pH 应在 0–14 之间，72 不可能，请核对。"]
    assert "不是数字" in form.errors[f"limit_{chlorine.pk}"][0]
    assert "280 不可能" in form.errors[f"limit_{temperature.pk}"][0]
    assert "不能晚于现在" in form.errors["taken_at"][0]
    assert "portions" in form.errors
    response = client.post(url, _form(inspection, **{f"limit_{ph.pk}": "7,2"}))
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert Sample.objects.get().results.get().value == Decimal("7.2")


def test_the_page_records_a_pending_sample_and_its_result_later(client_as):
    inspection = record(establishment=pool_unit())
    client = client_as(inspection.recorded_by)
    ph, count = limit("pH"), limit("菌落总数")
    form_page = client.get(
        reverse("inspections:sample_add", args=[inspection.pk]), {"sample_type": "游泳池水"}
    )
    assert "通常送实验室检测" in form_page.context["form"].fields[f"limit_{count.pk}"].help_text
    response = client.post(
        reverse("inspections:sample_add", args=[inspection.pk]),
        _form(
            inspection, lab="县疾控中心", **{f"limit_{ph.pk}": "7.2", f"pending_{count.pk}": "on"}
        ),
        follow=True,
    )
    assert response.redirect_chain, response.context["form"].errors
    sample = Sample.objects.get()
    assert sample.verdict == SampleVerdict.PENDING
    assert "送检中" in response.content.decode() and "录入送检结果" in response.content.decode()
    url = reverse("inspections:sample_results", args=[sample.pk])
    refused = client.post(url, {f"limit_{count.pk}": "-1"})
    assert refused.status_code == 400
    assert "菌落总数 不能小于 0" in refused.context["form"].errors[f"limit_{count.pk}"][0]
    client.post(url, {f"limit_{count.pk}": "50"})
    sample.refresh_from_db()
    assert sample.verdict == SampleVerdict.PASS


def test_only_the_types_the_unit_can_have_are_offered(client_as):
    inspection = record(establishment=EstablishmentFactory(category=kind("pp.lodging.inn")))
    page = client_as(inspection.recorded_by).get(
        reverse("inspections:sample_add", args=[inspection.pk])
    )
    assert "游泳池水" not in page.context["sample_types"]


def test_the_sample_time_defaults_to_now_on_site_and_to_the_visit_when_entered_later(
    client_as,
):
    """A sample entered back at the office took the hour of entry (23:15 for a 13:00
    visit) and printed it into the 现场笔录; it now takes the visit's time."""
    visit_time = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(days=3)
    earlier = record(establishment=pool_unit(), inspected_at=visit_time)
    client = client_as(earlier.recorded_by)
    url = reverse("inspections:sample_add", args=[earlier.pk])
    form = client.get(url, {"sample_type": "游泳池水"}).context["form"]
    assert form.initial["taken_at"] == timezone.localtime(visit_time)

    now_visit = record(
        establishment=pool_unit(), inspected_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    url = reverse("inspections:sample_add", args=[now_visit.pk])
    form = client_as(now_visit.recorded_by).get(url, {"sample_type": "游泳池水"}).context["form"]
    assert abs(form.initial["taken_at"] - timezone.now()) < datetime.timedelta(minutes=2)
