"""A case that ends without a penalty decision (不予行政处罚、撤销立案、移送其他机关)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from penalties.choices import TERMINAL_OUTCOMES, CaseOutcome, CaseStatus
from penalties.models import ApprovalKind
from penalties.services.approvals import approval_require, filing_require
from penalties.services.base import (
    case_lock,
    case_save,
    check_date,
    latest_record,
    require_status,
    step_record,
)


@transaction.atomic
def case_terminate(*, case, user, done_on, outcome, reason):
    """Close a case before any decision with ``outcome`` (not 给予行政处罚, which only an
    executed decision gives) and its reason. Always open before the decision, even after the
    time limit for the decision: no case stays stuck. The closed case is locked as any."""
    case = case_lock(case)
    if case.status in (CaseStatus.DECIDED, CaseStatus.SERVED, CaseStatus.EXECUTED):
        raise ValidationError(
            {
                "status": f"案件已作出处罚决定（{case.decision_number}），不能以不予处罚、撤销或移送结案；应执行完毕后结案。"
            }
        )
    require_status(
        case,
        CaseStatus.FILED,
        CaseStatus.INVESTIGATING,
        CaseStatus.NOTIFIED,
        action="终结案件",
    )
    if outcome not in TERMINAL_OUTCOMES:
        labels = "、".join(CaseOutcome(o).label for o in TERMINAL_OUTCOMES)
        raise ValidationError({"outcome": f"请选择结案类型（{labels}）。"})
    latest, label = latest_record(case)
    check_date(
        done_on, field="done_on", label="结案日期", not_before=latest, not_before_label=label
    )
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写结案理由（如违法事实不能成立、移送的机关）。"})
    filing_require(case, action="终结案件（未批准立案的，由负责人在立案审批中不予立案）")
    approval_require(case, ApprovalKind.CLOSING, on=done_on, field="approval", action="结案")
    outcome_label = CaseOutcome(outcome).label
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.closed_on = done_on
    case.closing_summary = reason.strip()
    case_save(case, user=user, reason=f"结案（{outcome_label}）")
    step_record(
        case=case,
        step=CaseStatus.CLOSED,
        done_on=done_on,
        user=user,
        document=f"结案报告（{outcome_label}）",
        note=reason.strip(),
    )
    return case
