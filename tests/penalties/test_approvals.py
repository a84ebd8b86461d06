"""No officer decides alone: 立案, 处罚决定, 结案 and extensions are approved by a 负责人; 集体讨论
for levels marked 重大; 法制审核 by art. 58's triggers; procedure rules as dated data."""

import datetime

import pytest

from penalties import services
from penalties.choices import CaseOutcome, CaseStatus, LegalReviewTrigger, Severity
from penalties.models import ApprovalKind, DiscussionKind, Hearing, PenaltyCase, ProcedureRule
from penalties.models.approvals import add_months
from tests.factories import UserFactory
from tests.penalties.factories import (
    approve,
    approve_closing,
    approve_decision,
    case_at,
    days_ago,
    decider,
    file_case,
    fine,
    refused,
    serve_notice,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    "day,months,expected",
    [
        (D(2024, 1, 15), 3, D(2024, 4, 15)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 11, 30), 3, D(2025, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_a_case_filed_2024_01_15_runs_under_53_and_is_due_2024_04_15():
    case = file_case(occurred_on=D(2024, 1, 10), filed_on=D(2024, 1, 15))
    assert case.procedure_rule.code == "moh-53"
    assert case.filed_on == D(2024, 1, 15)
    assert case.decision_due == D(2024, 4, 15)


def test_a_case_filed_in_july_2025_runs_under_13():
    case = file_case(occurred_on=D(2025, 7, 1), filed_on=D(2025, 7, 10))
    rule = case.procedure_rule
    assert rule.code == "nhc-13" and rule.effective_from == D(2025, 6, 1)
    assert case.decision_due == rule.decision_due(D(2025, 7, 10)) == D(2025, 10, 8)


def test_the_rule_is_the_one_in_force_on_the_approved_filing_date():
    case = file_case(occurred_on=D(2025, 5, 20), filed_on=D(2025, 5, 30), approved=False)
    assert case.filing_approved is None
    approve(case.approvals.get(kind=ApprovalKind.FILING), on=D(2025, 6, 2))
    case.refresh_from_db()
    assert case.filed_on == D(2025, 6, 2) and case.procedure_rule.code == "nhc-13"
    assert ProcedureRule.for_date(D(2025, 5, 31)).code == "moh-53"


def test_an_officer_cannot_approve_and_the_requester_cannot_approve_himself():
    case = file_case(approved=False)
    approval = case.approvals.get(kind=ApprovalKind.FILING)
    with refused("approver", "不是机关负责人"):
        services.approval_decide(
            approval=approval, user=case.created_by, decided_on=days_ago(60), approved=True
        )
    manager = decider()
    case2 = file_case(user=manager, approved=False)
    with refused("approver", "报请人"):
        services.approval_decide(
            approval=case2.approvals.get(kind=ApprovalKind.FILING),
            user=manager,
            decided_on=days_ago(60),
            approved=True,
        )


def test_the_investigation_waits_for_the_approved_filing():
    case = file_case(approved=False)
    with refused("status", "立案尚未经机关负责人批准"):
        services.case_investigate(case=case, user=case.created_by, done_on=days_ago(59))
    assert list(PenaltyCase.objects.filed()) == []
    assert [a.case for a in services.approval_pending(decider())] == [case]


def test_a_refused_filing_ends_the_case_as_not_filed_and_is_not_counted():
    case = file_case(approved=False)
    with refused("opinion", "理由"):
        services.approval_decide(
            approval=case.approvals.get(),
            user=decider(),
            decided_on=days_ago(59),
            approved=False,
        )
    services.approval_decide(
        approval=case.approvals.get(),
        user=decider(),
        decided_on=days_ago(59),
        approved=False,
        opinion="违法事实不清，不予立案。",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.outcome == CaseOutcome.NOT_FILED
    assert not PenaltyCase.objects.filed().filter(pk=case.pk).exists()


def test_the_decision_needs_an_approved_proposal_it_follows():
    case = case_at(CaseStatus.NOTIFIED)  # the 负责人 approved warning + 3,000 yuan
    user = case.created_by
    decide = dict(case=case, user=user, done_on=days_ago(35), severity=Severity.ORDINARY)
    with refused("approval", "不一致"):
        services.case_decide(**decide, penalties=fine(2500))
    case.approvals.filter(kind=ApprovalKind.DECISION).delete()
    with refused("approval", "须经机关负责人审批"):
        services.case_decide(**decide, penalties=fine(3000))
    approve_decision(case, on=days_ago(40), severity=Severity.ORDINARY, penalties=fine(2500))
    assert services.case_decide(**decide, penalties=fine(2500)).status == CaseStatus.DECIDED


def test_one_pending_request_of_a_kind_and_a_refused_one_may_be_asked_again():
    case = case_at(CaseStatus.EXECUTED)
    first = services.closing_request(
        case=case, user=case.created_by, requested_on=days_ago(28), summary="结案"
    )
    with refused("kind", "待审批"):
        services.closing_request(
            case=case, user=case.created_by, requested_on=days_ago(28), summary="结案"
        )
    services.approval_decide(
        approval=first,
        user=decider(),
        decided_on=days_ago(28),
        approved=False,
        opinion="补充执行材料",
    )
    with refused("approval", "须先经机关负责人批准"):
        services.case_close(case=case, user=case.created_by, done_on=days_ago(27), summary="结案")
    approve_closing(case, on=days_ago(27))
    case = services.case_close(
        case=case, user=case.created_by, done_on=days_ago(27), summary="结案"
    )
    assert case.status == CaseStatus.CLOSED
    assert [a.state_label for a in case.approvals.filter(kind=ApprovalKind.CLOSING)] == [
        "不予批准",
        "批准",
    ]


def test_a_level_marked_major_needs_a_collective_discussion_that_agreed():
    case = case_at(CaseStatus.NOTIFIED)
    level = case.violation.levels.get(severity=Severity.ORDINARY)
    level.requires_collective_discussion = True
    level.save()
    decide = dict(
        case=case,
        user=case.created_by,
        done_on=days_ago(35),
        severity=Severity.ORDINARY,
        penalties=fine(3000),
    )
    with refused("discussion", "集体讨论"):
        services.case_decide(**decide)
    managers = [decider(), UserFactory(role="manager"), UserFactory(role="manager")]
    with refused("host", "不是负责人"):
        services.discussion_record(
            case=case,
            user=case.created_by,
            kind=DiscussionKind.COLLECTIVE,
            held_on=days_ago(36),
            host=case.created_by,
            participants=managers,
            recorder=case.created_by,
            facts="事实",
            discretion="一般情节",
            conclusion="同意",
        )
    services.discussion_record(
        case=case,
        user=case.created_by,
        kind=DiscussionKind.COLLECTIVE,
        held_on=days_ago(36),
        host=managers[0],
        participants=managers,
        recorder=case.created_by,
        facts="未取得卫生许可证营业三个月。",
        discretion="首次违法，按一般情节中限。",
        conclusion="同意警告并罚款3000元。",
    )
    assert services.case_decide(**decide).status == CaseStatus.DECIDED


def test_marked_triggers_need_a_legal_review():
    case = case_at(CaseStatus.NOTIFIED)
    approve_decision(
        case,
        on=days_ago(40),
        severity=Severity.ORDINARY,
        penalties=fine(3000),
        triggers=[LegalReviewTrigger.PUBLIC_INTEREST],
    )
    case.refresh_from_db()
    assert case.legal_review_triggers == [LegalReviewTrigger.PUBLIC_INTEREST]
    with refused("legal_review", "涉及重大公共利益"):
        services.case_decide(
            case=case,
            user=case.created_by,
            done_on=days_ago(35),
            severity=Severity.ORDINARY,
            penalties=fine(3000),
        )


def test_a_review_before_the_hearing_no_longer_counts():
    case = case_at(CaseStatus.NOTIFIED)
    user = case.created_by
    reviewer = decider()
    services.case_legal_review(
        case=case, user=reviewer, reviewed_on=days_ago(49), opinion="同意", approved=True
    )
    # a hearing held (requesting and scheduling one: test_services_rights)
    Hearing.objects.create(case=case, requested_on=days_ago(49), held_on=days_ago(38))
    case.refresh_from_db()
    approve_decision(case, on=days_ago(37), severity=Severity.ORDINARY, penalties=fine(3000))
    decide = dict(
        case=case, user=user, done_on=days_ago(35), severity=Severity.ORDINARY, penalties=fine(3000)
    )
    with refused("legal_review", "听证后须重新法制审核"):
        services.case_decide(**decide)
    services.case_legal_review(
        case=case, user=reviewer, reviewed_on=days_ago(37), opinion="同意", approved=True
    )
    assert services.case_decide(**decide).status == CaseStatus.DECIDED


def test_an_extension_under_53_names_the_superior_organ_and_its_document():
    case = file_case(occurred_on=D(2024, 1, 10), filed_on=D(2024, 1, 15))
    manager = decider()
    with refused("approving_organ", "上级卫生行政机关"):
        services.case_extend(
            case=case,
            user=manager,
            approved_on=D(2024, 4, 1),
            new_due=D(2024, 5, 15),
            reason="鉴定",
        )
    ext = services.case_extend(
        case=case,
        user=manager,
        approved_on=D(2024, 4, 1),
        new_due=D(2024, 5, 15),
        reason="鉴定",
        approving_organ="市卫生健康委员会",
        approval_document="市卫健函〔2024〕12号",
    )
    assert (ext.approving_organ, ext.approval_document, ext.approved_by) == (
        "市卫生健康委员会",
        "市卫健函〔2024〕12号",
        manager,
    )


def test_an_extension_under_13_is_approved_by_the_manager_in_the_system():
    case = case_at(CaseStatus.INVESTIGATING)
    due = case.decision_due
    approval = services.approval_request(
        case=case,
        user=case.created_by,
        kind=ApprovalKind.EXTENSION,
        requested_on=days_ago(40),
        summary="需检验鉴定",
        content={
            "new_due": (due + datetime.timedelta(days=30)).isoformat(),
            "reason": "需检验鉴定",
        },
    )
    approve(approval)
    case.refresh_from_db()
    ext = case.extensions.get()
    assert case.decision_due == due + datetime.timedelta(days=30)
    assert (
        ext.approval == approval
        and ext.approved_by == decider()
        and ext.approving_organ == "本机关负责人"
    )


def test_the_approval_forms_print_with_who_approved_when(tmp_path):
    """立案审批表 with the approval and the rule; 案件调查终结报告, 集体讨论记录, 延长办案期限
    审批表 and 结案报告: internal forms (no full ID number, not served)."""
    import os

    from penalties.documents import case_for_documents, document_get

    case = case_at(CaseStatus.NOTIFIED)
    managers = [decider(), UserFactory(role="manager"), UserFactory(role="manager")]
    services.discussion_record(
        case=case,
        user=case.created_by,
        kind=DiscussionKind.COLLECTIVE,
        held_on=days_ago(45),
        host=managers[0],
        participants=managers,
        recorder=case.created_by,
        facts="未取得卫生许可证营业三个月。",
        discretion="首次违法，按一般情节中限。",
        conclusion="同意警告并罚款3000元。",
    )
    approval = services.approval_request(
        case=case,
        user=case.created_by,
        kind=ApprovalKind.EXTENSION,
        requested_on=days_ago(45),
        summary="需检验",
        content={"new_due": (case.decision_due + datetime.timedelta(days=30)).isoformat()},
    )
    approve(approval)
    case = case_at(CaseStatus.CLOSED, case=case)
    case = case_for_documents(case.pk)
    out = os.environ.get("APPROVAL_PDF_DIR") or str(tmp_path)
    for slug in (
        "filing",
        "investigation-report",
        "collective-discussion",
        "extension",
        "closing-report",
    ):
        document = document_get(slug)
        assert not document.party_facing and not document.can_reveal
        record = document.records_of(case)[-1]
        context = document.context(case, record)
        pdf = document.render(case, record)
        assert pdf.startswith(b"%PDF")
        with open(os.path.join(out, f"{slug}.pdf"), "wb") as f:
            f.write(pdf)
        if slug in ("filing", "closing-report", "investigation-report"):
            assert context["sign"]["approver"] and context["sign"]["decided_on"]


def test_a_step_waiting_for_its_approval_says_it_is_waiting():
    """Walk finding: deciding while the 案件调查终结报告 waited for the 负责人 told the officer
    to report it (again); closing likewise."""
    from penalties.services.approval_reports import decision_request

    case = case_at(CaseStatus.INVESTIGATING)
    services.case_notify(case=case, user=case.created_by, done_on=days_ago(50),
                         severity="ordinary", penalties=fine(3000))  # fmt: skip
    serve_notice(case, on=days_ago(50))
    decision_request(case=case, user=case.created_by, requested_on=days_ago(40),
                     severity="ordinary", penalties=fine(3000), facts="无证营业。",
                     evidence="现场笔录", basis="第三十五条", discretion="首次。")  # fmt: skip
    with refused("approval", f"已于 {days_ago(40):%Y-%m-%d} 报请，尚待负责人审批"):
        services.case_decide(case=case, user=case.created_by, done_on=days_ago(35),
                             severity="ordinary", penalties=fine(3000))  # fmt: skip
    executed = case_at(CaseStatus.EXECUTED)
    services.closing_request(case=executed, user=executed.created_by, requested_on=days_ago(20),
                             summary="罚款已缴清。")  # fmt: skip
    with refused("approval", "结案已于", "尚待负责人审批"):
        services.case_close(case=executed, user=executed.created_by, done_on=days_ago(19),
                            summary="罚款已缴清。")  # fmt: skip


def test_a_report_proposing_more_than_the_notice_is_refused_when_put():
    """Walk finding: a 案件调查终结报告 proposing 5,000 yuan after a notice of 3,000 was put to
    and approved by the 负责人; only the decision refused it (行政处罚法第四十五条)."""
    from penalties.services.approval_reports import decision_request

    case = case_at(CaseStatus.INVESTIGATING)
    services.case_notify(case=case, user=case.created_by, done_on=days_ago(50),
                         severity="ordinary", penalties=fine(3000))  # fmt: skip
    report = dict(case=case, user=case.created_by, requested_on=days_ago(40), severity="ordinary",
                  facts="无证营业。", evidence="现场笔录", basis="第三十五条", discretion="首次。")  # fmt: skip
    with refused("fine_amount", "高于告知的 3,000 元"):
        decision_request(penalties=fine(5000), **report)
    with refused("fine_amount"):  # beyond the clause's maximum
        decision_request(penalties=fine(300000), **report)
    assert not case.approvals.filter(kind=ApprovalKind.DECISION).exists()
    assert decision_request(penalties=fine(3000), **report).approved is None
