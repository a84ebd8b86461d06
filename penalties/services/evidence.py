"""Evidence (证据) of a case, with its file checked by content."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename

from core.uploads import detect_type
from inspections.models import InspectionPhoto
from penalties.choices import CaseStatus, EvidenceKind
from penalties.models import CaseEvidence
from penalties.services.base import case_lock, check_date, require_status


@transaction.atomic
def evidence_add(*, case, user, kind, title, collected_on, upload=None, note="") -> CaseEvidence:
    """Register a piece of evidence, with its file when there is one. Files are checked by
    their whole content (core.uploads.detect_type: images decoded after a pixel-count check,
    PDF header and end mark, DOCX/XLSX packages without macros or external links, MP4/MP3
    by signature) and size, and stored under the extension of the type detected."""
    case = case_lock(case)
    require_status(
        case, CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED, action="登记证据"
    )
    if not (title or "").strip():
        raise ValidationError({"title": "请填写证据名称。"})
    check_date(
        collected_on,
        field="collected_on",
        label="取证日期",
        not_before=case.occurred_on,
        not_before_label="违法行为发生日期",
    )
    evidence = CaseEvidence(
        case=case,
        kind=kind,
        title=title.strip(),
        collected_on=collected_on,
        note=note.strip(),
        uploaded_by=user,
    )
    evidence.full_clean(exclude=["file"])
    if upload is not None:
        limit = settings.EVIDENCE_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                {
                    "file": f"文件不能超过 {limit // (1024 * 1024)} MB（当前 {upload.size / 1048576:.1f} MB）。"
                }
            )
        data = upload.read()
        original = get_valid_filename(upload.name or "file")[:200]
        ext = detect_type(data, field="file")
        if ext is None:
            raise ValidationError(
                {
                    "file": "不支持的文件类型：证据文件须为 PDF、图片（JPEG/PNG/WebP）、音视频（MP4/MP3）或 Word/Excel 文档。"
                }
            )
        evidence.original_name = original
        evidence.file.save(f"{timezone.now():%Y%m%d%H%M%S%f}.{ext}", ContentFile(data), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_attach_photo(*, case, photo, user, title="", note="") -> CaseEvidence:
    """Make a photo taken at an inspection of the case's party evidence of the case,
    without uploading it again: the evidence names the same stored file and the SHA-256
    the photo was kept with. Once per case."""
    case = case_lock(case)
    require_status(
        case, CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED, action="登记证据"
    )
    inspection = photo.inspection
    same_unit = case.establishment_id and inspection.establishment_id == case.establishment_id
    if case.inspection_id != inspection.pk and not same_unit:
        raise ValidationError({"photo": "该照片不是本案当事人的检查照片。"})
    if CaseEvidence.objects.filter(case=case, inspection_photo=photo).exists():
        raise ValidationError({"photo": "该照片已作为本案证据。"})
    taken = photo.taken_at or inspection.inspected_at
    collected_on = timezone.localdate(taken)
    check_date(
        collected_on,
        field="photo",
        label="取证日期",
        not_before=case.occurred_on,
        not_before_label="违法行为发生日期",
    )
    evidence = CaseEvidence(
        case=case,
        kind=EvidenceKind.AUDIOVISUAL,
        title=(title or "").strip() or f"现场照片：{photo.caption or inspection}",
        collected_on=collected_on,
        note=(note or "").strip(),
        uploaded_by=user,
        inspection_photo=photo,
        sha256=photo.sha256,
        original_name=photo.image.name.rsplit("/", 1)[-1],
    )
    evidence.file.name = photo.image.name  # the same file, not a copy
    evidence.full_clean(exclude=["file"])
    evidence.save()
    return evidence


def case_photos(case):
    """Photos of the case's inspection and of its unit's inspections, not yet attached."""
    scope = Q(inspection=case.inspection_id) if case.inspection_id else Q(pk__in=[])
    if case.establishment_id:
        scope |= Q(inspection__establishment=case.establishment_id)
    return (
        InspectionPhoto.objects.filter(scope)
        .exclude(case_evidence__case=case)
        .select_related("inspection__establishment")
        .order_by("-inspection__inspected_at", "uploaded_at", "pk")
    )


@transaction.atomic
def evidence_attach_photos(*, case, photos, user, note="") -> list[CaseEvidence]:
    """Several inspection photos attached at once (all or none)."""
    if not photos:
        raise ValidationError({"photos": "请选择照片。"})
    return [evidence_attach_photo(case=case, photo=photo, user=user, note=note) for photo in photos]
