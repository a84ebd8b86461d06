"""当场行政处罚决定书 (行政处罚法第五十二条): the simple procedure's one document, printed
from its OnSpotDecision: the violation, the kind and basis of the penalty, the fine, the
time and place, the 复议 body (REVIEW_ORGAN, 60 days) and the court (COURT_NAME, 6 months),
the organ's name, the officers with their 执法证, and the party's signature drawn on the
tablet (or the refusal noted). Handed over on the spot: party-facing."""

import base64

from django.conf import settings
from django.utils import timezone

from penalties.documents.base import CaseDocument, FileOrder, prefetch_for_documents, register
from penalties.documents.context import common_context, penalty_lines

prefetch_for_documents(select=["on_spot"], prefetch=["payments"])


def _signature_url(decision) -> str:
    if not decision.signature:
        return ""
    with decision.signature.open("rb") as handle:
        return "data:image/png;base64," + base64.b64encode(handle.read()).decode("ascii")


def on_spot_context(case, record, *, reveal=False) -> dict:
    decision = case.on_spot
    context = common_context(case, full_id=reveal, on=case.decided_on)
    penalties = penalty_lines(case, "decided")
    context.update(
        {
            "decision": decision,
            "decided_at": timezone.localtime(decision.decided_at),
            "penalties": penalties,
            "to_pay": [p for p in penalties if p["money"]],
            "signature_url": _signature_url(decision),
            "bank": settings.PENALTY_PAYMENT_BANK or "本机关指定的银行",
            "REVIEW_ORGAN": settings.REVIEW_ORGAN,
            "COURT_NAME": settings.COURT_NAME,
        }
    )
    return context


def _has_decision(case) -> bool:
    return case.is_simple and hasattr(case, "on_spot")


ON_SPOT_DECISION = register(
    CaseDocument(
        slug="on-spot-decision",
        simple=True,
        title="当场行政处罚决定书",
        template="documents/penalty_on_spot_decision.html",
        build=on_spot_context,
        order=FileOrder.ON_SPOT_DECISION,
        ready=_has_decision,
        number=lambda case, record: case.decision_number or "",
        date=lambda case, record: case.decided_on,
        party_facing=True,
        not_ready="不是简易程序案件",
    )
)
