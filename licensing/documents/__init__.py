"""Licensing's printable documents, through the one pipeline (core.documents.render_pdf):
the permit certificate with its verification code (one, or many in one PDF for the
printer) and each numbered window document (LicensingDocument) by its kind."""

import re

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from core.documents import render_pdf
from core.people import display_name
from licensing.choices import ApplicationKind, LicensingDocumentKind
from licensing.documents.verification import permit_qr
from licensing.models import LicensingDocument, Permit

Kind = LicensingDocumentKind

# ---------------------------------------------------------------- permits


def permit_document(permit) -> tuple[str, bytes]:
    """(file name, PDF) of a permit; ``permit`` with its unit and type loaded (and its
    ``with_state`` annotation, or its status is read with one query)."""
    content = render_pdf(
        "documents/permit.html", {"permit": permit, "qr": permit_qr(permit), "doc_title": ""}
    )
    return f"卫生许可证_{permit.number}.pdf", content


def permits_document(permits, *, title="卫生许可证") -> tuple[str, bytes]:
    """Many permits in one PDF, one page each (one document, one font subset); ``permits``
    loaded as for permit_document, annotated ``with_state`` so the queries do not grow
    with their number."""
    today = timezone.localdate()
    pages = [(permit, permit_qr(permit, printed_on=today)) for permit in permits]
    content = render_pdf("documents/licensing_permits.html", {"pages": pages, "doc_title": title})
    return f"{title}_{today:%Y%m%d}_{len(pages)}份.pdf", content


# ---------------------------------------------------------------- window documents

COMMITMENT_COPIES = ("第一联　申请人留存", "第二联　审批机关存档", "第三联　监管机关存档")


def licensing_document(document: LicensingDocument) -> tuple[str, bytes]:
    """(file name, PDF) of a numbered window document."""
    content = render_pdf(f"documents/licensing_{document.kind}.html", document_context(document))
    return f"{document.get_kind_display()}_{document.number}.pdf", content


def _applicant(unit, at) -> dict:
    """The unit's particulars when the document was issued (its history), so a later change
    of name or address does not rewrite a document already served."""
    record = unit
    if at is not None:
        try:
            record = unit.history.as_of(at)
        except ObjectDoesNotExist:
            record = unit
    return {
        "name": record.name,
        "credit_code": record.credit_code,
        "legal_representative": record.legal_representative,
        "address": record.address,
    }


def _sibling(application, kind):
    if application is None:
        return None
    return LicensingDocument.objects.filter(application=application, kind=kind).first()


def _changes(application, previous) -> list[tuple[str, str, str]]:
    """A change's particulars: (what, as printed on the old permit, as changed)."""
    if application.kind != ApplicationKind.CHANGE or previous is None:
        return []
    pairs = [
        ("单位名称", previous.holder_name, application.new_name),
        (
            "法定代表人（负责人）",
            previous.legal_representative,
            application.new_legal_representative,
        ),
        ("地址", previous.address, application.new_address),
    ]
    return [(label, old, new) for label, old, new in pairs if new and new != old]


def document_context(document: LicensingDocument) -> dict:
    """What a document's template prints: the document, its application and permit, the
    applicant as at issue, and per kind its facts (items, reasons, dates, the route of
    appeal from settings)."""
    application = document.application
    permit = document.permit
    kind = document.kind
    if permit is None and application is not None:
        if kind == Kind.CANCELLATION:
            permit = application.previous_permit
        elif kind in (Kind.GRANT, Kind.COMMITMENT):
            permit = Permit.objects.filter(application=application).order_by("pk").first()
    source = application or (permit.application if permit is not None else None)
    subject = application or permit
    if subject is None:  # a database constraint: every document has one
        raise ValueError(f"licensing document {document.pk} has no application or permit")
    context = {
        "document": document,
        "doc_title": document.get_kind_display(),
        "application": application,
        "permit": permit,
        "permit_type": subject.permit_type,
        "applicant": _applicant(subject.establishment, document.created_at),
        "party_label": "申请人" if application is not None else "被许可人",
        "issued_by": display_name(document.issued_by),
        "REVIEW_ORGAN": settings.REVIEW_ORGAN,
        "COURT_NAME": settings.COURT_NAME,
        "commitment": _sibling(source, Kind.COMMITMENT) if kind != Kind.COMMITMENT else None,
    }
    if kind in (Kind.CANCELLATION, Kind.REVOCATION) and permit is not None:
        context.update(_ending_facts(kind, permit, application, source))
    elif application is not None:
        context.update(_application_facts(kind, application))
    return context


def _application_facts(kind, application) -> dict:
    """What the documents issued on an application print of it, by kind."""
    if kind == Kind.ACCEPTANCE:
        return {"correction": _sibling(application, Kind.CORRECTION)}
    if kind == Kind.CORRECTION:
        # The clerk's own numbering ("1."、"（2）"、"3、") is dropped: the list numbers them.
        items = [
            re.sub(r"^\s*(?:[（(]\d+[)）]|\d+[.、．)）])\s*", "", line).strip(" \t-、")
            for line in application.correction_items.splitlines()
        ]
        return {"correction_items": [item for item in items if item] or ["—"]}
    if kind == Kind.GRANT:
        previous = application.previous_permit
        return {
            "previous_permit": previous,
            "changes": _changes(application, previous),
            "post_check_due": application.post_check_due,
        }
    if kind == Kind.COMMITMENT:
        return {"copies": COMMITMENT_COPIES, "post_check_due": application.post_check_due}
    return {}


def _ending_facts(kind, permit, application, source) -> dict:
    """注销 and 撤销: the date the permit ended and why (its own record first)."""
    facts = {"ended_on": permit.cancelled_on}
    if kind == Kind.CANCELLATION:
        facts["reason"] = permit.cancel_reason or (
            application.change_description if application is not None else ""
        )
    else:
        facts["reason"] = permit.cancel_reason or (source.post_check_note if source else "")
        facts["checked_on"] = source.post_check_done_on if source else None
        facts["granted_on"] = permit.issued_on
    return facts
