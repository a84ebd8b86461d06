"""Health certificates: expiry from the rules table, validity on edge days, and the
query of practitioners without a valid certificate."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from licensing.health import services
from licensing.models import (
    HealthCertificate,
    HealthRule,
    TrainingAttendance,
    practitioners_without_valid_certificate,
)
from tests.factories import EstablishmentFactory, PractitionerFactory
from tests.licensing.health_factories import certificate, training

pytestmark = pytest.mark.django_db

D = datetime.date


def test_default_rule_is_loaded_by_migration_and_gives_one_year():
    rule = HealthRule.objects.get(code="default")
    assert rule.validity_months == 12 and rule.expiring_notice_days == 30
    c = certificate(exam_date=D(2025, 3, 15))
    assert c.expires_on == D(2026, 3, 15)


def test_expiry_follows_the_rules_table_not_a_literal():
    HealthRule.objects.filter(code="default").update(validity_months=24)
    assert certificate(exam_date=D(2025, 3, 15)).expires_on == D(2027, 3, 15)


def test_leap_day_exam_expires_on_28_february():
    """Decision: 2024-02-29 + 12 months = 2025-02-28 (the month's last day), as permits do."""
    assert certificate(exam_date=D(2024, 2, 29)).expires_on == D(2025, 2, 28)
    assert services.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert services.add_months(D(2024, 2, 29), 48) == D(2028, 2, 29)


def test_explicit_expiry_is_kept_and_must_not_precede_the_exam():
    assert certificate(exam_date=D(2025, 3, 1), expires_on=D(2025, 9, 1)).expires_on == D(
        2025, 9, 1
    )
    with pytest.raises(ValidationError) as exc:
        certificate(exam_date=D(2025, 3, 1), expires_on=D(2025, 2, 1))
    assert "expires_on" in exc.value.message_dict


def test_future_exam_and_same_day_twice_are_refused():
    p = PractitionerFactory()
    with pytest.raises(ValidationError) as exc:
        certificate(p, exam_date=timezone.localdate() + datetime.timedelta(days=1))
    assert "exam_date" in exc.value.message_dict
    certificate(p, exam_date=D(2025, 1, 2))
    with pytest.raises(ValidationError):
        certificate(p, exam_date=D(2025, 1, 2))
    assert HealthCertificate.objects.count() == 1


def test_valid_on_edge_days():
    c = certificate(exam_date=D(2025, 3, 15))  # expires 2026-03-15
    valid = HealthCertificate.objects.valid_on
    assert not valid(D(2025, 3, 14)).exists()
    assert valid(D(2025, 3, 15)).exists()  # exam day counts
    assert valid(D(2026, 3, 15)).exists()  # expiry day counts
    assert not valid(D(2026, 3, 16)).exists()
    assert c.is_valid_on(D(2026, 3, 15)) and not c.is_valid_on(D(2026, 3, 16))
    assert HealthCertificate.objects.expired_on(D(2026, 3, 16)).get() == c


def test_failed_certificate_is_never_valid():
    certificate(exam_date=D(2025, 3, 15), result="failed")
    assert not HealthCertificate.objects.valid_on(D(2025, 6, 1)).exists()


def test_without_certificate_query(django_assert_num_queries):
    today = timezone.localdate()
    unit = EstablishmentFactory()
    with_valid = PractitionerFactory(establishment=unit)
    certificate(with_valid)
    expired = PractitionerFactory(establishment=unit)
    certificate(expired, exam_date=today - datetime.timedelta(days=400))
    failed = PractitionerFactory(establishment=unit)
    certificate(failed, result="failed")
    never = PractitionerFactory(establishment=unit)
    left = PractitionerFactory(establishment=unit, left_on=today - datetime.timedelta(days=1))
    not_serving = PractitionerFactory(establishment=unit, serves_customers=False)
    closed_unit = EstablishmentFactory(status="closed")
    at_closed = PractitionerFactory(establishment=closed_unit)
    with django_assert_num_queries(1):
        found = set(practitioners_without_valid_certificate(today).values_list("pk", flat=True))
    assert found == {expired.pk, failed.pk, never.pk}
    assert left.pk not in found and not_serving.pk not in found and at_closed.pk not in found
    assert with_valid.pk not in found
    # On an earlier day, the expired one was still covered.
    earlier = today - datetime.timedelta(days=380)
    found_then = set(practitioners_without_valid_certificate(earlier).values_list("pk", flat=True))
    assert expired.pk not in found_then


def test_training_attendance_is_all_or_nothing_and_once():
    session = training(date=D(2025, 7, 4))
    ok = PractitionerFactory(hired_on=D(2021, 1, 1))
    late = PractitionerFactory(hired_on=D(2025, 8, 1))
    with pytest.raises(ValidationError) as exc:
        services.training_add_attendance(
            session=session, user=session.recorded_by, practitioners=[ok, late]
        )
    assert late.name in str(exc.value)
    assert not TrainingAttendance.objects.exists()
    assert (
        services.training_add_attendance(
            session=session, user=session.recorded_by, practitioners=[ok, ok]
        )
        == 1
    )
    assert (
        services.training_add_attendance(
            session=session, user=session.recorded_by, practitioners=[ok]
        )
        == 0
    )
    assert list(session.attendees.all()) == [ok]
    assert TrainingAttendance.objects.get().history.count() == 1
