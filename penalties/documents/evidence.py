"""Documents of the evidence and of a transfer:

- 证据材料: the 证据目录 (every piece of evidence: kind, when, who took it, where its file
  is) and a photo sheet (照片证据) for each photo, with its SHA-256 checked against the file
  as stored; other files (PDF, audio, video) are listed to be filed beside.
- 现场笔录 of the linked inspection and 询问笔录 of the case or its inspection: printed by
  the inspections rendering (inspections.documents.onsite_record_context), one per record.
- 证据先行登记保存决定书 with its 物品清单, and 先行登记保存物品处理决定书 (party-facing,
  served), one per preservation.
- 案件移送书 (to the receiving organ: internal, not served on the party)."""

import base64
import hashlib
import io

from core.officers import officer_label, officer_rows
from core.people import display_name
from inspections.documents import onsite_record_context
from inspections.models import PaperKind
from penalties.documents.base import CaseDocument, FileOrder, prefetch_for_documents, register
from penalties.documents.context import common_context
from penalties.models import CaseTransfer
from penalties.services.interviews import case_records

prefetch_for_documents(
    select=["transfer"],
    prefetch=[
        "preservations__items",
        "preservations__officers",
        "preservations__approval",
        "evidence__collectors",
    ],
)

# Photos print at most this many pixels on their longer side (a phone's 4000 px photo
# would make the case file tens of MB); the file itself stays as it was stored.
PHOTO_MAX_PX = 1600
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


def _photo(evidence) -> tuple[str, bool | None]:
    """The photo as a data URL for the sheet, and whether the stored file still has the
    SHA-256 it was kept with (None when none was kept)."""
    from PIL import Image, ImageOps

    with evidence.file.open("rb") as handle:
        data = handle.read()
    intact = hashlib.sha256(data).hexdigest() == evidence.sha256 if evidence.sha256 else None
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    image.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=82)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii"), intact


def evidence_context(case, record, *, reveal=False) -> dict:
    context = common_context(case, full_id=False, on=case.filed_on)
    rows, photos = [], []
    for n, evidence in enumerate(
        sorted(case.evidence.all(), key=lambda e: (e.collected_on, e.pk)), 1
    ):
        content_type = evidence.served_as()[1] if evidence.file else ""
        row = {
            "n": n,
            "evidence": evidence,
            "collectors": "、".join(display_name(u) for u in evidence.collectors.all()),
            "attachment": "",
        }
        if content_type in PHOTO_TYPES:
            try:
                row["photo"], row["intact"] = _photo(evidence)
            except (OSError, ValueError):
                row["attachment"] = "照片文件无法读取，请核对原件"
            else:
                row["attachment"] = f"照片证据第 {len(photos) + 1} 张"
                photos.append(row)
        elif evidence.file:
            row["attachment"] = f"{evidence.served_as()[0]}（另附）"
        elif evidence.sample_id:
            row["attachment"] = "检测样品，见检验结果"
        rows.append(row)
    context.update({"rows": rows, "photos": photos})
    return context


def _records(kind):
    def records(case):
        return [r for r in case_records(case, kinds=(kind,)) if r.kind == kind]

    return records


def record_context(case, record, *, reveal=False) -> dict:
    return onsite_record_context(record)


def _record_date(case, record):
    from django.utils import timezone

    return timezone.localdate(record.started_at)


EVIDENCE = register(
    CaseDocument(
        slug="evidence",
        simple=True,
        title="证据材料",
        template="documents/penalty_evidence.html",
        build=evidence_context,
        order=FileOrder.EVIDENCE,
        records=lambda case: [case] if case.evidence.all() else [],
        date=lambda case, record: min((e.collected_on for e in case.evidence.all()), default=None),
        can_reveal=False,
        not_ready="没有登记证据",
    )
)
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
