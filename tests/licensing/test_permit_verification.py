"""校验 as data (PermitType.verification_years): the 放射诊疗许可证 is verified with the
practice licence every cycle, not reviewed in a fixed term; a type without a cycle has no
verification date. Without a 校验 recorded the next is due a cycle after the start, and stays
due on that day when missed (recorded ones: tests/licensing/test_verification_records.py)."""

import datetime

import pytest

from licensing.models import Permit, PermitType

pytestmark = pytest.mark.django_db

D = datetime.date


def permit(code, valid_from):
    return Permit(permit_type=PermitType.objects.get(code=code), valid_from=valid_from)


def test_the_radiation_permit_ships_with_a_yearly_verification():
    assert PermitType.objects.get(code="radiation").verification_years == 1
    assert PermitType.objects.get(code="public_place").verification_years is None


def test_the_first_verification_is_a_cycle_after_the_start_and_stays_due_when_missed():
    radiation = permit("radiation", D(2022, 3, 15))
    radiation.last_reviewed_on = radiation.last_deferred_until = None  # none recorded
    assert radiation.verification_due_on() == D(2023, 3, 15)  # in the past: overdue


def test_the_cycle_is_data_the_administrator_changes():
    PermitType.objects.filter(code="radiation").update(verification_years=3)  # ≥100 beds
    radiation = permit("radiation", D(2020, 2, 29))
    radiation.last_reviewed_on = radiation.last_deferred_until = None
    assert radiation.verification_due_on() == D(2023, 2, 28)


def test_a_type_without_a_cycle_has_no_verification():
    assert permit("public_place", D(2022, 3, 15)).verification_due_on() is None
