"""Payments and execution: a fine paid in part keeps the case open, nothing is paid twice,
late charges (加处罚款) at 3% a day capped at the fine, left uncollected only by a manager
with a reason, warning-only cases."""

import datetime
import itertools
from decimal import Decimal

import pytest

from penalties import services
from penalties.choices import CaseStatus, PaymentKind
from penalties.models import CasePayment, PenaltyCase
from tests.penalties.factories import case_at, case_state, days_ago, practice_case, refused

pytestmark = pytest.mark.django_db
RECEIPTS = itertools.count(1)


def pay(case, amount, paid_on=None, kind=PaymentKind.FINE):
    return services.payment_record(
        case=case,
        user=case.created_by,
        kind=kind,
        paid_on=paid_on or days_ago(30),
        amount=Decimal(str(amount)),
        receipt_number=f"NO.{next(RECEIPTS)}",  # one receipt is one payment
    )


def execute(case, done_on=None, **more):
    return services.case_execute(
        case=case, user=case.created_by, done_on=done_on or days_ago(1), **more
    )


def test_a_fine_paid_in_part_keeps_the_case_served_and_unexecuted():
    case = case_at(CaseStatus.SERVED)
    payment = pay(case, 1000)
    assert (payment.amount, payment.recorded_by) == (Decimal("1000"), case.created_by)
    assert payment.receipt_number.startswith("NO.")
    case.refresh_from_db()
    assert case.status == CaseStatus.SERVED
    assert services.outstanding(case, PaymentKind.FINE) == Decimal("2000")
    before = case_state(case)
    with refused("amount", "罚款尚欠 2,000 元", "不能执行完毕"):
        execute(case)
    assert case_state(case) == before
    pay(case, 2000, paid_on=days_ago(29))
    case = execute(case)
    assert case.status == CaseStatus.EXECUTED and case.execution_note == "罚没款已全部缴清。"
    assert case.executed_on == days_ago(1) and case.next_due is None


def test_paying_more_than_is_owed_is_refused():
    case = case_at(CaseStatus.SERVED)
    pay(case, 2500)
    with refused("amount", "缴款 600 元超过应缴的罚款余额 500 元"):
        pay(case, 600)
    with refused("kind", "没有应缴的没收违法所得"):
        pay(case, 10, kind=PaymentKind.CONFISCATE_GAINS)
    with refused("kind", "没有应缴的加处罚款"):
        pay(case, 10, kind=PaymentKind.LATE_CHARGE)
    with refused("amount", "须大于 0"):
        pay(case, 0)
    with refused("paid_on", "不能早于决定日期"):
        pay(case, 100, paid_on=days_ago(36))
    with refused("paid_on", "不能晚于今天"):
        pay(case, 100, paid_on=days_ago(-1))
    pay(case, 500)
    with refused("kind", "没有应缴的罚款"):
        pay(case, 1)
    assert CasePayment.objects.filter(case=case).count() == 2


def test_payments_only_once_the_decision_is_served():
    case = case_at(CaseStatus.DECIDED)
    with refused("status", "登记缴款"):
        pay(case, 3000, paid_on=days_ago(34))
    assert not CasePayment.objects.exists()


def test_a_fully_paid_fine_stops_the_payment_limit():
    case = case_at(CaseStatus.SERVED)
    assert case.next_due == case.payment_due
    pay(case, 1000)
    case.refresh_from_db()
    assert (case.next_due, case.next_due_code) == (case.payment_due, "payment")
    pay(case, 2000)
    case.refresh_from_db()
    assert (case.next_due, case.next_due_code) == (None, "")


def late_case():
    """Served 94 days ago: payment due 79 days ago."""
    case = case_at(CaseStatus.SERVED, earlier=60)
    assert case.payment_due == days_ago(79)
    return case


def test_late_charge_is_three_percent_a_day_after_the_limit():
    case = late_case()
    assert services.late_charge(case, days_ago(79)) == 0  # paid on the last day: nothing
    assert services.late_charge(case, days_ago(78)) == Decimal("90.00")
    assert services.late_charge(case, days_ago(75)) == Decimal("360.00")
    assert services.late_charge(case, days_ago(60)) == Decimal("1710.00")
    assert services.late_charge(case, days_ago(40)) == Decimal("3000")  # capped at the fine
    assert services.outstanding(case, PaymentKind.LATE_CHARGE) == Decimal("3000")


def test_late_charge_counts_to_the_day_the_fine_was_paid_in_full():
    case = late_case()
    pay(case, 1000, paid_on=days_ago(78))
    assert services.late_charge(case, days_ago(60)) == Decimal("1710.00")  # not yet in full
    pay(case, 2000, paid_on=days_ago(76))
    case.refresh_from_db()
    # 3% of 3,000 for three days, whatever the day it is looked at
    assert services.late_charge(case, days_ago(1)) == Decimal("270.00")
    assert services.late_charge(case, days_ago(77)) == Decimal("180.00")
    assert services.outstanding(case, PaymentKind.LATE_CHARGE) == Decimal("270.00")
    with refused("amount", "超过应缴的加处罚款余额 270 元"):
        pay(case, 300, kind=PaymentKind.LATE_CHARGE, paid_on=days_ago(70))


def test_execution_waits_for_the_late_charge_unless_a_reason_is_given():
    case = late_case()
    pay(case, 3000, paid_on=days_ago(75))
    before = case_state(case)
    with refused("late_charge_waiver_reason", "应加处罚款 360 元", "须说明理由"):
        execute(case)
    assert case_state(case) == before
    pay(case, 360, kind=PaymentKind.LATE_CHARGE, paid_on=days_ago(70))
    case = execute(case)
    assert case.status == CaseStatus.EXECUTED and case.late_charge_waiver_reason == ""


def test_a_late_charge_waived_with_its_reason_by_a_manager(manager):
    case = late_case()
    pay(case, 3000, paid_on=days_ago(75))
    before = case_state(case)
    reason = " 当事人确有经济困难，经批准不加处。 "
    with refused("late_charge_waiver_reason", "只有负责人可以决定不收取加处罚款"):
        execute(case, late_charge_waiver_reason=reason)  # by the officer
    assert case_state(case) == before
    assert not case.created_by.has_perm("penalties.waive_late_charge")
    case = services.case_execute(
        case=case, user=manager, done_on=days_ago(1), late_charge_waiver_reason=reason
    )
    assert case.status == CaseStatus.EXECUTED
    assert case.late_charge_waiver_reason == "当事人确有经济困难，经批准不加处。"
    case = PenaltyCase.objects.prefetch_related("penalties", "payments").get(pk=case.pk)
    assert case.late_charge_waived
    assert services.late_charge(case, days_ago(1)) == Decimal("360.00")  # what was due
    assert services.outstanding(case, PaymentKind.LATE_CHARGE) == 0  # owed no more


def test_no_waiver_reason_without_a_late_charge(manager):
    case = case_at(CaseStatus.SERVED)
    pay(case, 3000)
    with refused("late_charge_waiver_reason", "没有未缴的加处罚款"):
        services.case_execute(
            case=case, user=manager, done_on=days_ago(1), late_charge_waiver_reason="不加处"
        )
    assert services.case_execute(case=case, user=manager, done_on=days_ago(1)).status == (
        CaseStatus.EXECUTED
    )


def test_a_warning_only_case_needs_an_execution_note():
    case = case_at(CaseStatus.SERVED, amount=None)
    assert case.payment_due is None
    with refused("note", "请填写执行情况"):
        execute(case)
    with refused("kind", "没有应缴的罚款"):
        pay(case, 100)
    case = execute(case, note=" 警告已送达，当事人已改正。 ")
    assert case.execution_note == "警告已送达，当事人已改正。"


def test_fine_and_gains_are_both_paid_before_execution(manager):
    case = practice_case(manager)
    assert case.payment_due == days_ago(39) + datetime.timedelta(days=15)
    pay(case, 20000, paid_on=days_ago(30))
    with refused("amount", "罚款尚欠 1,500 元", "没收违法所得尚欠 3,875 元"):
        execute(case)
    pay(case, 1500, paid_on=days_ago(30))
    pay(case, 3875, paid_on=days_ago(30), kind=PaymentKind.CONFISCATE_GAINS)
    case = execute(case)
    assert case.status == CaseStatus.EXECUTED
    assert case.amount_paid(PaymentKind.FINE, PaymentKind.CONFISCATE_GAINS) == Decimal("25375")


def test_a_receipt_typed_full_width_or_with_spaces_is_the_same_receipt():
    """赣非税2026-000777 and 赣非税２０２６－０００７７７ are one receipt (the inspector's walk:
    both were accepted on one case)."""
    case = case_at(CaseStatus.SERVED)
    kwargs = dict(case=case, user=case.created_by, kind=PaymentKind.FINE, paid_on=days_ago(30))
    first = services.payment_record(
        amount=Decimal("400"), receipt_number="赣非税2026-000777", **kwargs
    )
    assert first.receipt_number == "赣非税2026-000777"
    for typed in ("赣非税２０２６－０００７７７", " 赣非税 2026-000777 "):
        with refused("receipt_number", "赣非税2026-000777", "同一票据不能重复登记"):
            services.payment_record(amount=Decimal("400"), receipt_number=typed, **kwargs)
    assert CasePayment.objects.filter(case=case).count() == 1
