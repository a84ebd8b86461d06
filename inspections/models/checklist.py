"""Scored checklists: versioned templates of items with maximum points."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from simple_history.models import HistoricalRecords

from inspections.choices import ChecklistPurpose


class ChecklistTemplateQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def for_inspections(self):
        return self.current().filter(purpose=ChecklistPurpose.INSPECTION)

    def for_case_review(self):
        return self.current().filter(purpose=ChecklistPurpose.CASE_REVIEW)


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
    is_current = models.BooleanField("现行版本", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

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
