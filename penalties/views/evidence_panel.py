"""What the case page shows of the evidence measures: the 现场笔录 and 询问笔录 of the case
file, the 先行登记保存 with their state and documents, the transfer (案件移送)."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from penalties.choices import CaseStatus
from penalties.documents import document_get
from penalties.models import EvidencePreservation
from penalties.services.interviews import case_records

EVIDENCE_OPEN_STATUSES = (CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED)


def evidence_panel(case, user) -> dict:
    today = timezone.localdate()
    may_act = user.has_perm("penalties.change_penaltycase")
    open_ = case.status in EVIDENCE_OPEN_STATUSES
    records = case_records(case)
    interview_doc, onsite_doc = document_get("interview"), document_get("onsite-record")
    preservations = list(
        EvidencePreservation.objects.filter(case=case)
        .select_related("approval__approver")
        .prefetch_related("items")
        .order_by("created_at", "pk")
    )
    for p in preservations:
        p.overdue = p.is_overdue(today)
        p.document_url = document_get("preservation").url(case, p) if p.number else ""
        p.disposal_url = (
            document_get("preservation-disposal").url(case, p) if p.disposal_number else ""
        )
    try:
        transfer = case.transfer
    except ObjectDoesNotExist:
        transfer = None
    return {
        "records": [
            {
                "record": r,
                "url": (interview_doc if r.kind == "inquiry" else onsite_doc).url(case, r),
            }
            for r in records
        ],
        "preservations": preservations,
        "transfer": transfer,
        "transfer_url": document_get("transfer").url(case) if transfer else "",
        "may_act": may_act and open_,
        "measures": list(case.measures.select_related("recorded_by").order_by("taken_on", "pk")),
        "may_measure": may_act and case.status != CaseStatus.CLOSED,
        "may_interview": open_ and may_act and user.has_perm("inspections.add_onsiterecord"),
    }
