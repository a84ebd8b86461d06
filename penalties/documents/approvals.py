"""The internal forms of the approvals (not served on the party, never a full ID number):
案件调查终结报告 (the decision request and its approval), 合议记录 and 集体讨论记录, 法制审核
意见书, 延长办案期限审批表, 结案报告. The 立案审批表 (penalties.documents.ordinary) prints its approval too."""

from core.people import display_name
from penalties.choices import LegalReviewTrigger, PenaltyStage
from penalties.documents.base import CaseDocument, FileOrder, prefetch_for_documents, register
from penalties.documents.context import common_context, penalty_lines
from penalties.models import ApprovalKind, DiscussionKind
from penalties.services.legal import review_triggers

prefetch_for_documents(
    select=["procedure_rule", "legal_reviewer"],
    prefetch=[
        "violation__levels",
        "approvals__requested_by",
        "approvals__approver",
        "discussions__host",
        "discussions__recorder",
        "discussions__participants",
        "extensions__approved_by",
        "extensions__approval__requested_by",
    ],
)


def approvals_of(case, kind) -> list:
    return sorted(
        (a for a in case.approvals.all() if a.kind == kind),
        key=lambda a: (a.requested_on, a.pk),
    )


def approval_lines(approval) -> dict:
    """Who asked, who approved, when, and the opinion, as a form prints them."""
    if approval is None:
        return {}
    return {
        "requested_by": display_name(approval.requested_by),
        "requested_on": approval.requested_on,
        "approver": display_name(approval.approver) if approval.approver else "",
        "decided_on": approval.decided_on,
        "verdict": approval.state_label,
        "opinion": approval.opinion,
        "pending": approval.approved is None,
    }


def filing_approval(case):
    rows = approvals_of(case, ApprovalKind.FILING)
    return rows[-1] if rows else None


def _context(case, *, on=None) -> dict:
    return common_context(case, full_id=False, on=on)


def report_context(case, approval, *, reveal=False) -> dict:
    context = _context(case, on=approval.requested_on)
    content = approval.content or {}
    context.update(
        {
            "approval": approval,
            "report": content,
            "triggers": content.get("legal_review_triggers", []),
            "sign": approval_lines(approval),
        }
    )
    context["trigger_labels"] = [
        LegalReviewTrigger(t).label for t in context["triggers"] if t in LegalReviewTrigger.values
    ]
    return context


def discussion_context(case, discussion, *, reveal=False) -> dict:
    context = _context(case, on=discussion.held_on)
    context.update(
        {
            "discussion": discussion,
            "host": display_name(discussion.host),
            "recorder": display_name(discussion.recorder),
            "participants": [display_name(u) for u in discussion.participants.all()],
        }
    )
    return context


def legal_review_context(case, record, *, reveal=False) -> dict:
    """The 法制审核 of the proposal (行政处罚法第五十八条): the review in force; earlier ones
    stay in the case's history."""
    context = _context(case, on=case.legal_reviewed_on)
    hearing = getattr(case, "hearing", None)
    level = next(
        (lv for lv in case.violation.levels.all() if lv.severity == case.proposed_severity), None
    )
    if level is not None:  # the marked triggers, a held hearing, the level, an upward fine
        triggers = review_triggers(case, level, case.penalties_at(PenaltyStage.PROPOSED))
    else:
        triggers = [
            LegalReviewTrigger(t).label
            for t in case.legal_review_triggers or []
            if t in LegalReviewTrigger.values
        ]
    context.update(
        {
            "reviewer": display_name(case.legal_reviewer),
            "facts": case.notice_facts or case.facts,
            "trigger_labels": triggers,
            "penalties": penalty_lines(case, "proposed"),
            "hearing": hearing if hearing is not None and hearing.held_on else None,
        }
    )
    return context


def extension_context(case, extension, *, reveal=False) -> dict:
    context = _context(case, on=extension.approved_on)
    approval = extension.approval
    context.update(
        {
            "extension": extension,
            "rule": case.procedure_rule,
            "requested_by": display_name(approval.requested_by) if approval else "",
            "requested_on": approval.requested_on if approval else None,
            "approver": display_name(extension.approved_by),
            "opinion": approval.opinion if approval else "",
        }
    )
    return context


def closing_context(case, approval, *, reveal=False) -> dict:
    context = _context(case, on=approval.requested_on)
    context.update({"approval": approval, "sign": approval_lines(approval)})
    return context


INVESTIGATION_REPORT = register(
    CaseDocument(
        slug="investigation-report",
        title="案件调查终结报告",
        template="documents/penalty_investigation_report.html",
        build=report_context,
        order=FileOrder.INVESTIGATION_REPORT,
        records=lambda case: approvals_of(case, ApprovalKind.DECISION),
        date=lambda case, a: a.requested_on,
        can_reveal=False,
        single=False,
        not_ready="尚未报请处罚决定审批",
    )
)


def _discussions(kind):
    return lambda case: sorted(
        (d for d in case.discussions.all() if d.kind == kind), key=lambda d: (d.held_on, d.pk)
    )


PANEL = register(
    CaseDocument(
        slug="panel-discussion",
        title="合议记录",
        template="documents/penalty_discussion.html",
        build=discussion_context,
        order=FileOrder.DISCUSSION,
        records=_discussions(DiscussionKind.PANEL),
        date=lambda case, d: d.held_on,
        can_reveal=False,
        single=False,
        not_ready="没有合议记录",
    )
)
COLLECTIVE = register(
    CaseDocument(
        slug="collective-discussion",
        title="集体讨论记录",
        template="documents/penalty_discussion.html",
        build=discussion_context,
        order=FileOrder.COLLECTIVE_DISCUSSION,
        records=_discussions(DiscussionKind.COLLECTIVE),
        date=lambda case, d: d.held_on,
        can_reveal=False,
        single=False,
        not_ready="没有集体讨论记录",
    )
)
LEGAL_REVIEW = register(
    CaseDocument(
        slug="legal-review",
        title="法制审核意见书",
        template="documents/penalty_legal_review.html",
        build=legal_review_context,
        order=FileOrder.LEGAL_REVIEW,
        ready=lambda case: (
            case.legal_reviewer_id is not None and case.legal_reviewed_on is not None
        ),
        date=lambda case, record: case.legal_reviewed_on,
        can_reveal=False,
        not_ready="没有法制审核记录",
    )
)
EXTENSION = register(
    CaseDocument(
        slug="extension",
        title="延长办案期限审批表",
        template="documents/penalty_extension.html",
        build=extension_context,
        order=FileOrder.EXTENSION,
        records=lambda case: sorted(case.extensions.all(), key=lambda e: (e.approved_on, e.pk)),
        date=lambda case, e: e.approved_on,
        number=lambda case, e: e.approval_document,
        can_reveal=False,
        single=False,
        not_ready="没有延长办案期限",
    )
)
CLOSING = register(
    CaseDocument(
        slug="closing-report",
        title="结案报告",
        template="documents/penalty_closing_report.html",
        build=closing_context,
        order=FileOrder.CLOSING,
        records=lambda case: [
            a for a in approvals_of(case, ApprovalKind.CLOSING) if a.approved is not False
        ][-1:],
        date=lambda case, a: a.decided_on or a.requested_on,
        can_reveal=False,
        not_ready="尚未报请结案审批",
    )
)
