"""责令改正通知书: one per correction order (``CorrectionOrder``), its own number series,
filed after the notice (FileOrder.CORRECTION_ORDER) and served on the party. 责令改正 is
not a 行政处罚 (行政处罚法第二十八条): the order names no penalty."""

from penalties.documents.base import CaseDocument, FileOrder, prefetch_for_documents, register
from penalties.documents.context import common_context


def _orders(case) -> list:
    return sorted(case.correction_orders.all(), key=lambda o: (o.issued_on, o.pk))


def correction_context(case, order, *, reveal=False) -> dict:
    context = common_context(case, full_id=reveal, on=order.issued_on)
    context["order"] = order
    return context


prefetch_for_documents(prefetch=["correction_orders"])

CORRECTION_ORDER = register(
    CaseDocument(
        slug="correction-order",
        simple=True,
        title="责令改正通知书",
        template="documents/penalty_correction_order.html",
        build=correction_context,
        order=FileOrder.CORRECTION_ORDER,
        records=_orders,
        number=lambda case, record: record.number if record is not case else "",
        date=lambda case, record: record.issued_on if record is not case else None,
        party_facing=True,
        single=False,
        not_ready="尚未下达责令改正通知书",
    )
)
