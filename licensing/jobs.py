"""Licensing's background work: the certificates of a filtered permit list as one .zip, or
all in one PDF for the printer."""

from core.job_kinds import document_batch
from licensing.documents import permit_document, permits_document
from licensing.filters import PermitFilterSet
from licensing.models import Permit


def _permits():
    # Each permit's status today annotated once: its page and its QR code read it without
    # a query per permit.
    return Permit.objects.with_state().select_related("establishment__township", "permit_type")


PERMITS = document_batch(
    code="permits",
    title="卫生许可证",
    permission="licensing.view_permit",
    queryset=_permits,
    filterset_class=PermitFilterSet,
    document=permit_document,
    combined=permits_document,
)
