"""Documents of the evidence and of a transfer:

- 现场笔录 of the linked inspection and 询问笔录 of the case or its inspection: printed by
  the inspections rendering (inspections.documents.onsite_record_context), one per record.
- 证据先行登记保存决定书 with its 物品清单, and 先行登记保存物品处理决定书 (party-facing,
  served), one per preservation.
- 案件移送书 (to the receiving organ: internal, not served on the party)."""

from core.officers import officer_label, officer_rows
from inspections.documents import onsite_record_context
from inspections.models import PaperKind
from penalties.documents.base import CaseDocument, FileOrder, prefetch_for_documents, register
from penalties.documents.context import common_context
from penalties.models import CaseTransfer
from penalties.services.interviews import case_records

prefetch_for_documents(
    select=["transfer"],
    prefetch=["preservations__items", "preservations__officers", "preservations__approval"],
)


def _records(kind):
    def records(case):
        return [r for r in case_records(case, kinds=(kind,)) if r.kind == kind]

    return records


def record_context(case, record, *, reveal=False) -> dict:
    return onsite_record_context(record)


def _record_date(case, record):
    from django.utils import timezone

    return timezone.localdate(record.started_at)


ONSITE_RECORD = register(
    CaseDocument(
        slug="onsite-record",
        simple=True,
        title="现场笔录",
        template="documents/onsite_record.html",
        build=record_context,
        order=FileOrder.EVIDENCE,
        records=_records(PaperKind.ONSITE),
        date=_record_date,
        single=False,
        can_reveal=False,
        not_ready="没有来源检查的现场笔录",
    )
)
INTERVIEW = register(
    CaseDocument(
        slug="interview",
        simple=True,
        title="询问笔录",
        template="documents/onsite_record.html",
        build=record_context,
        order=FileOrder.EVIDENCE,
        records=_records(PaperKind.INQUIRY),
        date=_record_date,
        single=False,
        can_reveal=False,
        not_ready="没有该询问笔录",
    )
)


def _preservation_officers(preservation, on) -> list[str]:
    on = on or preservation.taken_on or preservation.case.filed_on
    rows = officer_rows(sorted(preservation.officers.all(), key=lambda u: u.pk), on)
    return [officer_label(row) for row in rows]


def preservation_context(case, preservation, *, reveal=False) -> dict:
    context = common_context(case, full_id=reveal, on=preservation.taken_on)
    context.update(
        {
            "preservation": preservation,
            "items": list(preservation.items.all()),
            "approval": preservation.approval,
            "officers": _preservation_officers(preservation, preservation.taken_on),
        }
    )
    return context


def disposal_context(case, preservation, *, reveal=False) -> dict:
    context = preservation_context(case, preservation, reveal=reveal)
    context["officers"] = _preservation_officers(preservation, preservation.disposed_on)
    return context


PRESERVATION = register(
    CaseDocument(
        slug="preservation",
        title="证据先行登记保存决定书",
        template="documents/penalty_preservation.html",
        build=preservation_context,
        order=FileOrder.PRESERVATION,
        records=lambda case: [p for p in case.preservations.all() if p.number],
        number=lambda case, p: p.number or "",
        date=lambda case, p: p.taken_on,
        party_facing=True,
        single=False,
        not_ready="尚未实施先行登记保存",
    )
)
PRESERVATION_DISPOSAL = register(
    CaseDocument(
        slug="preservation-disposal",
        title="先行登记保存物品处理决定书",
        template="documents/penalty_preservation_disposal.html",
        build=disposal_context,
        order=FileOrder.PRESERVATION,
        records=lambda case: [p for p in case.preservations.all() if p.disposal_number],
        number=lambda case, p: p.disposal_number or "",
        date=lambda case, p: p.disposed_on,
        party_facing=True,
        single=False,
        not_ready="尚未对先行登记保存的物品作出处理决定",
    )
)


def _transfer(case):
    try:
        return case.transfer
    except CaseTransfer.DoesNotExist:
        return None


def transfer_context(case, record, *, reveal=False) -> dict:
    transfer = _transfer(case)
    context = common_context(case, full_id=reveal, on=transfer.transferred_on)
    context["transfer"] = transfer
    context["evidence"] = list(case.evidence.all())
    return context


TRANSFER = register(
    CaseDocument(
        slug="transfer",
        title="案件移送书",
        template="documents/penalty_transfer.html",
        build=transfer_context,
        order=FileOrder.TRANSFER,
        ready=lambda case: _transfer(case) is not None,
        number=lambda case, record: _transfer(case).number if _transfer(case) else "",
        date=lambda case, record: _transfer(case).transferred_on if _transfer(case) else None,
        not_ready="未移送",
    )
)
