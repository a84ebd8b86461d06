"""Impossible values on the school and occupational profiles, refused on their field with
a message that says what is wrong: a school year far in the future, a negative count; and
the occupational edit page's title naming the unit once."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from premises.forms import OccupationalProfileForm
from premises.forms.water import SchoolProfileForm
from premises.services import school_profile_record
from tests.factories import EstablishmentFactory, UserFactory, kind
from tests.premises.test_occupational import employer, profile

pytestmark = pytest.mark.django_db


def school():
    return EstablishmentFactory(category=kind("sc.school.primary_secondary"), name="马步小学")


def test_a_school_year_far_ahead_or_long_past_is_refused_on_its_field():
    unit = school()
    next_year = timezone.localdate().year + 1
    for year in (2062, 1990):
        with pytest.raises(ValidationError) as refused:
            school_profile_record(user=UserFactory(), establishment=unit, year=year, students=300)
        assert f"2000 至 {next_year}" in refused.value.message_dict["year"][0]
        form = SchoolProfileForm({"year": year, "students": 300}, establishment=unit)
        assert not form.is_valid()
        assert "学年应在" in form.errors["year"][0]
    assert (
        school_profile_record(
            user=UserFactory(), establishment=unit, year=next_year, students=300
        ).year
        == next_year
    )


def test_a_negative_count_says_it_cannot_be_negative():
    data = {
        "year": 2024, "workers_total": 10, "exposed_total": 5,
        "records_kept": True, "records_count": -2,
    }  # fmt: skip
    form = OccupationalProfileForm(data)
    assert not form.is_valid()
    assert form.errors["records_count"] == ["监护档案份数不能为负数。"]
    form = OccupationalProfileForm({**data, "records_count": 0})
    assert not form.is_valid()
    assert form.errors["records_count"] == ["已建立监护档案的，请填写档案份数。"]


def test_the_edit_page_names_the_unit_once(client_as, inspector):
    unit = employer(name="高城佳福有限公司")
    record = profile(unit=unit, year=2026)
    page = client_as(inspector).get(reverse("premises:occupational_profile_edit", args=[record.pk]))
    assert page.status_code == 200
    title = page.content.decode().split("<title>")[1].split("</title>")[0]
    assert title.count("高城佳福有限公司") == 1 and "2026年度" in title
