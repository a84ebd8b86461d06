"""Evidence (证据) of a case, with its file checked by content, its SHA-256 and who
collected it when (the officers who took it, apart from who typed it in).

A photo or a sample of the case's inspection (or of its unit's inspections) is attached
without uploading anything again: the evidence names the photo (its file and the SHA-256 it
was kept with) or the sample (its results against the limits). Attaching the same one twice
gives the evidence already there."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename

from core.roster import team_check
from core.uploads import detect_type
from inspections.models import InspectionPhoto, Sample
from penalties.choices import CaseStatus, EvidenceKind
from penalties.models import CaseEvidence
from penalties.services.base import case_lock, check_date, require_status


@transaction.atomic
def evidence_add(
    *,
    case,
    user,
    kind,
    title,
    collected_on,
    upload=None,
    note="",
    collectors=None,
    collected_at=None,
) -> CaseEvidence:
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
    collectors = _collectors_check(case, collectors)
    evidence = CaseEvidence(
        case=case,
        kind=kind,
        title=title.strip(),
        collected_on=collected_on,
        collected_at=collected_at,
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
        evidence.sha256 = hashlib.sha256(data).hexdigest()
        evidence.file.save(f"{timezone.now():%Y%m%d%H%M%S%f}.{ext}", ContentFile(data), save=False)
    evidence.save()
    evidence.collectors.set(collectors)
    return evidence


def _collectors_check(case, collectors) -> list:
    """The officers who collected it: given, or the case's officers (two or more holding
    certificates took part in every piece of evidence: 行政处罚法第四十二条)."""
    if not collectors:
        return sorted(case.officers.all(), key=lambda u: u.pk)
    collectors = list(collectors)
    team_check(
        collectors,
        field="collectors",
        too_few="取证须有两名以上执法人员。",
        outside="{names} 不在监督员名录中。",
    )
    return collectors


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
    if not _in_scope(case, inspection):
        raise ValidationError({"photo": "该照片不是本案当事人的检查照片。"})
    existing = CaseEvidence.objects.filter(case=case, inspection_photo=photo).first()
    if existing is not None:
        return existing  # attached already: once
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
        collected_at=timezone.localtime(taken).time().replace(microsecond=0),
        note=(note or "").strip(),
        uploaded_by=user,
        inspection_photo=photo,
        sha256=photo.sha256,
        original_name=photo.image.name.rsplit("/", 1)[-1],
    )
    evidence.file.name = photo.image.name  # the same file, not a copy
    evidence.full_clean(exclude=["file"])
    evidence.save()
    evidence.collectors.set(sorted(inspection.inspectors.all(), key=lambda u: u.pk))
    return evidence


def _in_scope(case, inspection) -> bool:
    same_unit = case.establishment_id and inspection.establishment_id == case.establishment_id
    return case.inspection_id == inspection.pk or bool(same_unit)


def sample_summary(sample) -> str:
    """The sample's results as one line: each parameter, value, limit and verdict."""
    parts = []
    for result in sample.results.all():
        limit = result.limit
        if result.value is not None:
            value = f"{result.value.normalize():f}{(' ' + limit.unit) if limit.unit else ''}"
        elif result.detected is not None:
            value = "检出" if result.detected else "未检出"
        else:
            value = "—"
        parts.append(
            f"{limit.parameter} {value}（{limit.standard}：{limit.limit_text}，"
            f"{result.get_verdict_display()}）"
        )
    return "；".join(parts)


@transaction.atomic
def evidence_attach_sample(*, case, sample, user, title="", note="") -> CaseEvidence:
    """A sample taken at an inspection of the case's party as evidence (物证 with its test
    results, e.g. pool water against GB 37488): names the sample, prints its results and
    verdict; taken by the inspection's officers at the sample's time. Once per case: the
    same sample again gives the evidence already there."""
    case = case_lock(case)
    require_status(
        case, CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED, action="登记证据"
    )
    sample = Sample.objects.select_related("inspection").get(pk=sample.pk)
    inspection = sample.inspection
    if not _in_scope(case, inspection):
        raise ValidationError({"sample": "该样品不是本案当事人的检查样品。"})
    existing = CaseEvidence.objects.filter(case=case, sample=sample).first()
    if existing is not None:
        return existing
    if sample.is_pending:
        raise ValidationError({"sample": "该样品尚在送检中，检测结果出来后再作为证据。"})
    taken = timezone.localtime(sample.taken_at)
    check_date(
        taken.date(),
        field="sample",
        label="取证日期",
        not_before=case.occurred_on,
        not_before_label="违法行为发生日期",
    )
    label = f"{sample.sample_type}{f'（{sample.location}）' if sample.location else ''}"
    evidence = CaseEvidence(
        case=case,
        kind=EvidenceKind.PHYSICAL,
        title=(title or "").strip()
        or f"检测样品：{label}{f' {sample.number}' if sample.number else ''}",
        collected_on=taken.date(),
        collected_at=taken.time().replace(microsecond=0),
        note=(note or "").strip() or sample_summary(sample),
        uploaded_by=user,
        sample=sample,
    )
    evidence.full_clean(exclude=["file"])
    evidence.save()
    evidence.collectors.set(sorted(inspection.inspectors.all(), key=lambda u: u.pk))
    return evidence


def case_samples(case):
    """Samples with results of the case's inspection and its unit's inspections, not yet
    attached."""
    scope = Q(inspection=case.inspection_id) if case.inspection_id else Q(pk__in=[])
    if case.establishment_id:
        scope |= Q(inspection__establishment=case.establishment_id)
    return (
        Sample.objects.filter(scope)
        .exclude(verdict="pending")
        .exclude(case_evidence__case=case)
        .select_related("inspection__establishment")
        .prefetch_related("results__limit")
        .order_by("-taken_at", "pk")
    )


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
