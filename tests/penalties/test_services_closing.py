"""Closing locks the case: every step refuses, and corrections go through a recorded
amendment by a manager."""

from decimal import Decimal

import pytest

from penalties import services
from penalties.choices import CaseOutcome, CaseStatus, EvidenceKind, PaymentKind, Severity
from penalties.models import CaseAmendment
from tests.factories import valid_credit_code
from tests.penalties.factories import (
    case_at,
    case_state,
    closing_approved,
    days_ago,
    fine,
    officers,
    refused,
)

pytestmark = pytest.mark.django_db


def test_closing_needs_a_summary():
    case = case_at(CaseStatus.EXECUTED)
    closing_approved(case, on=days_ago(1))
    before = case_state(case)
    with refused("summary", "请填写结案报告"):
        services.case_close(case=case, user=case.created_by, done_on=days_ago(1), summary=" ")
    assert case_state(case) == before
    case = services.case_close(
        case=case, user=case.created_by, done_on=days_ago(1), summary=" 已执行完毕，归档。 "
    )
    assert (case.status, case.closed_on, case.closing_summary, case.outcome) == (
        CaseStatus.CLOSED,
        days_ago(1),
        "已执行完毕，归档。",
        CaseOutcome.PENALISED,
    )
    assert case.is_closed and case.next_due is None


ALL_STEPS = {
    "case_update": lambda c, u: services.case_update(case=c, user=u, facts="改"),
    "case_investigate": lambda c, u: services.case_investigate(case=c, user=u, done_on=days_ago(1)),
    "evidence_add": lambda c, u: services.evidence_add(
        case=c, user=u, kind=EvidenceKind.DOCUMENT, title="补充", collected_on=days_ago(1)
    ),
    "case_extend": lambda c, u: services.case_extend(
        case=c, user=u, approved_on=days_ago(1), new_due=days_ago(-30), reason="x"
    ),
    "case_notify": lambda c, u: services.case_notify(
        case=c, user=u, done_on=days_ago(1), severity=Severity.ORDINARY, penalties=fine(3000)
    ),
    "statement_record": lambda c, u: services.statement_record(
        case=c, user=u, received_on=days_ago(1), content="x", adopted=False, reply="x"
    ),
    "rights_waive": lambda c, u: services.rights_waive(case=c, user=u, waived_on=days_ago(1)),
    "case_legal_review": lambda c, u: services.case_legal_review(
        case=c, user=u, reviewed_on=days_ago(1), opinion="同意", approved=True
    ),
    "case_terminate": lambda c, u: services.case_terminate(
        case=c, user=u, done_on=days_ago(1), outcome=CaseOutcome.WITHDRAWN, reason="x"
    ),
    "hearing_request": lambda c, u: services.hearing_request(
        case=c, user=u, requested_on=days_ago(1)
    ),
    "hearing_schedule": lambda c, u: services.hearing_schedule(
        case=c,
        user=u,
        party_notified_on=days_ago(1),
        scheduled_for=days_ago(-20),
        place="x",
        host="x",
    ),
    "hearing_hold": lambda c, u: services.hearing_hold(
        case=c, user=u, held_on=days_ago(1), summary="x"
    ),
    "case_decide": lambda c, u: services.case_decide(
        case=c, user=u, done_on=days_ago(1), severity=Severity.ORDINARY, penalties=fine(3000)
    ),
    "case_serve": lambda c, u: services.case_serve(
        case=c, user=u, done_on=days_ago(1), method="direct", recipient="张某"
    ),
    "payment_record": lambda c, u: services.payment_record(
        case=c, user=u, kind=PaymentKind.FINE, paid_on=days_ago(1), amount=Decimal(1)
    ),
    "case_execute": lambda c, u: services.case_execute(case=c, user=u, done_on=days_ago(1)),
    "case_close": lambda c, u: services.case_close(
        case=c, user=u, done_on=days_ago(1), summary="x"
    ),
}


@pytest.fixture
def closed(manager):
    return case_at(CaseStatus.CLOSED)


@pytest.mark.parametrize("action", ALL_STEPS)
def test_a_closed_case_refuses_every_step(closed, manager, action):
    before = case_state(closed)
    with refused("status", f"案件 {closed.number} 已结案", "如需更正请办理更正"):
        by_manager = action in ("case_extend", "case_legal_review")
        ALL_STEPS[action](closed, manager if by_manager else closed.created_by)
    assert case_state(closed) == before


def test_a_manager_amends_a_closed_case_with_a_record(closed, manager):
    old_facts = closed.facts
    amendment = services.case_amend(
        case=closed,
        user=manager,
        reason=" 笔误 ",
        facts="未取得公共场所卫生许可证擅自营业两个月。",
        party_phone="13700000000",
    )
    assert (amendment.reason, amendment.amended_by) == ("笔误", manager)
    assert amendment.changes == {
        "facts": {"before": old_facts, "after": "未取得公共场所卫生许可证擅自营业两个月。"},
        "party_phone": {"before": "0795-8888888", "after": "13700000000"},
    }
    closed.refresh_from_db()
    assert closed.facts == "未取得公共场所卫生许可证擅自营业两个月。"
    assert closed.party_phone == "13700000000" and closed.status == CaseStatus.CLOSED
    latest = closed.history.first()
    assert (latest.history_user, latest.history_change_reason) == (manager, "更正：笔误")
    assert latest.facts == closed.facts
    assert latest.prev_record.facts == old_facts


def test_an_inspector_cannot_amend(closed):
    before = case_state(closed)
    with refused("reason", "只有负责人"):
        services.case_amend(case=closed, user=closed.created_by, reason="笔误", facts="改")
    assert case_state(closed) == before


def test_amending_nothing_or_what_may_not_change_is_refused(closed, manager):
    before = case_state(closed)
    with refused("reason", "没有需要更正的内容"):
        services.case_amend(case=closed, user=manager, reason="笔误", facts=closed.facts)
    with refused("reason", "没有需要更正的内容"):
        services.case_amend(case=closed, user=manager, reason="笔误")
    with refused("reason", "不能更正", "decided_on", "number"):
        services.case_amend(
            case=closed, user=manager, reason="笔误", number="x", decided_on=days_ago(3)
        )
    with refused("reason", "请填写更正原因"):
        services.case_amend(case=closed, user=manager, reason=" ", facts="新")
    with refused("facts", "不能为空"):
        services.case_amend(case=closed, user=manager, reason="笔误", facts=" ")
    with refused("closing_summary", "不能为空"):
        services.case_amend(case=closed, user=manager, reason="笔误", closing_summary="")
    with refused("party_address", "不能为空"):
        services.case_amend(case=closed, user=manager, reason="笔误", party_address="")
    good = valid_credit_code()
    with refused("party_code", "校验位错误"):
        services.case_amend(
            case=closed,
            user=manager,
            reason="笔误",
            party_code=good[:17] + ("0" if good[17] != "0" else "1"),
        )
    assert case_state(closed) == before and not CaseAmendment.objects.exists()


def test_amendment_once_the_party_has_been_notified(manager):
    """Before the notice a case is edited directly; from the notice on, only by a recorded
    amendment (or, for the facts and penalties, a re-notice)."""
    investigating = case_at(CaseStatus.INVESTIGATING)
    with refused("status", "尚未告知", "可直接修改"):
        services.case_amend(case=investigating, user=manager, reason="笔误", facts="新")
    notified = case_at(CaseStatus.NOTIFIED)
    before = case_state(notified)
    with refused("status", f"已告知当事人（告知书 {notified.notice_number}）", "重新告知"):
        services.case_update(case=notified, user=notified.created_by, facts="新")
    assert case_state(notified) == before
    amendment = services.case_amend(
        case=notified, user=manager, reason="电话有误", party_phone="13900000000"
    )
    assert amendment.changes["party_phone"]["after"] == "13900000000"
    decided = case_at(CaseStatus.DECIDED)
    with refused("status", "直接修改"):
        services.case_update(case=decided, user=decided.created_by, facts="新")
    with refused("closing_summary", "尚未结案"):
        services.case_amend(case=decided, user=manager, reason="补记", closing_summary="结案")
    with refused("execution_note", "尚未执行"):
        services.case_amend(case=decided, user=manager, reason="补记", execution_note="已缴")
    amendment = services.case_amend(
        case=decided, user=manager, reason="地址有误", party_address="新址"
    )
    assert amendment.changes["party_address"]["after"] == "新址"


def test_officers_of_a_closed_case_stay(closed):
    team = set(closed.officers.all())
    with refused("status", "已结案"):
        services.case_update(case=closed, user=closed.created_by, officers=officers(2))
    closed.refresh_from_db()
    assert set(closed.officers.all()) == team
