"""Scored checklists: versioned templates of items with maximum points, and the one rule
that turns an inspection's scores into its result (``score_summary``)."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Sum
from simple_history.models import HistoricalRecords

from inspections.choices import ChecklistPurpose


class ChecklistTemplateQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def for_inspections(self):
        return self.current().filter(purpose=ChecklistPurpose.INSPECTION)

    def for_case_review(self):
        return self.current().filter(purpose=ChecklistPurpose.CASE_REVIEW)

    def fitting(self, domain, category):
        """Those scoped to ``domain`` (or to none) and to ``category`` (a listed class
        covers its kinds; none listed: every kind of the domain)."""
        scoped = ChecklistTemplate.categories.through.objects.filter(
            checklisttemplate=OuterRef("pk")
        )
        kinds = [category.pk, category.parent_id] if category is not None else []
        return self.filter(Q(domain__isnull=True) | Q(domain=domain)).filter(
            ~Exists(scoped) | Exists(scoped.filter(category__in=[k for k in kinds if k]))
        )

    def for_inspection(self, domain, category):
        """The current inspection sheets an inspector may score a unit of ``category`` with
        when inspecting it under ``domain`` (a school's 一案八制, not a hotel's sheet)."""
        return self.for_inspections().fitting(domain, category)


class ChecklistTemplate(models.Model):
    """One version of a checklist. Editing a template in use makes a new version
    (``checklist_revise``); inspections keep the version they were scored with."""

    code = models.SlugField("代码", max_length=60)
    version = models.PositiveIntegerField("版本", default=1)
    name = models.CharField("名称", max_length=100)
    description = models.TextField("说明", blank=True)
    purpose = models.CharField(
        "用途", max_length=20, choices=ChecklistPurpose, default=ChecklistPurpose.INSPECTION
    )
    pass_mark = models.DecimalField("合格分", max_digits=6, decimal_places=2)
    excellent_mark = models.DecimalField(
        "优秀分",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="达到此分为“优秀”；不填则只分合格与不合格。",
    )
    converted_factor = models.DecimalField(
        "折算满分",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="如填 15，折算分 = 15 × 得分 / 总分。",
    )
    # Which inspections may use the sheet (editable without a new version: the scope does
    # not change how a sheet scores). None: any domain; no kinds: every kind of the domain.
    domain = models.ForeignKey(
        "premises.Domain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="监督专业",
        help_text="不选：各专业的检查均可使用。",
    )
    categories = models.ManyToManyField(
        "premises.Category",
        blank=True,
        related_name="+",
        verbose_name="适用的单位类别",
        help_text="选大类即包含其全部小类；不选：该专业的全部类别。",
    )
    is_current = models.BooleanField("现行版本", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[categories])

    objects = ChecklistTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = verbose_name_plural = "检查评分表"
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="checklist_unique_version"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(is_current=True), name="checklist_one_current_version"
            ),
        ]

    def __str__(self):
        return f"{self.name}（第{self.version}版）"

    def grade(self, total: Decimal) -> str:
        """优秀 / 合格 / 不合格 for a total scored with this template."""
        if self.excellent_mark is not None and total >= self.excellent_mark:
            return "优秀"
        return "合格" if total >= self.pass_mark else "不合格"

    def misfit(self, domain, category) -> str | None:
        """Why this sheet is not for an inspection of a unit of ``category`` under
        ``domain``, or None."""
        if self.domain_id is not None and (domain is None or self.domain_id != domain.pk):
            return (
                f"“{self.name}”是{self.domain.name}专业的评分表，"
                f"不能用于{domain.name if domain else '本次'}检查。"
            )
        kinds = list(self.categories.all())
        if kinds and category is not None:
            if not any(k.pk in (category.pk, category.parent_id) for k in kinds):
                names = "、".join(k.name for k in kinds)
                return f"“{self.name}”只适用于{names}，被检查单位是{category.name}。"
        return None

    @property
    def total_points(self) -> Decimal:
        return self.items.aggregate(total=Sum("max_points"))["total"] or Decimal("0")


class ChecklistItem(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="items", verbose_name="评分表"
    )
    section = models.CharField("一级指标", max_length=50)
    subsection = models.CharField("二级指标", max_length=80, blank=True)
    content = models.TextField("检查内容")
    max_points = models.DecimalField(
        "分值", max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    guidance = models.TextField("评分说明", blank=True)
    order = models.PositiveIntegerField("序号", default=0)
    is_key = models.BooleanField(
        "关键项",
        default=False,
        help_text="关键项（※）不符合的，无论总分多少，评分结果均为不合格。",
    )

    class Meta:
        ordering = ["template", "order", "id"]
        verbose_name = verbose_name_plural = "评分项目"

    def __str__(self):
        return f"{self.section} / {self.content[:20]}"


class ChecklistScore(models.Model):
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name="检查",
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, related_name="+", verbose_name="项目"
    )
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    not_applicable = models.BooleanField(
        "不适用",
        default=False,
        help_text="合理缺项：该项不计入应得分，得分记为 0。",
    )
    note = models.CharField("扣分说明", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item__order", "item_id"]
        verbose_name = verbose_name_plural = "评分"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="score_once_per_item"),
            models.CheckConstraint(condition=Q(score__gte=0), name="score_not_negative"),
        ]

    def __str__(self):
        return f"{self.item_id}: {self.score}"

    def clean(self):
        if self.score is not None and self.item_id:
            if self.score < 0 or self.score > self.item.max_points:
                raise ValidationError(
                    {
                        "score": f"得分应在 0 到 {self.item.max_points.normalize():f} 之间（{self.item.content[:30]}）。"
                    }
                )


HUNDRED = Decimal("100")


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part * HUNDRED / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def score_summary(template: ChecklistTemplate, scores) -> dict:
    """The result of a checklist scored with ``template``; ``scores`` are ChecklistScore rows
    with their items. The one place the rule lives (detail page, API, reports):

    - an item not applicable (合理缺项) leaves the total: 应得分 = full marks of the sheet less
      the points of those items, and 得分 counts the applicable items only;
    - the standardised score is 得分 ÷ 应得分 × 100 (one decimal, half up); the pass mark, set
      on the sheet's full marks, is compared as a share of them (60 of 100 = 60%);
    - a key item (※) that is applicable and loses points fails the sheet whatever the score.
    """
    scores = list(scores)
    sheet_full = template.total_points
    applicable = [s for s in scores if not s.not_applicable]
    missing = sum((s.item.max_points for s in scores if s.not_applicable), Decimal("0"))
    total = sum((s.score for s in applicable), Decimal("0"))
    full = sheet_full - missing
    standardised = _percent(total, full) if full else None
    pass_percent = _percent(template.pass_mark, sheet_full) if sheet_full else HUNDRED
    key_failed = [s.item for s in applicable if s.item.is_key and s.score < s.item.max_points]
    converted = None
    if template.converted_factor is not None and standardised is not None:
        converted = (template.converted_factor * standardised / HUNDRED).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return {
        "total": total,
        "full": full,
        "sheet_full": sheet_full,
        "standardised": standardised,
        "passed": standardised is not None and standardised >= pass_percent and not key_failed,
        "pass_mark": template.pass_mark,
        "pass_percent": pass_percent,
        "converted": converted,
        "scored_items": len(scores),
        "not_applicable_items": len(scores) - len(applicable),
        "key_failed": [item.content for item in key_failed],
    }
