"""Inspection documents as PDFs: the supervision opinion (卫生监督意见书; one function
for its page and for batches, core.jobs) and the on-site records (现场笔录, 询问笔录,
复查记录) with their signatures drawn on the tablet."""

import base64

from django.utils import timezone

from core.documents import render_pdf
from core.officers import officer_rows
from core.people import display_name
from core.validators import mask_id_number


def _pk(user):
    return user.pk


def opinion_document(opinion) -> tuple[str, bytes]:
    """(file name, PDF) of an opinion; ``opinion`` with its inspection and unit loaded."""
    inspection = opinion.inspection
    # Every amendment, oldest first (a batch's prefetched ones are used): the print says
    # it was corrected, when and why, so the party's copy and the file copy never differ
    # silently.
    amendments = sorted(opinion.amendments.all(), key=lambda a: (a.amended_at, a.pk))
    content = render_pdf(
        "documents/opinion.html",
        {
            "opinion": opinion,
            "amendments": amendments,
            "inspection": inspection,
            "unit": inspection.establishment,
            "items": list(opinion.items.all()),
            # .all() sorted here, so a batch's prefetched inspectors are used (no query each)
            "inspectors": [display_name(u) for u in sorted(inspection.inspectors.all(), key=_pk)],
            # Each with the certificate (执法证号) valid on the inspection's date.
            "officers": officer_rows(
                sorted(inspection.inspectors.all(), key=_pk),
                timezone.localdate(inspection.inspected_at),
            ),
        },
    )
    return f"卫生监督意见书_{opinion.number}.pdf", content


def record_officers(record) -> list[dict]:
    """The record's officers with the certificate valid on its date and their signature."""
    signed = {s.officer_id: s for s in record.signatures.all() if s.officer_id}
    rows = officer_rows(
        sorted(record.officers.all(), key=_pk), timezone.localdate(record.started_at)
    )
    for row in rows:
        row["signature"] = signed.get(row["user"].pk)
    return rows


def _data_url(signature) -> str:
    with signature.image.open("rb") as handle:
        return "data:image/png;base64," + base64.b64encode(handle.read()).decode("ascii")


def onsite_record_document(record) -> tuple[str, bytes]:
    """(file name, PDF) of an on-site record: its text, each signature's image with the
    signer, the time and the SHA-256 of the content signed, and the record's own hash."""
    content = render_pdf("documents/onsite_record.html", onsite_record_context(record))
    when = timezone.localtime(record.started_at)
    version = f"_第{record.version}版" if record.version > 1 else ""
    name = f"{record.get_kind_display()}_{record.party_name}_{when:%Y%m%d}{version}.pdf"
    return name, content


def onsite_record_context(record) -> dict:
    """What documents/onsite_record.html prints of ``record`` (also printed from a penalty
    case's file: penalties.documents.evidence)."""
    signatures = list(record.signatures.all())
    images = {s.pk: _data_url(s) for s in signatures}
    for s in signatures:
        s.data_url = images[s.pk]
    officers = record_officers(record)
    for row in officers:
        if row["signature"] is not None:
            row["signature"].data_url = images[row["signature"].pk]
    party = next((s for s in signatures if s.role == "party"), None)
    witnesses = [s for s in signatures if s.role == "witness"]
    inspection = record.inspection  # None: a 询问笔录 made for a penalty case
    return {
        "record": record,
        "inspection": inspection,
        "unit": inspection.establishment if inspection else None,
        "opinion": inspection.follows_opinion if inspection else None,
        "questioner": display_name(record.questioner) if record.questioner_id else "",
        "recorder": display_name(record.recorder) if record.recorder_id else "",
        "officers": officers,
        "party": party,
        "witnesses": witnesses,
        "signatures": signatures,
        "content_hash": record.content_hash(),
        "doc_title": record.get_kind_display(),
        "party_label": "被询问人" if record.kind == "inquiry" else "当事人",
        # Masked, as everywhere (core/personal_data.py): the paper signed on site
        # holds the full number.
        "questioned_id": mask_id_number(record.questioned_id_number),
    }


def grade_notice_document(assessment) -> tuple[str, bytes]:
    """(file name, PDF) of the 卫生信誉度等级公示牌 a unit displays: its name, address, grade,
    the day assessed and the office."""
    unit = assessment.establishment
    content = render_pdf(
        "documents/grade_notice.html",
        {
            "doc_title": "公共场所卫生信誉度等级公示",
            "assessment": assessment,
            "unit": unit,
            "grade_letter": assessment.grade,
            "grade_word": {"A": "优秀", "B": "良好", "C": "一般"}.get(assessment.grade, ""),
        },
    )
    return f"信誉度等级公示_{unit.name}_{assessment.assessed_on:%Y%m%d}.pdf", content
