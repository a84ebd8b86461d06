"""The documents of the ordinary procedure that every case has had since the first round:
立案审批表, 行政处罚事先告知书, 行政处罚决定书."""

from django.conf import settings

from core.people import display_name
from penalties.choices import CaseSource, CaseStatus, TimeLimitCode
from penalties.documents.base import (
    CaseDocument,
    FileOrder,
    prefetch_for_documents,
    register,
)
from penalties.documents.context import (
    common_context,
    inspection_opinion,
    limits_by_code,
    penalty_lines,
)

DIGITS = "零一二三四五六七八九"


def number_in_words(n: int) -> str:
    """1–99 as the law writes it: 3 → 三, 15 → 十五, 60 → 六十."""
    if not 0 < n < 100:
        return str(n)
    tens, units = divmod(n, 10)
    text = (DIGITS[tens] if tens > 1 else "") + ("十" if tens else "")
    return text + (DIGITS[units] if units else "")


def days_in_words(limit, default: int) -> str:
    """A time limit as a party's document states it ("三个工作日", "十五日"): the days from
    data, never its internal basis note."""
    days = limit.days if limit is not None else default
    working = limit.working_days if limit is not None else False
    return f"{number_in_words(days)}{'个工作日' if working else '日'}"


def _corrections(case, *, on) -> list:
    """The correction order in force on ``on`` (责令改正, not a penalty: 行政处罚法第九条、
    第二十八条): the latest issued by then. A document shows what it stated when made: a
    later order (a changed one, issued with the decision) is not printed into the notice."""
    issued = sorted(
        (o for o in case.correction_orders.all() if on is None or o.issued_on <= on),
        key=lambda o: (o.issued_on, o.pk),
    )
    return issued[-1:]


def filing_context(case, record, *, reveal=False) -> dict:
    from penalties.documents.approvals import approval_lines, filing_approval

    context = common_context(case, full_id=False, on=case.filed_on)
    inspection = case.inspection if case.source == CaseSource.INSPECTION else None
    context.update(
        {
            "inspection": inspection,
            "opinion": inspection_opinion(inspection) if inspection else None,
            "created_by": display_name(case.created_by),
            "sign": approval_lines(filing_approval(case)),
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
            "corrections": _corrections(case, on=case.notified_on),
            # The rights in the law's words, days from data (no internal note: DOCUMENTS.md §4).
            "statement_days": days_in_words(limits.get(TimeLimitCode.STATEMENT), 3),
            "hearing_days": days_in_words(limits.get(TimeLimitCode.HEARING_REQUEST), 5),
            # Only where the law gives it (行政处罚法第六十三条); None: a notice made before
            # the right was computed, which offered it.
            "hearing_offered": case.hearing_offered is not False,
        }
    )
    return context


def decision_context(case, record, *, reveal=False) -> dict:
    from penalties.services.service import NOTICE, service_of  # services read the registry

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
            # The notice as served (its recorded service), not its signing date.
            "notice_service": service_of(case, NOTICE),
            "hearing_rights_service": (
                service_of(case, "hearing-rights") if case.hearing_rights_number else None
            ),
            "corrections": _corrections(case, on=case.decided_on),
            "measures": sorted(case.measures.all(), key=lambda m: (m.taken_on, m.pk)),
            "payment_days": days_in_words(limits.get(TimeLimitCode.PAYMENT), 15),
            "bank": settings.PENALTY_PAYMENT_BANK or "本机关指定的银行",
            # 行政处罚法第五十九条: the 复议 body and the court, by name.
            "REVIEW_ORGAN": settings.REVIEW_ORGAN,
            "COURT_NAME": settings.COURT_NAME,
        }
    )
    return context


prefetch_for_documents(prefetch=["correction_orders", "measures"])

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
