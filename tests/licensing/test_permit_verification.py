"""校验 as data (PermitType.verification_years): the 放射诊疗许可证 is verified with the
practice licence every cycle, not reviewed in a fixed term; a type without a cycle has no
verification date."""

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


def test_the_next_verification_is_the_first_cycle_on_or_after_the_day():
    radiation = permit("radiation", D(2022, 3, 15))
    assert radiation.verification_due_on(D(2022, 6, 1)) == D(2023, 3, 15)
    assert radiation.verification_due_on(D(2025, 3, 15)) == D(2025, 3, 15)
    assert radiation.verification_due_on(D(2025, 3, 16)) == D(2026, 3, 15)


def test_the_cycle_is_data_the_administrator_changes():
    PermitType.objects.filter(code="radiation").update(verification_years=3)  # ≥100 beds
    radiation = permit("radiation", D(2020, 2, 29))
    assert radiation.verification_due_on(D(2021, 1, 1)) == D(2023, 2, 28)
    assert radiation.verification_due_on(D(2023, 3, 1)) == D(2026, 2, 28)


def test_a_type_without_a_cycle_has_no_verification():
    assert permit("public_place", D(2022, 3, 15)).verification_due_on(D(2024, 1, 1)) is None
