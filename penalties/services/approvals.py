"""Approvals by the office's 负责人 (no officer decides alone): 立案, 先行登记保存, 处罚决定, 结案
and 延长办案期限 are each put to a 负责人 (permission ``penalties.approve_case``) who is not
the one asking.

API (keyword-only, atomic; bad input raises ValidationError and writes nothing):

- ``approval_request(*, case, user, kind, requested_on, summary, content=None)`` ->
  CaseApproval. ``kind``: ``ApprovalKind`` (filing, preservation, decision, closing,
  extension). ``summary``: the report's text as printed; ``content``: a dict of its
  structured parts (JSON). One pending request of a kind at a time; a refused request may be
  asked again (a new row). 立案 is requested by ``case_file`` itself.
- ``approval_decide(*, approval, user, decided_on, approved, opinion="")`` -> CaseApproval.
  The approver holds ``penalties.approve_case`` and is not the requester; the date is not
  before the request. Effects: an approved 立案 sets the 立案日期 (``filed_on``) to the
  approval date, the procedure rule in force on it and the decision limit from that rule; a
  refused 立案 closes the case as 不予立案. An approved extension records the CaseExtension.
- ``approval_granted(case, kind, *, on=None)`` -> the latest approved request of ``kind``
  (decided on or before ``on``), or None.
- ``approval_require(case, kind, *, on, field, action)``: raises ValidationError unless a
  request of ``kind`` was approved on or before ``on`` (use it as the gate of a step, e.g.
  the preservation records: ``approval_require(case, ApprovalKind.PRESERVATION, on=day,
  field="done_on", action="先行登记保存")``).
- ``approval_pending(user)``: the requests waiting for ``user`` to decide (for the home page).

The decision's and closing's report contents: penalties.services.approval_reports.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core.people import display_name
from penalties.choices import CaseOutcome, CaseStatus, TimeLimitCode
from penalties.models import (
    ApprovalKind,
    CaseApproval,
    CaseExtension,
    CaseStep,
    PenaltyCase,
    ProcedureRule,
    TimeLimit,
)
from penalties.services.base import case_lock, case_save, check_date, step_record

PERMISSION = "penalties.approve_case"


def rule_for(filed_on: datetime.date) -> ProcedureRule | None:
    return ProcedureRule.for_date(filed_on)


def decision_due_for(rule: ProcedureRule | None, filed_on: datetime.date) -> datetime.date:
    """The decision limit of a case filed on ``filed_on`` under ``rule`` (the TimeLimit's
    DECISION row only where no rule covers the date)."""
    if rule is not None:
        return rule.decision_due(filed_on)
    return TimeLimit.due(TimeLimitCode.DECISION, filed_on)


def _kind_check(kind) -> None:
    if kind not in ApprovalKind.values:
        raise ValidationError({"kind": "请选择审批事项。"})


@transaction.atomic
def approval_request(*, case, user, kind, requested_on, summary, content=None) -> CaseApproval:
    """Put ``kind`` to the 负责人 for ``case``."""
    case = case_lock(case)
    _kind_check(kind)
    if case.is_closed:
        raise ValidationError({"kind": f"案件 {case.number} 已结案，不能再报请审批。"})
    if kind != ApprovalKind.FILING and not case.filing_approved:
        raise ValidationError({"kind": "立案尚未经负责人批准，不能报请其他事项。"})
    label = ApprovalKind(kind).label
    check_date(
        requested_on,
        field="requested_on",
        label="报请日期",
        not_before=None if kind == ApprovalKind.FILING else case.filed_on,
        not_before_label="立案日期",
    )
    if not (summary or "").strip():
        raise ValidationError({"summary": f"请填写{label}报请的内容。"})
    if case.approvals.filter(kind=kind, approved__isnull=True).exists():
        raise ValidationError({"kind": f"本案已有待审批的{label}报请，请等负责人审批后再报。"})
    if kind == ApprovalKind.FILING and case.approvals.filter(kind=kind).exists():
        raise ValidationError({"kind": "本案已报请过立案审批。"})
    approval = CaseApproval(
        case=case,
        kind=kind,
        requested_by=user,
        requested_on=requested_on,
        summary=summary.strip(),
        content=content or {},
    )
    approval._history_user = user
    approval._change_reason = f"报请{label}审批"
    approval.save()
    return approval


def _approver_check(approval, user) -> None:
    if not user.has_perm(PERMISSION):
        raise ValidationError(
            {
                "approver": f"{display_name(user)} 不是机关负责人，不能审批{approval.get_kind_display()}。"
            }
        )
    if approval.requested_by_id == user.pk:
        raise ValidationError(
            {
                "approver": f"{display_name(user)} 是报请人，不能审批自己的报请：须由另一位负责人审批。"
            }
        )


@transaction.atomic
def approval_decide(*, approval, user, decided_on, approved, opinion="") -> CaseApproval:
    """The 负责人's answer to a request: approved or not, with the date and the opinion."""
    approval = CaseApproval.objects.select_for_update().get(pk=approval.pk)
    case = case_lock(approval.case)
    if approval.approved is not None:
        raise ValidationError({"approved": f"该报请已于 {approval.decided_on:%Y-%m-%d} 审批。"})
    _approver_check(approval, user)
    check_date(
        decided_on,
        field="decided_on",
        label="审批日期",
        not_before=approval.requested_on,
        not_before_label="报请日期",
    )
    if approved is None:
        raise ValidationError({"approved": "请选择审批结论（批准或不予批准）。"})
    opinion = (opinion or "").strip()
    if not approved and not opinion:
        raise ValidationError({"opinion": "不予批准的，请填写审批意见（理由）。"})
    approval.approver = user
    approval.decided_on = decided_on
    approval.approved = bool(approved)
    approval.opinion = opinion or "同意。"
    if approval.kind == ApprovalKind.FILING:
        _filing_decided(case, approval, user=user)
    elif approval.kind == ApprovalKind.EXTENSION and approved:
        _extension_approved(case, approval, user=user)
    approval._history_user = user
    approval._change_reason = f"{approval.get_kind_display()}审批：{approval.state_label}"
    approval.save()
    return approval


def case_approval_decide(*, case, approval, user, decided_on, approved, opinion="") -> CaseApproval:
    """approval_decide for a request named by its case (the API's case/approval-decide)."""
    if approval.case_id != case.pk:
        raise ValidationError({"approval": f"该报请不属于案件 {case.number}。"})
    return approval_decide(
        approval=approval, user=user, decided_on=decided_on, approved=approved, opinion=opinion
    )


def _filing_decided(case, approval, *, user) -> None:
    """An approved 立案 dates the case from the approval; a refused one ends it."""
    if case.status != CaseStatus.FILED or case.filing_approved is not None:
        raise ValidationError({"approved": "本案立案已审批。"})
    day = approval.decided_on
    if approval.approved:
        case.filing_approved = True
        case.filed_on = day
        case.procedure_rule = rule_for(day)
        case.decision_due = decision_due_for(case.procedure_rule, day)
        case_save(case, user=user, reason=f"批准立案（{display_name(user)}）")
        CaseStep.objects.filter(case=case, step=CaseStatus.FILED).update(done_on=day)
        return
    case.filing_approved = False
    case.status = CaseStatus.CLOSED
    case.outcome = CaseOutcome.NOT_FILED
    case.closed_on = day
    case.closing_summary = approval.opinion
    case_save(case, user=user, reason=f"不予立案（{display_name(user)}）")
    step_record(
        case=case,
        step=CaseStatus.CLOSED,
        done_on=day,
        user=user,
        document="立案审批表（不予立案）",
        note=approval.opinion,
    )


def extension_check(case, *, approved_on, new_due, reason) -> None:
    if case.status not in (CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED):
        raise ValidationError({"status": "作出决定后不能再延长办案期限。"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写延期理由。"})
    if approved_on > case.decision_due:
        raise ValidationError(
            {"approved_on": f"办案期限已于 {case.decision_due:%Y-%m-%d} 届满，延期须在届满前批准。"}
        )
    if new_due is None or new_due <= case.decision_due:
        raise ValidationError(
            {"new_due": f"延长后的期限须晚于原期限 {case.decision_due:%Y-%m-%d}。"}
        )


def _extension_approved(case, approval, *, user) -> None:
    rule = case.procedure_rule
    if rule is not None and rule.extension_by_superior:
        raise ValidationError(
            {
                "approved": f"本案适用{rule.name}，延长办案期限须报{rule.extension_approver}批准：请登记其批准机关和文号。"
            }
        )
    raw = approval.content.get("new_due")
    new_due = datetime.date.fromisoformat(raw) if raw else None
    reason = approval.content.get("reason") or approval.summary
    extension_check(case, approved_on=approval.decided_on, new_due=new_due, reason=reason)
    CaseExtension.objects.create(
        case=case,
        reason=reason.strip(),
        approved_by=user,
        approved_on=approval.decided_on,
        approving_organ=rule.extension_approver if rule else "本机关负责人",
        approval=approval,
        previous_due=case.decision_due,
        new_due=new_due,
    )
    case.decision_due = new_due
    case_save(
        case, user=user, reason=f"延长办案期限至 {new_due:%Y-%m-%d}（{display_name(user)}批准）"
    )


def approval_granted(case, kind, *, on=None) -> CaseApproval | None:
    rows = CaseApproval.objects.filter(case=case, kind=kind, approved=True)
    if on is not None:
        rows = rows.filter(decided_on__lte=on)
    return rows.order_by("-decided_on", "-id").first()


def approval_require(case, kind, *, on, field, action) -> CaseApproval:
    granted = approval_granted(case, kind, on=on)
    if granted is None:
        label = ApprovalKind(kind).label
        waiting = CaseApproval.objects.filter(case=case, kind=kind, approved__isnull=True).first()
        if waiting is not None:
            raise ValidationError(
                {
                    field: f"{label}已于 {waiting.requested_on:%Y-%m-%d} 报请，尚待负责人审批：批准后再{action}。"
                }
            )
        raise ValidationError(
            {
                field: f"{action}须先经机关负责人批准（{label}审批）：请报请负责人审批，批准后再办理。"
            }
        )
    return granted


def filing_require(case, *, action) -> None:
    """Steps after 立案 wait for the 负责人's approval of it."""
    if case.filing_approved:
        return
    raise ValidationError(
        {
            "status": f"立案尚未经机关负责人批准，不能{action}：请等负责人审批立案报告（立案日期为批准之日）。"
        }
    )


def approval_pending(user):
    """Requests waiting for a decision that ``user`` may give (none of their own)."""
    if not user.has_perm(PERMISSION):
        return CaseApproval.objects.none()
    return (
        CaseApproval.objects.filter(approved__isnull=True)
        .exclude(requested_by=user)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case", "requested_by")
        .order_by("requested_on", "id")
    )


def filing_summary(case: PenaltyCase) -> str:
    """The 立案报告's text: the facts and the violation put to the 负责人."""
    return f"{case.violation}。{case.facts}"
