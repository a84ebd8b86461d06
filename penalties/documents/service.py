"""送达回执: one per service record (``CaseService``), filed under FileOrder.SERVICE; and a
blank receipt for each party-facing document not yet served, for the officer to take
along. The blank says on every page that it is not a record of service, and is not part of
the case file (``in_file=False``)."""

from core.officers import officer_label, officer_rows
from penalties.choices import ServiceMethod
from penalties.documents.base import (
    CaseDocument,
    FileOrder,
    documents_of,
    prefetch_for_documents,
    register,
)
from penalties.documents.context import common_context
from penalties.services.service import documents_source


def _services(case) -> list:
    return sorted(case.services.all(), key=lambda s: (s.served_on, s.pk))


def receipt_context(case, service, *, reveal=False) -> dict:
    context = common_context(case, full_id=False, on=service.served_on)
    served_by = sorted(service.officers.all(), key=lambda u: u.pk)
    context.update(
        {
            "blank": False,
            "pages": [
                {
                    "title": service.document_title,
                    "number": service.document_number,
                    "service": service,
                    "served_by": [
                        officer_label(row) for row in officer_rows(served_by, service.served_on)
                    ],
                    "is_left": service.method == ServiceMethod.LEFT,
                    "is_mail": service.method == ServiceMethod.MAIL,
                    "is_electronic": service.method == ServiceMethod.ELECTRONIC,
                    "is_entrusted": service.method == ServiceMethod.ENTRUSTED,
                    "is_public": service.method == ServiceMethod.PUBLIC,
                }
            ],
            "methods": ServiceMethod.labels,
        }
    )
    return context


@documents_source
def served_entries(case) -> list:
    """The documents of the case served on the party, in case-file order."""
    return [entry for entry in documents_of(case) if entry.document.party_facing]


def _pending(case) -> list:
    """Party-facing documents of the case without a current service."""
    served = {
        (s.document, s.record_id, s.document_number) for s in case.services.all() if s.current
    }
    return [
        entry
        for entry in served_entries(case)
        if (
            entry.document.slug,
            None if entry.document.single else entry.record.pk,
            entry.number,
        )
        not in served
    ]


def blank_context(case, record, *, reveal=False) -> dict:
    context = common_context(case, full_id=False)
    context.update(
        {
            "blank": True,
            "pages": [
                {"title": entry.title, "number": entry.number, "service": None}
                for entry in _pending(case)
            ],
            "methods": ServiceMethod.labels,
        }
    )
    return context


prefetch_for_documents(prefetch=["services__officers"])

SERVICE_RECEIPT = register(
    CaseDocument(
        slug="service-receipt",
        simple=True,
        title="送达回执",
        template="documents/penalty_service_receipt.html",
        build=receipt_context,
        order=FileOrder.SERVICE,
        records=_services,
        number=lambda case, record: record.document_number if record is not case else "",
        date=lambda case, record: record.served_on if record is not case else None,
        can_reveal=False,
        single=False,
        not_ready="尚未登记这份送达",
    )
)
SERVICE_RECEIPT_BLANK = register(
    CaseDocument(
        slug="service-receipt-blank",
        simple=True,
        title="送达回执（空白）",
        template="documents/penalty_service_receipt.html",
        build=blank_context,
        order=FileOrder.SERVICE,
        records=lambda case: [case] if _pending(case) else [],
        can_reveal=False,
        in_file=False,
        not_ready="没有待送达的文书",
    )
)
