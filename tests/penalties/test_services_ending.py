"""A case may end without a penalty (不予行政处罚、撤销立案、移送其他机关) at any time before the
decision, even past the time limit for it: no case stays stuck; the ending is recorded and
the closed case is locked."""

import pytest

from penalties import services
from penalties.choices import CaseOutcome, CaseStatus
from penalties.models import PenaltyCase
from tests.penalties.factories import (
    case_at,
    case_state,
    closing_approved,
    days_ago,
    fine,
    refused,
)

pytestmark = pytest.mark.django_db


def terminate(case, outcome=CaseOutcome.NO_PENALTY, done_on=None, reason="违法事实不能成立。"):
    closing_approved(case, on=done_on or days_ago(1))
    return services.case_terminate(
        case=case,
        user=case.created_by,
        done_on=done_on or days_ago(1),
        outcome=outcome,
        reason=reason,
    )


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (CaseStatus.FILED, CaseOutcome.WITHDRAWN),
        (CaseStatus.INVESTIGATING, CaseOutcome.TRANSFERRED),
        (CaseStatus.NOTIFIED, CaseOutcome.NO_PENALTY),
    ],
)
def test_a_case_ends_without_a_decision(status, outcome):
    case = case_at(status)
    case = terminate(case, outcome, reason=" 经调查，当事人已于立案前取得许可证。 ")
    assert (case.status, case.outcome, case.closed_on, case.next_due) == (
        CaseStatus.CLOSED,
        outcome,
        days_ago(1),
        None,
    )
    assert case.closing_summary == "经调查，当事人已于立案前取得许可证。"
    assert case.decision_number is None
    step = case.steps.get(step=CaseStatus.CLOSED)
    label = CaseOutcome(outcome).label
    assert (step.document, step.note) == (
        f"结案报告（{label}）",
        "经调查，当事人已于立案前取得许可证。",
    )
    assert case.history.first().history_change_reason == f"结案（{label}）"


def test_a_case_past_its_time_limit_can_still_end():
    case = case_at(CaseStatus.NOTIFIED, earlier=40)  # filed 100 days ago, limit passed
    with refused("done_on", "已超过作出决定的期限"):
        services.case_decide(
            case=case,
            user=case.created_by,
            done_on=days_ago(5),
            severity="ordinary",
            penalties=fine(3000),
        )
    assert terminate(case).outcome == CaseOutcome.NO_PENALTY


def test_the_ending_needs_an_outcome_a_reason_and_a_date_after_the_records():
    case = case_at(CaseStatus.NOTIFIED)
    before = case_state(case)
    with refused("outcome", "请选择结案类型", "不予行政处罚、撤销立案、移送其他机关"):
        terminate(case, outcome=CaseOutcome.PENALISED)
    with refused("outcome", "请选择结案类型"):
        terminate(case, outcome="")
    with refused("reason", "请填写结案理由"):
        terminate(case, reason=" ")
    with refused("done_on", "结案日期不能早于上一环节日期", f"{days_ago(50):%Y-%m-%d}"):
        terminate(case, done_on=days_ago(51))
    with refused("done_on", "结案日期不能晚于今天"):
        terminate(case, done_on=days_ago(-1))
    assert case_state(case) == before
    assert PenaltyCase.objects.get(pk=case.pk).outcome == ""


def test_no_ending_without_a_penalty_once_decided():
    case = case_at(CaseStatus.SERVED)
    before = case_state(case)
    with refused("status", "已作出处罚决定", "应执行完毕后结案"):
        terminate(case)
    assert case_state(case) == before


def test_an_ended_case_is_locked():
    case = terminate(case_at(CaseStatus.INVESTIGATING), CaseOutcome.WITHDRAWN)
    before = case_state(case)
    with refused("status", f"案件 {case.number} 已结案"):
        terminate(case)
    with refused("status", "已结案"):
        services.case_update(case=case, user=case.created_by, facts="改")
    with refused("status", "已结案"):
        services.case_notify(
            case=case,
            user=case.created_by,
            done_on=days_ago(1),
            severity="ordinary",
            penalties=fine(3000),
        )
    assert case_state(case) == before


def test_open_cases_have_no_outcome_and_the_database_says_so():
    from django.db import IntegrityError, transaction

    case = case_at(CaseStatus.EXECUTED)
    assert case.outcome == ""
    with pytest.raises(IntegrityError), transaction.atomic():
        PenaltyCase.objects.filter(pk=case.pk).update(outcome=CaseOutcome.WITHDRAWN)
    with pytest.raises(IntegrityError), transaction.atomic():
        PenaltyCase.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
