"""The numbered documents of the permit window (受理通知书, 补正材料通知书, 决定书 ...):
each numbered in its kind's series in the transaction of the step that issues it."""

from django.db import transaction

from core.numbering import number_take
from licensing.choices import LicensingDocumentKind
from licensing.models import LicensingDocument


def document_series(kind) -> str:
    """The core.DocumentSeries code of a kind of licensing document."""
    return f"licensing-{LicensingDocumentKind(kind).value}"


@transaction.atomic
def licensing_document_issue(
    *, kind, user, issued_on, application=None, permit=None
) -> LicensingDocument:
    """Number and record a document of ``kind`` for ``application`` (and/or ``permit``).
    A kind is issued once per application: asked again, the one issued is returned."""
    if application is not None:
        existing = LicensingDocument.objects.filter(application=application, kind=kind).first()
        if existing is not None:
            return existing
    number = number_take(series=document_series(kind), year=issued_on.year)
    document = LicensingDocument(
        kind=kind,
        application=application,
        permit=permit,
        number=number.text,
        year=number.year,
        sequence=number.sequence,
        issued_on=issued_on,
        issued_by=user,
    )
    document.full_clean()
    document.save()
    return document
