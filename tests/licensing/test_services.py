"""The permit window's rules at the service level."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.calendar import add_working_days
from core.dates import add_years
from core.models import CalendarDay
from licensing import services
from licensing.models import Permit
from licensing.models.permits import units_without_valid_permit
from tests.factories import EstablishmentFactory, kind
from tests.licensing.factories import (
    approved,
    decider,
    issued_permit,
    public_place,
    reviewed,
)

D = datetime.date


def test_term_in_years_with_leap_days():
    assert add_years(D(2024, 3, 1), 4) == D(2028, 3, 1)
    assert add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)


@pytest.mark.django_db
def test_working_days_skip_weekends_and_holidays():
    # Friday 2024-09-27 + 3 working days: Sun 29 Sep (worked), Mon 30 Sep, then the
    # National Day holiday (1-7 October off; Sunday 29 September and Saturday 12 October
    # worked: the calendar ships them, core.services.calendar).
    assert CalendarDay.objects.filter(date__range=(D(2024, 9, 29), D(2024, 10, 12))).count() == 9
    assert add_working_days(D(2024, 9, 27), 1) == D(2024, 9, 29)  # a worked Sunday
    assert add_working_days(D(2024, 9, 27), 2) == D(2024, 9, 30)
    assert add_working_days(D(2024, 9, 27), 3) == D(2024, 10, 8)
    assert add_working_days(D(2024, 9, 27), 7) == D(2024, 10, 12)  # a worked Saturday


def test_new_permit_numbered_and_valid_four_years(clerk):
    first = issued_permit(clerk=clerk)
    second = issued_permit(clerk=clerk)
    assert (
        first.number == "卫公证字〔2024〕第0001号" and second.number == "卫公证字〔2024〕第0002号"
    )
    assert first.expires_on == D(2028, 3, 1)
    application = first.application
    assert application.receipt_number == "许受〔2024〕0001号"
    assert application.due_on == add_working_days(D(2024, 3, 1), 20) == D(2024, 3, 29)
    assert application.status == "issued"


def test_unit_needing_no_permit_is_refused(clerk):
    park = EstablishmentFactory(category=kind("pp.sports.park"))
    with pytest.raises(ValidationError) as exc:
        services.application_receive(
            user=clerk,
            establishment=park,
            permit_type=public_place(),
            kind="new",
            business_scope="公园",
        )
    assert "无需办理" in exc.value.message_dict["permit_type"][0]


def test_second_new_application_while_valid_is_refused(clerk):
    permit = issued_permit(clerk=clerk)
    with pytest.raises(ValidationError) as exc:
        services.application_receive(
            user=clerk,
            establishment=permit.establishment,
            permit_type=public_place(),
            kind="new",
            business_scope="理发",
        )
    assert "延续或变更" in exc.value.message_dict["kind"][0]


def test_renewal_makes_a_new_version_and_must_be_in_time(clerk):
    permit = issued_permit(clerk=clerk, received_on=D(2022, 1, 10))  # expires 2026-01-10
    with pytest.raises(ValidationError) as exc:
        services.application_receive(
            user=clerk,
            establishment=permit.establishment,
            permit_type=public_place(),
            kind="renewal",
            previous_permit=permit,
            received_on=D(2025, 12, 20),
        )
    assert "30 日前" in exc.value.message_dict["kind"][0]
    renewal = services.application_receive(
        user=clerk,
        establishment=permit.establishment,
        permit_type=public_place(),
        kind="renewal",
        previous_permit=permit,
        received_on=D(2025, 11, 20),
    )
    approved(renewal, clerk=clerk, day=D(2025, 11, 25))
    new = services.permit_issue(application=renewal, user=clerk, issued_on=D(2025, 11, 25))
    permit.refresh_from_db()
    assert permit.status == "superseded" and new.previous == permit
    # The renewal continues from the old expiry, not from the issue day.
    assert (new.valid_from, new.expires_on) == (D(2026, 1, 11), D(2030, 1, 11))
    assert new.number.startswith("卫公证字〔2025〕")
    assert permit.history.first().history_change_reason == "延续换发"


def test_change_keeps_the_term_and_cancellation_keeps_the_record(clerk):
    permit = issued_permit(clerk=clerk)
    change = services.application_receive(
        user=clerk,
        establishment=permit.establishment,
        permit_type=public_place(),
        kind="change",
        previous_permit=permit,
        change_description="法定代表人变更",
        new_legal_representative="李新",
        received_on=D(2024, 6, 3),
    )
    approved(change, clerk=clerk, day=D(2024, 6, 5))
    changed = services.permit_issue(application=change, user=clerk, issued_on=D(2024, 6, 5))
    assert changed.expires_on == permit.expires_on
    # The change reaches the unit's record and is printed on the new permit.
    permit.establishment.refresh_from_db()
    assert permit.establishment.legal_representative == "李新" == changed.legal_representative
    cancel = services.application_receive(
        user=clerk,
        establishment=permit.establishment,
        permit_type=public_place(),
        kind="cancellation",
        previous_permit=changed,
        change_description="停止经营",
        received_on=D(2024, 9, 2),
    )
    approved(cancel, clerk=clerk, day=D(2024, 9, 3))
    changed.refresh_from_db()
    assert (changed.status, changed.cancelled_on, changed.cancel_reason) == (
        "cancelled",
        D(2024, 9, 3),
        "停止经营",
    )
    assert Permit.objects.count() == 2


def test_refusal_needs_a_reason(clerk):
    unit = EstablishmentFactory()
    application = services.application_receive(
        user=clerk,
        establishment=unit,
        permit_type=public_place(),
        kind="new",
        business_scope="理发",
    )
    application = reviewed(application, clerk=clerk)
    with pytest.raises(ValidationError) as exc:
        services.application_decide(application=application, user=decider(), approve=False)
    assert "refusal_reason" in exc.value.message_dict
    services.application_decide(
        application=application, user=decider(), approve=False, reason="无消毒间"
    )
    with pytest.raises(ValidationError):
        services.permit_issue(application=application, user=clerk)


def test_commitment_path_waits_for_the_decider_unless_one_person_window(clerk, administrator):
    unit = EstablishmentFactory()
    application = services.application_receive(
        user=clerk,
        establishment=unit,
        permit_type=public_place(),
        kind="new",
        path="commitment",
        business_scope="美容",
        received_on=D(2024, 5, 6),
    )
    # The clerk holds no decision permission: the 负责人 decides (no review on this path).
    assert application.status == "received"
    services.application_decide(
        application=application, user=decider(), approve=True, decided_on=D(2024, 5, 6)
    )
    services.permit_issue(application=application, user=clerk, issued_on=D(2024, 5, 6))
    application.refresh_from_db()
    assert application.status == "issued" and application.post_check_due == D(2024, 6, 5)
    # A one-person window, received by someone who may decide: granted on the spot.
    ptype = public_place()
    ptype.single_person_window = True
    ptype.save()
    other = EstablishmentFactory()
    on_the_spot = services.application_receive(
        user=administrator,
        establishment=other,
        permit_type=ptype,
        kind="new",
        path="commitment",
        business_scope="美容",
        received_on=D(2024, 5, 7),
    )
    assert on_the_spot.status == "issued"
    assert other.permits.get().issued_on == D(2024, 5, 7)


def test_registered_permits_count_like_issued_ones(clerk):
    unit = EstablishmentFactory()
    assert units_without_valid_permit().filter(pk=unit.pk).exists()
    permit = services.permit_register(
        user=clerk,
        establishment=unit,
        permit_type=public_place(),
        number="万卫公证字〔2021〕第0123号",
        issued_on=D(2023, 4, 1),
        expires_on=D(2027, 4, 1),
        business_scope="理发",
    )
    assert permit.origin == "registered"
    assert not units_without_valid_permit().filter(pk=unit.pk).exists()
    assert units_without_valid_permit(D(2027, 4, 2)).filter(pk=unit.pk).exists()  # expired
    with pytest.raises(ValidationError) as exc:
        services.permit_register(
            user=clerk,
            establishment=unit,
            permit_type=public_place(),
            number="万卫公证字〔2021〕第0123号",
            issued_on=D(2023, 4, 1),
            expires_on=D(2027, 4, 1),
            business_scope="理发",
        )
    assert "已登记" in exc.value.message_dict["number"][0]


def test_permit_valid_through_its_expiry_day(clerk):
    permit = issued_permit(clerk=clerk, received_on=D(2022, 2, 28))
    assert Permit.objects.valid_on(D(2026, 2, 28)).filter(pk=permit.pk).exists()
    assert not Permit.objects.valid_on(D(2026, 3, 1)).filter(pk=permit.pk).exists()
    assert Permit.objects.expiring_within(30, today=D(2026, 2, 1)).filter(pk=permit.pk).exists()
