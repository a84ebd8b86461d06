"""健康促进: assess a subject against a standard with its scoring sheet (``promotion_assess``),
void a wrong assessment (``promotion_void``), and the plan's figures: per subject group the
subjects in scope, those meeting the standard, the share, the target and the gap
(``promotion_figures``), with the subjects behind each number (``promotion_subjects``).

The rule score → 转化得分 → 达标 is inspections.models.checklist.score_summary (the sheet's
converted_factor and pass_mark), the one rule of every scored sheet."""

import datetime
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from core.input_rules import validate_no_control_characters
from inspections.choices import ChecklistPurpose
from inspections.models import (
    ChecklistTemplate,
    PromotionAssessment,
    PromotionPlan,
    PromotionScore,
    PromotionStandard,
    PromotionTarget,
)
from inspections.models.checklist import score_summary
from premises.models import Establishment

REASON_LIMIT = 200
NOTE_LIMIT = 200
ASSESSORS_LIMIT = 200


def in_scope_condition(standard: PromotionStandard, day: datetime.date):
    """Units of the standard's kinds on ``day`` (None: it has no kinds set)."""
    kinds = list(standard.categories.all())
    if not kinds:
        return None
    return Establishment.objects.kind_condition(kinds, day)


def subject_refusal(subject, standard: PromotionStandard, day=None) -> str | None:
    """Why ``subject`` cannot be assessed against ``standard``, or None: it can."""
    condition = in_scope_condition(standard, day or timezone.localdate())
    if condition is None:
        return f"“{standard.name}”尚未设定适用的单位类别，请管理员在后台设定。"
    if not Establishment.objects.filter(condition, pk=subject.pk).exists():
        return f"该单位不属于“{standard.name}”适用的对象（{standard.get_group_display()}）。"
    return None


def _clean_text(errors, field, value, limit, label, *, required=False):
    value = (value or "").strip()
    if required and not value:
        errors[field] = f"请填写{label}。"
    elif len(value) > limit:
        errors[field] = f"{label}最多 {limit} 字。"
    else:
        try:
            validate_no_control_characters(value)
        except ValidationError as exc:
            errors[field] = exc.messages
    return value


def latest_assessment(subject, standard) -> PromotionAssessment | None:
    return (
        PromotionAssessment.objects.filter(subject=subject, standard=standard)
        .order_by("-assessed_on", "-id")
        .first()
    )


@transaction.atomic
def promotion_assess(
    *, user, subject, standard, sheet, assessed_on, assessors, scores: dict, note=""
) -> PromotionAssessment:
    """Record an assessment of ``subject`` against ``standard`` with ``sheet`` scored item by
    item (``scores``: {item id: (score, note)}): its total, 转化得分 and 达标 as the sheet's
    rule gives them. It supersedes the subject's earlier assessments against the standard."""
    subject = Establishment.objects.select_for_update().get(pk=subject.pk)
    errors = {}
    if sheet.purpose != ChecklistPurpose.HEALTH_PROMOTION or sheet.code != standard.sheet_code:
        raise ValidationError({"sheet": f"该评分表不是“{standard.name}”的评分表。"})
    if not sheet.is_current:
        raise ValidationError({"sheet": "该评分表已有新版本，请用现行版本评分。"})
    refusal = subject_refusal(subject, standard, assessed_on)
    if refusal:
        raise ValidationError({"subject": refusal})
    today = timezone.localdate()
    if assessed_on is None:
        errors["assessed_on"] = "请填写评估日期。"
    elif assessed_on > today:
        errors["assessed_on"] = "评估日期不能晚于今天。"
    elif assessed_on < subject.opened_on:
        errors["assessed_on"] = (
            f"评估日期不能早于该单位的开业日期（{subject.opened_on:%Y-%m-%d}）。"
        )
    else:
        earlier = latest_assessment(subject, standard)
        if earlier is not None and assessed_on < earlier.assessed_on:
            errors["assessed_on"] = (
                f"该单位现行评估日期为 {earlier.assessed_on:%Y-%m-%d}，新的评估日期不能早于它。"
            )
    assessors = _clean_text(
        errors, "assessors", assessors, ASSESSORS_LIMIT, "评估人员", required=True
    )
    note = _clean_text(errors, "note", note, NOTE_LIMIT, "说明")
    items = list(sheet.items.all())
    rows = []
    missing = 0
    for item in items:
        entry = scores.get(item.pk)
        if entry is None or entry[0] is None:
            missing += 1
            continue
        value, item_note = entry
        value = Decimal(value)
        if not Decimal("0") <= value <= item.max_points:
            errors[f"score_{item.pk}"] = f"得分应在 0 到 {item.max_points.normalize():f} 之间。"
            continue
        rows.append(PromotionScore(item=item, score=value, note=(item_note or "").strip()[:200]))
    unknown = set(scores) - {item.pk for item in items}
    if unknown:
        errors["sheet"] = "评分项目与评分表不符，请重新载入评分表。"
    elif missing:
        errors["sheet"] = f"还有 {missing} 项未评分。"
    if errors:
        raise ValidationError(errors)
    summary = score_summary(sheet, rows)
    assessment = PromotionAssessment(
        subject=subject,
        standard=standard,
        sheet=sheet,
        assessed_on=assessed_on,
        assessors=assessors,
        total=summary["total"],
        full=summary["full"],
        converted=summary["converted"],
        pass_mark=sheet.pass_mark,
        passed=summary["passed"],
        note=note,
        recorded_by=user,
    )
    assessment._history_user = user
    assessment.save()
    for row in rows:
        row.assessment = assessment
    PromotionScore.objects.bulk_create(rows)
    return assessment


@transaction.atomic
def promotion_void(*, user, assessment, reason) -> PromotionAssessment:
    """Void a wrong assessment with a reason: it stays on record, marked 已作废; the
    subject's standing is again the assessment before it (or none)."""
    assessment = PromotionAssessment.all_objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_voided:
        raise ValidationError({"reason": "该评估已作废。"})
    errors = {}
    reason = _clean_text(errors, "reason", reason, REASON_LIMIT, "作废原因", required=True)
    if errors:
        raise ValidationError(errors)
    assessment.voided_at = timezone.now()
    assessment.voided_by = user
    assessment.void_reason = reason
    assessment._history_user = user
    assessment._change_reason = f"作废：{reason}"
    assessment.save(update_fields=["voided_at", "voided_by", "void_reason"])
    return assessment


# ---------------------------------------------------------------- the plan's figures

SHOWS = {"scope": "纳入范围", "met": "达标", "unmet": "未达标"}


@dataclass
class PromotionFigure:
    standard: PromotionStandard
    target: PromotionTarget
    in_scope: int | None  # None: the standard has no kinds set
    met: int

    @property
    def share(self) -> Decimal | None:
        if not self.in_scope:
            return None
        return (Decimal(self.met) * 100 / self.in_scope).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def needed(self) -> int | None:
        """Subjects that must meet the standard to reach the target."""
        if self.target.count is not None:
            return self.target.count
        if self.in_scope is None:
            return None
        return math.ceil(self.target.share * self.in_scope / 100)

    @property
    def gap(self) -> int | None:
        needed = self.needed
        return None if needed is None else max(needed - self.met, 0)

    @property
    def reached(self) -> bool:
        return self.gap == 0

    @property
    def target_label(self) -> str:
        if self.target.count is not None:
            return f"≥ {self.target.count} 个"
        return f"{self.target.share.normalize():f}%"


def figures_as_of(plan: PromotionPlan, today=None) -> datetime.date:
    """The day the figures are read on: today, or the plan's due date once it has passed."""
    today = today or timezone.localdate()
    return min(today, plan.due_on)


def promotion_subjects(plan: PromotionPlan, standard: PromotionStandard, as_of, show="scope"):
    """The subjects behind one number of the figures: in scope (``scope``), meeting the
    standard (``met``) or not (``unmet``), each with its standing assessment on ``as_of``
    (``standing_id``, ``standing_passed``, ``standing_total``, ``standing_on``)."""
    standing = PromotionAssessment.objects.filter(
        subject=OuterRef("pk"), standard=standard, assessed_on__lte=as_of
    ).order_by("-assessed_on", "-id")
    condition = in_scope_condition(standard, as_of)
    units = Establishment.objects.in_period(datetime.date(plan.year, 1, 1), as_of)
    if condition is None:
        if standard.group != "family":
            return units.none()
        # no kinds set for families: those assessed are the ones counted
        units = units.filter(Exists(standing))
    else:
        units = units.filter(condition)
    units = units.annotate(
        standing_id=Subquery(standing.values("pk")[:1]),
        standing_passed=Subquery(standing.values("passed")[:1]),
        standing_total=Subquery(standing.values("total")[:1]),
        standing_on=Subquery(standing.values("assessed_on")[:1]),
    )
    if show == "met":
        units = units.filter(standing_passed=True)
    elif show == "unmet":
        # not assessed (no standing: NULL) or not 达标
        units = units.filter(Q(standing_passed=False) | Q(standing_passed__isnull=True))
    return units


def promotion_figures(plan: PromotionPlan, as_of=None) -> list[PromotionFigure]:
    """For each target of the plan: the subjects in scope, those meeting the standard on
    ``as_of`` (their latest assessment not voided is 达标), the share and the gap."""
    as_of = as_of or figures_as_of(plan)
    figures = []
    for target in plan.targets.select_related("standard").prefetch_related("standard__categories"):
        standard = target.standard
        units = promotion_subjects(plan, standard, as_of)
        has_scope = bool(standard.categories.all()) or standard.group == "family"
        in_scope = units.count() if has_scope else None
        met = units.filter(standing_passed=True).count() if has_scope else 0
        figures.append(PromotionFigure(standard, target, in_scope, met))
    return figures


def sheets_for(standard: PromotionStandard):
    return ChecklistTemplate.objects.current().filter(
        code=standard.sheet_code, purpose=ChecklistPurpose.HEALTH_PROMOTION
    )
