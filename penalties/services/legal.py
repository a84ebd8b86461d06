"""The legal review (法制审核, 行政处罚法第五十八条): its own action, by a reviewer who is not an
officer of the case, on the notified proposal, before the decision."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.people import display_name
from penalties.choices import CaseStatus, LegalReviewTrigger
from penalties.models import ApprovalKind
from penalties.services.base import case_lock, case_save, check_date, require_status
from penalties.services.discretion import fine_above_level


@transaction.atomic
def case_legal_review(*, case, user, reviewed_on, opinion, approved: bool):
    """Record the legal review of the notified proposal by ``user``. A review that does not
    agree (``approved`` False) holds the decision back until a later review agrees; each
    review replaces the one before (the history keeps them all)."""
    case = case_lock(case)
    require_status(case, CaseStatus.NOTIFIED, action="法制审核")
    if not user.has_perm("penalties.legal_review"):
        raise ValidationError({"legal_reviewer": f"{display_name(user)} 不是法制审核人员。"})
    if case.officers.filter(pk=user.pk).exists():
        raise ValidationError(
            {
                "legal_reviewer": f"{display_name(user)} 是本案承办人，不能审核本案（法制审核须由承办人以外的人员办理）。"
            }
        )
    check_date(
        reviewed_on,
        field="reviewed_on",
        label="法制审核日期",
        not_before=case.notified_on,
        not_before_label="告知日期",
    )
    _report_check(case, reviewed_on)
    if case.legal_reviewed_on and reviewed_on < case.legal_reviewed_on:
        raise ValidationError(
            {
                "reviewed_on": f"法制审核日期不能早于上一次审核的日期（{case.legal_reviewed_on:%Y-%m-%d}）。"
            }
        )
    errors = {}
    if approved is None:
        errors["approved"] = "请选择审核结论（同意或不同意）。"
    if not (opinion or "").strip():
        errors["opinion"] = "请填写法制审核意见。"
    if errors:
        raise ValidationError(errors)
    case.legal_reviewer = user
    case.legal_reviewed_on = reviewed_on
    case.legal_review_opinion = opinion.strip()
    case.legal_review_approved = bool(approved)
    case_save(case, user=user, reason=f"法制审核：{'同意' if approved else '不同意'}")
    return case


def _report_check(case, reviewed_on) -> None:
    """The review examines the 案件调查终结报告's proposal: one put after the latest notice, on
    or before the review's day."""
    report = (
        case.approvals.filter(kind=ApprovalKind.DECISION, requested_on__gte=case.notified_on)
        .order_by("requested_on", "pk")
        .first()
    )
    if report is None:
        raise ValidationError(
            {
                "reviewed_on": "法制审核审查的是案件调查终结报告提出的处理意见：请先报请案件调查终结报告，再进行法制审核。"
            }
        )
    if reviewed_on < report.requested_on:
        raise ValidationError(
            {
                "reviewed_on": f"法制审核日期不能早于案件调查终结报告的报请日期（{report.requested_on:%Y-%m-%d}）。"
            }
        )


def review_triggers(case, level, lines) -> list[str]:
    """Why this decision needs 法制审核 (行政处罚法第五十八条): the triggers the officer marked,
    a held hearing (the decision then directly affects major rights after a hearing), the
    level's flag, an upward departure from the level."""
    reasons = [LegalReviewTrigger(t).label for t in case.legal_review_triggers or []]
    hearing = getattr(case, "hearing", None)
    if (
        hearing is not None
        and hearing.held_on
        and (LegalReviewTrigger.MAJOR_RIGHTS_HEARING not in (case.legal_review_triggers or []))
    ):
        reasons.append(LegalReviewTrigger.MAJOR_RIGHTS_HEARING.label)
    if level.requires_legal_review:
        reasons.append(f"“{level}”的裁量基准要求法制审核")
    if fine_above_level(level, lines):
        reasons.append(
            f"罚款高于“{level}”的裁量上限（{level.fine_range_text}），属从重偏离裁量基准"
        )
    return reasons


def legal_review_check(case, level, lines):
    """A decision that art. 58 or the data ask to be reviewed needs a legal review that
    agreed; after a hearing, one dated on or after the hearing. A review that did not agree
    holds any decision back."""
    if case.legal_reviewer_id is not None and not case.legal_review_approved:
        raise ValidationError(
            {
                "legal_review": f"法制审核意见为不同意（{case.legal_reviewed_on:%Y-%m-%d}）：须重新审核同意后才能作出决定，或重新告知。"
            }
        )
    reasons = review_triggers(case, level, lines)
    if not reasons:
        return
    if case.legal_reviewer_id is None:
        raise ValidationError(
            {
                "legal_review": f"{'；'.join(reasons)}：须经法制审核同意后才能作出决定，请由负责人办理法制审核。"
            }
        )
    hearing = getattr(case, "hearing", None)
    if hearing is not None and hearing.held_on and case.legal_reviewed_on < hearing.held_on:
        raise ValidationError(
            {
                "legal_review": f"法制审核（{case.legal_reviewed_on:%Y-%m-%d}）早于听证（{hearing.held_on:%Y-%m-%d}）：听证后须重新法制审核。"
            }
        )
