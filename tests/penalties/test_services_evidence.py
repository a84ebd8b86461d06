"""Evidence (证据): files checked by their content and size, dated after the violation,
registered until the notice."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from penalties import services
from penalties.choices import CaseStatus, EvidenceKind
from penalties.models import CaseEvidence
from tests.penalties.factories import PDF_BYTES, case_at, days_ago, evidence_pdf, file_case, refused

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return buffer.getvalue()


PNG = png_bytes()


def add(case, upload=None, **more):
    fields = {
        "kind": EvidenceKind.PHYSICAL,
        "title": "消毒柜照片",
        "collected_on": days_ago(59),
    }
    fields.update(more)
    return services.evidence_add(case=case, user=case.created_by, upload=upload, **fields)


def test_a_file_is_stored_under_the_type_its_content_shows():
    case = file_case()
    evidence = add(case, SimpleUploadedFile("照片.pdf", PNG), note=" 现场拍摄 ")
    assert evidence.file.name.startswith(f"cases/{case.pk}/") and evidence.file.name.endswith(
        ".png"
    )
    assert (evidence.original_name, evidence.note, evidence.uploaded_by) == (
        "照片.pdf",
        "现场拍摄",
        case.created_by,
    )
    assert evidence.file.read() == PNG
    record = add(case, evidence_pdf(), kind=EvidenceKind.RECORD, title="现场笔录")
    assert record.file.name.endswith(".pdf")
    assert add(case, title="证人证言（纸质）", kind=EvidenceKind.WITNESS).file.name == ""


def test_files_of_other_kinds_or_too_large_are_refused(settings):
    case = file_case()
    with refused("file", "不支持的文件类型"):
        add(case, SimpleUploadedFile("笔录.pdf", b"<html>not a pdf</html>"))
    with refused("file", "不是有效的 DOCX/XLSX"):
        add(case, SimpleUploadedFile("macro.docm", b"PK\x03\x04" + b"\x00" * 20))
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    with refused("file", "不能超过 1 MB"):
        add(case, SimpleUploadedFile("大.pdf", PDF_BYTES + b"0" * (1024 * 1024)))
    assert not CaseEvidence.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_evidence_needs_a_title_and_a_date_after_the_violation():
    case = file_case()
    with refused("title", "证据名称"):
        add(case, title=" ")
    with refused("collected_on", "取证日期不能早于违法行为发生日期"):
        add(case, collected_on=days_ago(71))
    with refused("collected_on", "不能晚于今天"):
        add(case, collected_on=days_ago(-1))
    assert not CaseEvidence.objects.exists()


def test_evidence_is_registered_until_the_notice_only():
    notified = case_at(CaseStatus.NOTIFIED)
    assert add(notified, title="补充证据").pk
    decided = case_at(CaseStatus.DECIDED)
    with refused("status", "登记证据"):
        add(decided)
    assert decided.evidence.count() == 1
