"""The order of the steps: none skipped, none out of order, none dated before the one
before it; each step recorded with its date, officer and document, and in the history."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from penalties import services
from penalties.choices import CaseStatus, EvidenceKind, PaymentKind, Severity
from tests.penalties.factories import (
    case_at,
    case_state,
    closing_approved,
    days_ago,
    decider,
    decision_ready,
    evidence_pdf,
    file_case,
    fine,
    officers,
    refused,
    serve_notice,
)

pytestmark = pytest.mark.django_db


def _notify(case, user, done_on=None):
    """Notify, and serve the notice the same day (the windows run from its service)."""
    done_on = done_on or days_ago(50)
    case = services.case_notify(
        case=case,
        user=user,
        done_on=done_on,
        severity=Severity.ORDINARY,
        penalties=fine(3000),
    )
    serve_notice(case, on=done_on, user=user)
    case.refresh_from_db()
    return case


def _decide(case, user, done_on=None):
    decision_ready(
        case, on=done_on or days_ago(35), severity=Severity.ORDINARY, penalties=fine(3000)
    )
    return services.case_decide(
        case=case,
        user=user,
        done_on=done_on or days_ago(35),
        severity=Severity.ORDINARY,
        penalties=fine(3000),
    )


def _serve(case, user, done_on=None):
    return services.case_serve(
        case=case, user=user, done_on=done_on or days_ago(34), method="direct", recipient="张某"
    )


def _execute(case, user, done_on=None):
    return services.case_execute(case=case, user=user, done_on=done_on or days_ago(20))


def _close(case, user, done_on=None):
    closing_approved(case, on=done_on or days_ago(19))
    return services.case_close(
        case=case, user=user, done_on=done_on or days_ago(19), summary="已执行完毕。"
    )


SKIPS = [
    # (the case is at, the service tried, the step it wanted before)
    (CaseStatus.FILED, _notify, "告知拟处罚", "调查取证"),
    (CaseStatus.INVESTIGATING, _decide, "作出处罚决定", "告知"),
    (CaseStatus.NOTIFIED, _serve, "登记送达", "决定"),
    (CaseStatus.DECIDED, _execute, "登记执行完毕", "送达"),
    (CaseStatus.SERVED, _close, "结案", "执行"),
]


@pytest.mark.parametrize(("at", "action", "label", "needed"), SKIPS)
def test_a_step_cannot_be_skipped(at, action, label, needed):
    case = case_at(at)
    before = case_state(case)
    with refused("status", f"案件当前环节为“{CaseStatus(at).label}”", label, f"“{needed}”"):
        action(case, case.created_by)
    assert case_state(case) == before


BACKWARDS = [
    (
        CaseStatus.INVESTIGATING,
        lambda c, u: services.case_investigate(case=c, user=u, done_on=days_ago(1)),
    ),
    (CaseStatus.DECIDED, _notify),  # notified again only before the decision (re-notice)
    (CaseStatus.DECIDED, _decide),
    (CaseStatus.SERVED, _serve),
    (CaseStatus.EXECUTED, _execute),
    (CaseStatus.CLOSED, _close),
]


@pytest.mark.parametrize(
    ("at", "action"), BACKWARDS, ids=[f"{s}-{a.__name__.strip('_')}" for s, a in BACKWARDS]
)
def test_a_step_done_cannot_be_done_again(at, action):
    case = case_at(at)
    before = case_state(case)
    with refused("status"):
        action(case, case.created_by)
    assert case_state(case) == before


def test_step_dates_cannot_precede_the_step_before():
    case = file_case()
    user = case.created_by
    with refused("done_on", "调查日期不能早于立案日期", f"{case.filed_on:%Y-%m-%d}"):
        services.case_investigate(
            case=case, user=user, done_on=case.filed_on - datetime.timedelta(1)
        )
    case = services.case_investigate(case=case, user=user, done_on=days_ago(55))
    services.evidence_add(
        case=case, user=user, kind=EvidenceKind.RECORD, title="笔录", collected_on=days_ago(55)
    )
    with refused("done_on", "告知日期不能早于上一环节日期", f"{days_ago(55):%Y-%m-%d}"):
        _notify(case, user, done_on=days_ago(56))
    case = _notify(case, user, done_on=days_ago(50))
    with refused("done_on", "决定日期不能早于告知日期"):
        _decide(case, user, done_on=days_ago(51))
    case = _decide(case, user, done_on=days_ago(35))
    with refused("done_on", "送达日期不能早于决定日期"):
        _serve(case, user, done_on=days_ago(36))
    case = _serve(case, user, done_on=days_ago(34))
    services.payment_record(
        case=case, user=user, kind=PaymentKind.FINE, paid_on=days_ago(30), amount=Decimal(3000)
    )
    with refused("done_on", "执行完毕日期不能早于送达日期"):
        _execute(case, user, done_on=days_ago(35))
    with refused("done_on", "不能早于最后一次缴款日期"):
        _execute(case, user, done_on=days_ago(31))
    case = _execute(case, user, done_on=days_ago(29))
    with refused("done_on", "结案日期不能早于执行完毕日期"):
        _close(case, user, done_on=days_ago(30))
    before = case_state(case)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with refused("done_on", "结案日期不能晚于今天"):
        _close(case, user, done_on=tomorrow)
    assert case_state(case) == before
    assert _close(case, user, done_on=days_ago(29)).status == CaseStatus.CLOSED


def test_no_step_is_dated_before_2000():
    case = file_case()
    long_ago = datetime.date(1999, 12, 31)
    before = case_state(case)
    with refused("done_on", "调查日期不能早于 2000-01-01"):
        services.case_investigate(case=case, user=case.created_by, done_on=long_ago)
    with refused("occurred_on", "违法行为发生日期不能早于 2000-01-01"):
        file_case(occurred_on=long_ago, filed_on=datetime.date(2000, 1, 2))
    assert case_state(case) == before


def test_each_step_records_its_date_officer_document_and_history():
    team = officers(2)
    filer, other = team
    case = file_case(team=team)
    case = services.case_investigate(case=case, user=other, done_on=days_ago(59), note=" 询问 ")
    services.evidence_add(
        case=case,
        user=other,
        kind=EvidenceKind.RECORD,
        title="现场笔录",
        collected_on=days_ago(59),
        upload=evidence_pdf(),
    )
    case = _notify(case, other)
    case = _decide(case, filer)
    case = _serve(case, other)
    services.payment_record(
        case=case, user=other, kind=PaymentKind.FINE, paid_on=days_ago(30), amount=Decimal(3000)
    )
    case = _execute(case, filer, done_on=days_ago(29))
    case = _close(case, other, done_on=days_ago(28))
    steps = list(case.steps.values_list("step", "done_on", "officer", "document", "note"))
    assert steps == [
        ("filed", days_ago(60), filer.pk, f"立案审批表 {case.number}", ""),
        ("investigating", days_ago(59), other.pk, "询问笔录、现场笔录等调查取证材料", "询问"),
        ("notified", days_ago(50), other.pk, f"行政处罚事先告知书 {case.notice_number}", ""),
        ("decided", days_ago(35), filer.pk, f"行政处罚决定书 {case.decision_number}", ""),
        ("served", days_ago(34), other.pk, f"送达回执（{case.decision_number}）", ""),
        ("executed", days_ago(29), filer.pk, "罚没款票据、执行记录", "罚没款已全部缴清。"),
        ("closed", days_ago(28), other.pk, "结案报告", ""),
    ]
    history = [
        (h.history_user, h.history_change_reason) for h in case.history.order_by("history_id")
    ]
    assert set(history[:-8]) == {(filer, f"立案 {case.number}"), (decider(), "批准立案（manager）")}
    assert history[-8:] == [
        (other, "调查取证"),
        (other, f"事先告知 {case.notice_number}"),
        (other, f"送达行政处罚事先告知书 {case.notice_number}（直接送达）"),
        (filer, f"作出处罚决定 {case.decision_number}"),
        (other, f"送达行政处罚决定书 {case.decision_number}（直接送达）"),
        (other, "登记缴款 3,000 元"),
        (filer, "执行完毕"),
        (other, "结案"),
    ]
    assert case.status == CaseStatus.CLOSED and case.closed_on == days_ago(28)
