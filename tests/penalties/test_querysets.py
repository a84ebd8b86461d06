"""The case lists officers and managers watch: near or past a time limit, and the money."""

from decimal import Decimal

import pytest
from django.utils import timezone

from penalties import services
from penalties.choices import CaseStatus, PaymentKind
from penalties.models import PenaltyCase, TimeLimit
from tests.penalties.factories import case_at, days_ago, file_case, officers, practice_case

pytestmark = pytest.mark.django_db


def filed(days):
    return file_case(filed_on=days_ago(days), occurred_on=days_ago(days + 5))


def test_due_soon_lists_cases_within_warning_days_and_overdue_ones():
    assert TimeLimit.objects.get(code="decision").warn_days == 15
    near = filed(80)  # decision due in 10 days
    late = filed(95)  # decision was due 5 days ago
    far = filed(10)  # due in 80 days
    edge = filed(75)  # due in exactly 15 days: listed
    beyond = filed(74)  # due in 16 days: not yet
    closed = case_at(CaseStatus.CLOSED, earlier=40)
    assert set(PenaltyCase.objects.due_soon()) == {near, late, edge}
    assert set(PenaltyCase.objects.overdue()) == {late}
    assert far.next_due == days_ago(-80) and beyond.next_due == days_ago(-16)
    assert closed.next_due is None
    # ``today`` may be given: a month on, the far case is still not near
    later = timezone.localdate() + (days_ago(0) - days_ago(30))
    assert set(PenaltyCase.objects.due_soon(today=later)) == {near, late, edge, beyond}
    assert set(PenaltyCase.objects.overdue(today=later)) == {near, late, edge, beyond}


def test_each_step_runs_against_its_own_limit():
    decided = case_at(CaseStatus.DECIDED)  # service due 7 working days after 35 days ago
    served = case_at(CaseStatus.SERVED)  # payment due 19 days ago
    assert (decided.next_due_code, served.next_due_code) == ("service", "payment")
    assert set(PenaltyCase.objects.overdue()) == {decided, served}
    services.payment_record(
        case=served,
        user=served.created_by,
        kind=PaymentKind.FINE,
        paid_on=days_ago(20),
        amount=Decimal("3000"),
    )
    assert set(PenaltyCase.objects.overdue()) == {decided}
    services.case_serve(
        case=decided,
        user=decided.created_by,
        done_on=days_ago(1),
        method="direct",
        recipient="张某",
        late_reason="当事人下落不明，公告前查找。",
    )
    decided.refresh_from_db()
    assert decided.payment_due == days_ago(-14)
    assert not PenaltyCase.objects.overdue().exists()


def test_with_money_sums_what_was_decided_and_paid(manager):
    partly = case_at(CaseStatus.SERVED)
    services.payment_record(
        case=partly,
        user=partly.created_by,
        kind=PaymentKind.FINE,
        paid_on=days_ago(30),
        amount=Decimal("1000"),
    )
    practice = practice_case(manager)
    for kind, amount in ((PaymentKind.FINE, "21500"), (PaymentKind.CONFISCATE_GAINS, "875")):
        services.payment_record(
            case=practice,
            user=practice.created_by,
            kind=kind,
            paid_on=days_ago(30),
            amount=Decimal(amount),
        )
    notified = case_at(CaseStatus.NOTIFIED)  # proposed only: nothing decided yet
    rows = {
        c.pk: (c.fine_total, c.gains_total, c.paid_total) for c in PenaltyCase.objects.with_money()
    }
    assert rows == {
        partly.pk: (Decimal("3000"), Decimal("0"), Decimal("1000")),
        practice.pk: (Decimal("21500"), Decimal("3875"), Decimal("22375")),
        notified.pk: (Decimal("0"), Decimal("0"), Decimal("0")),
    }


def test_with_money_is_one_query(django_assert_num_queries):
    for _ in range(3):
        case_at(CaseStatus.SERVED)
    with django_assert_num_queries(1):
        assert len(list(PenaltyCase.objects.with_money())) == 3


def test_of_officer_and_open():
    team = officers(2)
    mine = file_case(team=team)
    other = file_case()
    done = case_at(CaseStatus.CLOSED, team=team)
    assert set(PenaltyCase.objects.of_officer(team[1])) == {mine, done}
    assert set(PenaltyCase.objects.open()) == {mine, other}
