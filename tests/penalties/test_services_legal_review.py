"""The legal review (法制审核) is the reviewer's own recorded action, by someone who is not an
officer of the case, after the notice; the decision needs one that agreed when the level
asks for it or the fine goes above the level's maximum."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from penalties import services
from penalties.choices import CaseStatus, Severity
from tests.factories import UserFactory
from tests.penalties.factories import (
    approve_decision,
    case_at,
    case_state,
    days_ago,
    decision_ready,
    fine,
    officers,
    proposal,
    refused,
    serve_notice,
)

pytestmark = pytest.mark.django_db

SERIOUS = proposal(fine_amount=Decimal("10000"))


def serious_notified(**file_overrides):
    case = case_at(CaseStatus.INVESTIGATING, **file_overrides)
    case = services.case_notify(
        case=case,
        user=case.created_by,
        done_on=days_ago(50),
        severity=Severity.SERIOUS,
        penalties=SERIOUS,
    )
    serve_notice(case, on=days_ago(50))
    # The 案件调查终结报告 the review examines, approved.
    approve_decision(case, on=days_ago(50), severity=Severity.SERIOUS, penalties=SERIOUS)
    case.refresh_from_db()
    return case


def review(case, user, reviewed_on=None, approved=True, opinion="事实清楚，适用依据正确。"):
    return services.case_legal_review(
        case=case,
        user=user,
        reviewed_on=reviewed_on or days_ago(36),
        opinion=opinion,
        approved=approved,
    )


def decide(case, penalties=SERIOUS, severity=Severity.SERIOUS, done_on=None, **more):
    decision_ready(
        case,
        on=done_on or days_ago(35),
        severity=severity,
        penalties=penalties,
        review=False,
        departure_reason=more.get("departure_reason", ""),
    )
    return services.case_decide(
        case=case,
        user=case.created_by,
        done_on=done_on or days_ago(35),
        severity=severity,
        penalties=penalties,
        **more,
    )


def test_a_serious_decision_waits_for_a_review_that_agrees(manager):
    case = serious_notified()
    before = case_state(case)
    with refused("legal_review", "裁量基准要求法制审核", "须经法制审核同意后"):
        decide(case)
    assert case_state(case) == before
    case = review(case, manager, approved=False, opinion=" 证据不足，建议补充调查。 ")
    assert (case.legal_reviewer, case.legal_review_approved) == (manager, False)
    assert case.legal_review_opinion == "证据不足，建议补充调查。"
    assert case.history.first().history_change_reason == "法制审核：不同意"
    with refused("legal_review", "法制审核意见为不同意", "须重新审核同意"):
        decide(case)
    review(case, manager, reviewed_on=days_ago(36))
    case = decide(case)
    assert case.status == CaseStatus.DECIDED
    assert (case.legal_reviewer, case.legal_reviewed_on, case.legal_review_approved) == (
        manager,
        days_ago(36),
        True,
    )


def test_the_decider_cannot_name_the_reviewer():
    case = serious_notified()
    with pytest.raises(TypeError):
        decide(case, legal_reviewer=case.created_by, legal_review_opinion="同意")


def test_only_a_legal_reviewer_outside_the_case_may_review(manager):
    inspector_manager = UserFactory(role="inspector", first_name="兼任科长")
    inspector_manager.groups.add(Group.objects.get(name="manager"))
    case = serious_notified(team=[inspector_manager, *officers(1)])
    officer = case.officers.exclude(pk=inspector_manager.pk).get()
    before = case_state(case)
    with refused("legal_reviewer", "不是法制审核人员"):
        review(case, officer)
    with refused("legal_reviewer", "兼任科长 是本案承办人", "不能审核本案"):
        review(case, inspector_manager)
    assert case_state(case) == before
    case.refresh_from_db()
    assert case.legal_reviewer is None
    assert review(case, manager).legal_reviewer == manager


def test_the_review_is_dated_after_the_notice_and_not_in_the_future(manager):
    case = serious_notified()
    with refused("reviewed_on", "不能早于告知日期"):
        review(case, manager, reviewed_on=days_ago(51))
    with refused("reviewed_on", "不能晚于今天"):
        review(case, manager, reviewed_on=days_ago(-1))
    with refused("reviewed_on", "不能早于 2000-01-01"):
        review(case, manager, reviewed_on=datetime.date(1999, 12, 31))
    with refused("opinion", "请填写法制审核意见"):
        review(case, manager, opinion=" ")
    with refused("approved", "同意或不同意"):
        review(case, manager, approved=None)
    review(case, manager, reviewed_on=days_ago(30), approved=False)
    with refused("reviewed_on", "不能早于上一次审核的日期"):
        review(case, manager, reviewed_on=days_ago(31))
    case.refresh_from_db()
    assert (case.legal_reviewed_on, case.legal_review_approved) == (days_ago(30), False)


def test_the_decision_is_not_dated_before_the_review(manager):
    case = serious_notified()
    review(case, manager, reviewed_on=days_ago(20))
    with refused("done_on", "决定日期不能早于法制审核日期", f"{days_ago(20):%Y-%m-%d}"):
        decide(case, done_on=days_ago(21))
    assert decide(case, done_on=days_ago(20)).status == CaseStatus.DECIDED


def test_a_review_only_between_the_notice_and_the_decision(manager):
    with refused("status", "法制审核须在“告知”环节之后"):
        review(case_at(CaseStatus.INVESTIGATING), manager)
    with refused("status", "当前环节为“决定”"):
        review(case_at(CaseStatus.DECIDED), manager)


def test_a_fine_above_the_level_needs_the_review_even_with_a_reason(manager):
    """一般 level of 未取得卫生许可证: 2,000–5,000 yuan, no review asked for by the table."""
    case = case_at(CaseStatus.INVESTIGATING)
    reason = "经营面积大、获利多，从重处罚。"
    services.case_notify(
        case=case,
        user=case.created_by,
        done_on=days_ago(50),
        severity=Severity.ORDINARY,
        penalties=fine(8000),
        departure_reason=reason,
    )
    serve_notice(case, on=days_ago(50))
    before = case_state(case)
    with refused("legal_review", "罚款高于", "2,000–5,000 元", "须经法制审核同意后"):
        decide(case, penalties=fine(8000), severity=Severity.ORDINARY, departure_reason=reason)
    assert case_state(case) == before
    review(case, manager, reviewed_on=days_ago(35))  # after the report the refusal left
    case = decide(case, penalties=fine(8000), severity=Severity.ORDINARY, departure_reason=reason)
    assert case.status == CaseStatus.DECIDED and case.departure_reason == reason


def test_a_fine_inside_or_below_the_level_needs_no_review():
    case = case_at(CaseStatus.NOTIFIED)  # 一般, 3,000 yuan
    case = decide(
        case, penalties=fine(1500), severity=Severity.ORDINARY, departure_reason="经济困难"
    )
    assert case.status == CaseStatus.DECIDED and case.legal_reviewer is None


def test_the_review_examines_the_report_so_it_comes_after_it(manager):
    """法制审核 reviews the 案件调查终结报告's proposal: none before the report is put."""
    case = case_at(CaseStatus.INVESTIGATING)
    services.case_notify(
        case=case, user=case.created_by, done_on=days_ago(50), severity=Severity.SERIOUS,
        penalties=SERIOUS,
    )  # fmt: skip
    serve_notice(case, on=days_ago(50))
    with refused("reviewed_on", "请先报请案件调查终结报告"):
        review(case, manager, reviewed_on=days_ago(45))
    approve_decision(case, on=days_ago(40), severity=Severity.SERIOUS, penalties=SERIOUS)
    with refused("reviewed_on", "不能早于案件调查终结报告的报请日期"):
        review(case, manager, reviewed_on=days_ago(45))
    assert review(case, manager, reviewed_on=days_ago(39)).legal_review_approved is True
