"""Document number patterns are checked when an administrator saves them (issue #13): a
pattern that cannot make a number used to be accepted, and the next issue answered 500."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from core.models import DocumentSeries
from core.numbering import number_take
from tests.factories import UserFactory
from tests.licensing.factories import issued_permit

pytestmark = pytest.mark.django_db

BAD_PATTERNS = [
    ("卫公证字〔{year}〕第号", "{number}"),  # no number: every permit the same number
    ("卫公证字〔{year}〕第{nubmer:04d}号", "{nubmer}"),  # misspelt placeholder
    ("卫公证字第{number:04d}号", "{year}"),  # no year: numbers repeat every year
    ("卫公证字〔{year}〕第{number:04x}号", "04x"),  # not an integer format
    ("卫公证字〔{year}〕第{number:04d号", "花括号"),  # unbalanced brace
]


@pytest.mark.parametrize(("pattern", "named"), BAD_PATTERNS)
def test_model_refuses_a_pattern_that_cannot_number(pattern, named):
    series = DocumentSeries(code="x", name="测试", pattern=pattern)
    with pytest.raises(ValidationError) as exc:
        series.full_clean()
    assert named in exc.value.message_dict["pattern"][0]


@pytest.mark.parametrize(("pattern", "named"), BAD_PATTERNS)
def test_admin_refuses_it_on_the_field_and_keeps_the_old_one(client, pattern, named):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    series = DocumentSeries.objects.get(code="permit-public_place")
    response = client.post(
        reverse("admin:core_documentseries_change", args=[series.pk]),
        {"code": series.code, "name": series.name, "pattern": pattern},
    )
    assert response.status_code == 200
    assert named in str(response.context["adminform"].form.errors["pattern"])
    series.refresh_from_db()
    assert series.pattern == "卫公证字〔{year}〕第{number:04d}号"


def test_good_patterns_are_accepted_and_read_back():
    series = DocumentSeries(code="y", name="测试", pattern="卫公证字〔{year}〕第{number:04d}号")
    series.full_clean()
    assert series.format(2026, 29) == "卫公证字〔2026〕第0029号"
    assert series.parse("卫公证字〔2026〕第0029号") == (2026, 29)
    assert series.parse("卫公证字〔2026〕第29号") == (2026, 29)
    assert series.parse("赣卫公证字〔2026〕第0029号") is None


def test_a_bad_pattern_saved_before_the_check_is_a_clear_refusal_not_a_500(clerk):
    DocumentSeries.objects.filter(code="permit-public_place").update(pattern="卫公证字第号")
    with pytest.raises(ValidationError) as exc:
        issued_permit(clerk=clerk, received_on=datetime.date(2024, 3, 1))
    assert "文号格式" in exc.value.messages[0] and "管理员" in exc.value.messages[0]
    with transaction.atomic(), pytest.raises(ValidationError):
        number_take(series="permit-public_place", year=2024)
