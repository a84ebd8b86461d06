"""Inspections' background work: the opinions of a filtered list as one .zip of PDFs."""

from core.job_kinds import document_batch
from inspections.documents import opinion_document
from inspections.filters import OpinionFilterSet
from inspections.models import SupervisionOpinion


def _opinions():
    return SupervisionOpinion.objects.select_related(
        "inspection__establishment__township", "issued_by", "closed_by"
    ).prefetch_related("items", "inspection__inspectors__certificates", "amendments")


OPINIONS = document_batch(
    code="opinions",
    title="卫生监督意见书",
    permission="inspections.view_supervisionopinion",
    queryset=_opinions,
    filterset_class=OpinionFilterSet,
    document=opinion_document,
)
