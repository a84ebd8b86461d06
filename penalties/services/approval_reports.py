"""What the 负责人 approves before the decision and before 结案, and the 合议 / 集体讨论 records.

- ``decision_request(*, case, user, requested_on, severity, penalties, facts, evidence,
  basis, discretion, departure_reason="", legal_review_triggers=())``: the 案件调查终结报告 put
  to the 负责人 (kind decision). Its content keeps each part, printable; the decision must
  follow its proposal (severity and penalties).
- ``closing_request(*, case, user, requested_on, summary)``: the 结案报告 (kind closing).
- ``extension_request(*, case, user, requested_on, new_due, reason)``: an extension of the
  decision deadline (kind extension), checked as its approval will be.
- ``discussion_record(...)``: a 合议 of the case team or a 集体讨论 of the 负责人s.
- ``decision_approval_check(case, *, done_on, severity, lines)`` and
  ``collective_discussion_check(case, level, *, done_on)``: the gates of case_decide.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from core.formatting import clause, money, sentence
from core.people import display_name
from penalties.choices import CaseStatus, LegalReviewTrigger, PenaltyKind, Severity
from penalties.models import ApprovalKind, CaseDiscussion, DiscussionKind
from penalties.services.approvals import (
    PERMISSION,
    approval_granted,
    approval_request,
    extension_check,
)
from penalties.services.base import case_lock, case_save, check_date, require_status
from penalties.services.discretion import (
    discretion_level,
    not_heavier_check,
    penalties_check,
)
from penalties.services.orders import correction_check


def _line_key(kind, amount) -> tuple:
    return (str(kind), str(amount.normalize()) if amount is not None else "")


def proposal_of(lines) -> list[dict]:
    return [
        {
            "kind": str(line.kind),
            "label": PenaltyKind(line.kind).label,
            "amount": str(line.amount) if line.amount is not None else "",
            "items": line.items or "",
        }
        for line in lines
    ]


@transaction.atomic
def decision_request(
    *,
    case,
    user,
    requested_on,
    severity,
    penalties,
    facts,
    evidence,
    basis,
    discretion,
    departure_reason="",
    legal_review_triggers=(),
):
    """Put the 案件调查终结报告 and its proposal to the 负责人. The officer marks the 法制审核
    triggers (行政处罚法第五十八条) that apply; they are recorded on the case."""
    case = case_lock(case)
    require_status(case, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED, action="报请处罚决定审批")
    errors = {}
    for field, value, label in (
        ("facts", facts, "违法事实"),
        ("evidence", evidence, "证据"),
        ("basis", basis, "处罚依据"),
        ("discretion", discretion, "裁量理由"),
    ):
        if not (value or "").strip():
            errors[field] = f"请填写{label}。"
    if severity not in Severity.values:
        errors["severity"] = "请选择违法情节。"
    triggers = list(dict.fromkeys(legal_review_triggers or ()))
    if any(t not in LegalReviewTrigger.values for t in triggers):
        errors["legal_review_triggers"] = "法制审核情形不正确。"
    if errors:
        raise ValidationError(errors)
    lines = penalties.lines()
    _proposal_check(case, severity=severity, penalties=penalties, lines=lines,
                    departure_reason=departure_reason)  # fmt: skip
    correction = correction_text(case, penalties)
    content = {
        "facts": facts.strip(),
        "evidence": evidence.strip(),
        "basis": basis.strip(),
        "severity": severity,
        "severity_label": Severity(severity).label,
        "discretion": discretion.strip(),
        "departure_reason": (departure_reason or "").strip(),
        "penalties": proposal_of(lines),
        "legal_review_triggers": triggers,
        "correction": correction,
        "correction_input": {
            "order_correct": bool(penalties.order_correct),
            "correction_note": (penalties.correction_note or "").strip(),
            "correction_due": penalties.correction_due.isoformat()
            if penalties.order_correct and penalties.correction_due
            else "",
            "no_correction_reason": (penalties.no_correction_reason or "").strip(),
        },
    }
    proposal = "、".join(
        p["label"] + (f" {money(p['amount'])} 元" if p["amount"] else "")
        for p in content["penalties"]
    )
    summary = (
        f"违法事实：{content['facts']}\n证据：{content['evidence']}\n处罚依据：{content['basis']}\n"
        f"裁量：{Severity(severity).label}。{content['discretion']}\n处理意见：{proposal or '不予行政处罚'}\n{correction}"
    )
    approval = approval_request(
        case=case,
        user=user,
        kind=ApprovalKind.DECISION,
        requested_on=requested_on,
        summary=summary,
        content=content,
    )
    if triggers != list(case.legal_review_triggers or []):
        case.legal_review_triggers = triggers
        case_save(case, user=user, reason="标记法制审核情形")
    return approval


def correction_text(case, penalties) -> str:
    """What the report proposes on correction (行政处罚法第二十八条): the order to give, the
    one the case holds, or why none is given; refused when it says none of these."""
    waiver = correction_check(case, penalties)
    if getattr(penalties, "order_correct", False):
        due = penalties.correction_due
        when = f"于{due.year}年{due.month}月{due.day}日前" if due else "立即"
        return f"责令改正（{when}改正）：{sentence(penalties.correction_note)}"
    if waiver:
        return f"未责令改正的理由：{sentence(waiver)}"
    order = case.correction_orders.order_by("-issued_on", "-id").first()
    return f"责令改正：已下达《责令改正通知书》{order.number}（{order.due_text}改正）。"


def _proposal_check(case, *, severity, penalties, lines, departure_reason) -> None:
    """The report proposes what the decision could be: within the catalogue (or departing
    with its reason) and, once notified, not heavier than the notice (行政处罚法第四十五条)
    — checked now, not only when the approved decision is refused."""

    gains = penalties.gains()
    penalties_check(
        level=discretion_level(case.violation, severity),
        lines=lines,
        departure_reason=departure_reason,
        gains=case.illegal_gains if gains is None else gains,
    )
    if case.status == CaseStatus.NOTIFIED:
        not_heavier_check(case, lines)


def closing_request(*, case, user, requested_on, summary):
    """Put the 结案报告 to the 负责人."""
    return approval_request(
        case=case,
        user=user,
        kind=ApprovalKind.CLOSING,
        requested_on=requested_on,
        summary=summary,
        content={"summary": (summary or "").strip()},
    )


def extension_request(*, case, user, requested_on, new_due, reason):
    """Put an extension of the decision deadline to the 负责人: refused now if its approval
    would be (a new deadline not later than the current one, no reason, a case decided)."""
    extension_check(case, approved_on=requested_on, new_due=new_due, reason=reason)
    return approval_request(
        case=case,
        user=user,
        kind=ApprovalKind.EXTENSION,
        requested_on=requested_on,
        summary=reason,
        content={"new_due": new_due.isoformat(), "reason": reason.strip()},
    )


def approved_correction(case) -> dict:
    """The correction the 负责人 approved with the latest 案件调查终结报告 (as form values:
    order_correct, correction_note, correction_due, no_correction_reason), {} if none."""
    approval = approval_granted(case, ApprovalKind.DECISION)
    if approval is not None and case.notified_on and approval.requested_on < case.notified_on:
        approval = None  # approved before a re-notice: no longer the proposal
    given = dict(((approval.content or {}) if approval else {}).get("correction_input") or {})
    if given.get("correction_due"):
        given["correction_due"] = datetime.date.fromisoformat(given["correction_due"])
    return given


def decision_approval_check(case, *, done_on, severity, lines, penalties=None):
    """The decision follows a proposal the 负责人 approved on or before ``done_on``, asked
    after the (latest) notice and, after a hearing, approved after it (art. 65)."""
    approval = approval_granted(case, ApprovalKind.DECISION, on=done_on)
    hearing = getattr(case, "hearing", None)
    if approval is not None and case.notified_on and approval.requested_on < case.notified_on:
        approval = None
    if approval is not None and hearing is not None and hearing.held_on:
        if approval.decided_on < hearing.held_on:
            raise ValidationError(
                {
                    "approval": f"负责人于 {approval.decided_on:%Y-%m-%d} 批准的处理意见早于听证（{hearing.held_on:%Y-%m-%d}）：决定须根据听证笔录作出，请重新报请审批。"
                }
            )
    if approval is None:
        waiting = case.approvals.filter(kind=ApprovalKind.DECISION, approved__isnull=True).first()
        if waiting is not None:
            raise ValidationError(
                {
                    "approval": f"案件调查终结报告已于 {waiting.requested_on:%Y-%m-%d} 报请，尚待负责人审批：批准后再作出决定。"
                }
            )
        raise ValidationError(
            {
                "approval": "处罚决定须经机关负责人审批（行政处罚法第五十七条）：请先报请案件调查终结报告，批准后再作出决定。"
            }
        )
    content = approval.content or {}
    wanted = sorted(
        _line_key(p["kind"], _amount(p.get("amount"))) for p in content.get("penalties", [])
    )
    given = sorted(_line_key(line.kind, line.amount) for line in lines)
    if content.get("severity") != severity or wanted != given:
        raise ValidationError(
            {
                "approval": f"决定与负责人 {approval.decided_on:%Y-%m-%d} 批准的处理意见不一致（情节或处罚）：改变处理意见的，请重新报请审批。"
            }
        )
    if penalties is not None:
        _approved_correction_check(case, content.get("correction_input") or {}, penalties)
    return approval


def _approved_correction_check(case, approved: dict, penalties) -> None:
    """The decision orders the correction the 负责人 approved: the same content and deadline,
    given now or already standing on the case."""
    if not approved.get("order_correct"):
        return
    note = (approved.get("correction_note") or "").strip()
    due = approved.get("correction_due") or None
    due = datetime.date.fromisoformat(due) if isinstance(due, str) else due
    if penalties.order_correct:
        given = ((penalties.correction_note or "").strip(), penalties.correction_due or None)
    else:
        order = case.correction_orders.order_by("-issued_on", "-id").first()
        given = (order.content, order.due_on) if order is not None else None
    if given != (note, due):
        when = f"{due.year}年{due.month}月{due.day}日前" if due else "立即"
        raise ValidationError(
            {
                "order_correct": f"负责人批准的处理意见责令{when}改正：{clause(note)}。"
                "决定应下达同样的责令改正通知书；改变处理意见的，请重新报请审批。"
            }
        )


def _amount(text):
    return Decimal(text) if text else None


def collective_discussion_check(case, level, *, done_on) -> None:
    """A severity the data marks 重大 is decided by the 负责人s' collective discussion
    (行政处罚法第五十七条第二款), held on or before the decision and agreeing."""
    if not level.requires_collective_discussion:
        return
    held = case.discussions.filter(
        kind=DiscussionKind.COLLECTIVE, agreed=True, held_on__lte=done_on
    ).exists()
    if not held:
        raise ValidationError(
            {
                "discussion": f"“{level}”属重大违法行为，须经负责人集体讨论决定（行政处罚法第五十七条第二款）：请先登记集体讨论记录。"
            }
        )


@transaction.atomic
def discussion_record(
    *,
    case,
    user,
    kind,
    held_on,
    host,
    participants,
    recorder,
    facts,
    discretion,
    conclusion,
    agreed=True,
    place="",
) -> CaseDiscussion:
    """Record a 合议 (the case team) or a 集体讨论 (the 负责人s, hosted by one of them)."""
    case = case_lock(case)
    if case.is_closed:
        raise ValidationError({"kind": f"案件 {case.number} 已结案。"})
    if kind not in DiscussionKind.values:
        raise ValidationError({"kind": "请选择讨论类型（合议或集体讨论）。"})
    check_date(
        held_on,
        field="held_on",
        label="讨论日期",
        not_before=case.filed_on,
        not_before_label="立案日期",
    )
    participants = list(participants or [])
    errors = {}
    if host is None:
        errors["host"] = "请选择主持人。"
    elif kind == DiscussionKind.COLLECTIVE and not host.has_perm(PERMISSION):
        errors["host"] = f"集体讨论由机关负责人主持：{display_name(host)} 不是负责人。"
    if recorder is None:
        errors["recorder"] = "请选择记录人。"
    if len({p.pk for p in participants} | ({host.pk} if host else set())) < 3:
        errors["participants"] = "合议或集体讨论须三人以上参加（含主持人）。"
    for field, value, label in (
        ("facts", facts, "讨论的违法事实和证据"),
        ("discretion", discretion, "裁量理由（如何行使裁量权）"),
        ("conclusion", conclusion, "讨论结论"),
    ):
        if not (value or "").strip():
            errors[field] = f"请填写{label}。"
    if errors:
        raise ValidationError(errors)
    discussion = CaseDiscussion(
        case=case,
        kind=kind,
        held_on=held_on,
        place=(place or "").strip(),
        host=host,
        recorder=recorder,
        facts=facts.strip(),
        discretion=discretion.strip(),
        conclusion=conclusion.strip(),
        agreed=bool(agreed),
        recorded_by=user,
    )
    discussion._history_user = user
    discussion.save()
    discussion.participants.set(participants)
    return discussion
