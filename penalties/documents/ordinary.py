"""The documents of the ordinary procedure that every case has had since the first round:
立案审批表, 行政处罚事先告知书, 行政处罚决定书."""

from django.conf import settings

from core.people import display_name
from penalties.choices import CaseSource, CaseStatus, TimeLimitCode
from penalties.documents.base import CaseDocument, FileOrder, register
from penalties.documents.context import (
    common_context,
    inspection_opinion,
    limits_by_code,
    penalty_lines,
)


def filing_context(case, record, *, reveal=False) -> dict:
    context = common_context(case, full_id=False, on=case.filed_on)
    inspection = case.inspection if case.source == CaseSource.INSPECTION else None
    context.update(
        {
            "inspection": inspection,
            "opinion": inspection_opinion(inspection) if inspection else None,
            "created_by": display_name(case.created_by),
        }
    )
    return context


def notice_context(case, record, *, reveal=False) -> dict:
    limits = limits_by_code()
    context = common_context(case, full_id=reveal, on=case.notified_on)
    context.update(
        {
            # What the notice stated, whatever was corrected on the case afterwards.
            "facts": case.notice_facts or case.facts,
            "penalties": penalty_lines(case, "proposed"),
            "severity": case.get_proposed_severity_display(),
            "statement_limit": limits.get(TimeLimitCode.STATEMENT),
            "hearing_limit": limits.get(TimeLimitCode.HEARING_REQUEST),
        }
    )
    return context


def decision_context(case, record, *, reveal=False) -> dict:
    limits = limits_by_code()
    context = common_context(case, full_id=reveal, on=case.decided_on)
    penalties = penalty_lines(case, "decided")
    context.update(
        {
            "penalties": penalties,
            "to_pay": [p for p in penalties if p["money"]],
            "severity": case.get_severity_display(),
            "evidence": list(case.evidence.all()),
            "statements": list(case.statements.all()),
            "hearing": getattr(case, "hearing", None),
            "payment_limit": limits.get(TimeLimitCode.PAYMENT),
            "bank": settings.PENALTY_PAYMENT_BANK or "本机关指定的银行",
        }
    )
    return context


FILING = register(
    CaseDocument(
        slug="filing",
        title="立案审批表",
        template="documents/penalty_filing.html",
        build=filing_context,
        order=FileOrder.FILING,
        number=lambda case, record: case.number,
        date=lambda case, record: case.filed_on,
        can_reveal=False,
    )
)
NOTICE = register(
    CaseDocument(
        slug="notice",
        title="行政处罚事先告知书",
        template="documents/penalty_notice.html",
        build=notice_context,
        order=FileOrder.NOTICE,
        ready=lambda case: case.reached(CaseStatus.NOTIFIED) and bool(case.notice_number),
        number=lambda case, record: case.notice_number or "",
        date=lambda case, record: case.notified_on,
        party_facing=True,
        not_ready="尚未告知",
    )
)
DECISION = register(
    CaseDocument(
        slug="decision",
        title="行政处罚决定书",
        template="documents/penalty_decision.html",
        build=decision_context,
        order=FileOrder.DECISION,
        ready=lambda case: case.reached(CaseStatus.DECIDED) and bool(case.decision_number),
        number=lambda case, record: case.decision_number or "",
        date=lambda case, record: case.decided_on,
        party_facing=True,
        not_ready="尚未作出处罚决定",
    )
)
