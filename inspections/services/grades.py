"""公共场所卫生信誉度等级: assess a public-place unit's grade from an inspection's scored
checklist (``grade_assess``), void a wrong assessment (``grade_void``), and read the unit's
current grade (``unit_grade``). The rule score → grade is inspections.models.grades.grade_for,
with the rules of the GradeRule table as they stand at the assessment (kept on it)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.input_rules import validate_no_control_characters
from inspections.choices import ChecklistPurpose
from inspections.models import GradeAssessment, GradeRule, Inspection
from inspections.models.grades import PUBLIC_PLACES, grade_for

REASON_LIMIT = 200
NOTE_LIMIT = 200


def unit_grade(establishment) -> GradeAssessment | None:
    """The unit's current grade: its latest assessment not voided (None: not assessed)."""
    return (
        GradeAssessment.objects.filter(establishment=establishment)
        .select_related("inspection")
        .order_by("-assessed_on", "-id")
        .first()
    )


def grade_refusal(inspection) -> str | None:
    """Why no grade can be assessed from ``inspection``, or None: it can."""
    if inspection.is_voided:
        return "该次检查已作废，不能据以评定等级。"
    unit = inspection.establishment
    if unit.category.domain.code != PUBLIC_PLACES:
        return "卫生信誉度等级只评定公共场所单位。"
    if inspection.checklist_id is None:
        return "该次检查没有使用量化评分表，不能评定等级。"
    if inspection.checklist.purpose != ChecklistPurpose.INSPECTION:
        return "该评分表不是现场检查评分表。"
    if GradeAssessment.objects.filter(inspection=inspection).exists():
        return "该次检查已评定过信誉度等级（如评定有误，请先作废）。"
    return None


@transaction.atomic
def grade_assess(*, user, inspection, assessed_on=None, note="") -> GradeAssessment:
    """Assess the unit's 卫生信誉度等级 from ``inspection``'s checklist: the standardised score
    (合理缺项 left out of the maximum), key items (※) not met, and the grade the rules give
    (a copy of the rules is kept with it). It supersedes the unit's earlier grades."""
    inspection = (
        # only the inspection's row is locked (its checklist may be none: an outer join)
        Inspection.all_objects.select_for_update(of=("self",))
        .select_related("establishment__category__domain", "checklist")
        .get(pk=inspection.pk)
    )
    refusal = grade_refusal(inspection)
    if refusal:
        raise ValidationError({"inspection": refusal})
    inspected_on = timezone.localdate(inspection.inspected_at)
    assessed_on = assessed_on or timezone.localdate()
    note = (note or "").strip()
    errors = {}
    summary = inspection.score_summary()
    if summary is None or summary["standardised"] is None:
        errors["inspection"] = "该次检查的评分表没有可计分的项目，不能评定等级。"
    if assessed_on < inspected_on:
        errors["assessed_on"] = f"评定日期不能早于检查日期（{inspected_on:%Y-%m-%d}）。"
    elif assessed_on > timezone.localdate():
        errors["assessed_on"] = "评定日期不能晚于今天。"
    current = unit_grade(inspection.establishment)
    if current is not None and "assessed_on" not in errors and assessed_on < current.assessed_on:
        errors["assessed_on"] = (
            f"该单位现行等级评定于 {current.assessed_on:%Y-%m-%d}，新的评定日期不能早于它。"
        )
    if len(note) > NOTE_LIMIT:
        errors["note"] = f"说明最多 {NOTE_LIMIT} 字。"
    else:
        try:
            validate_no_control_characters(note)
        except ValidationError as exc:
            errors["note"] = exc.messages
    if errors:
        raise ValidationError(errors)
    rules = GradeRule.objects.by_row()
    grade = grade_for(
        standardised=summary["standardised"],
        key_failed=bool(summary["key_failed"]),
        rules=rules,
    )
    assessment = GradeAssessment(
        establishment=inspection.establishment,
        inspection=inspection,
        assessed_on=assessed_on,
        grade=grade,
        total=summary["total"],
        full=summary["full"],
        standardised=summary["standardised"],
        key_failed=summary["key_failed"],
        not_applicable_items=summary["not_applicable_items"],
        rules={row: rule.snapshot() for row, rule in rules.items()},
        note=note,
        assessed_by=user,
    )
    assessment._history_user = user
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError as exc:  # the same inspection assessed at the same moment
        raise ValidationError({"inspection": "该次检查已评定过信誉度等级。"}) from exc
    return assessment


@transaction.atomic
def grade_void(*, user, assessment, reason) -> GradeAssessment:
    """Void a wrong assessment with a reason: it stays on record, marked 已作废, and the
    unit's grade is again the one before it (or none)."""
    assessment = GradeAssessment.all_objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_voided:
        raise ValidationError({"reason": "该评定已作废。"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明作废原因。"})
    if len(reason) > REASON_LIMIT:
        raise ValidationError({"reason": f"作废原因最多 {REASON_LIMIT} 字。"})
    assessment.voided_at = timezone.now()
    assessment.voided_by = user
    assessment.void_reason = reason
    assessment._history_user = user
    assessment._change_reason = f"作废：{reason}"
    assessment.save(update_fields=["voided_at", "voided_by", "void_reason"])
    return assessment
