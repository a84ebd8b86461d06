"""健康促进 (seed 004, 健康促进县 plan): the standards a subject is scored against (健康社区/村,
健康家庭, 健康促进医院/学校/机关/企业), each with its versioned scoring sheet (a ChecklistTemplate
of purpose 健康促进评估, named by the standard's ``sheet_code``) and the subject kinds it
applies to; assessments of a subject with the scored sheet; and the year's plan with its
targets per subject group (data).

An assessment is never edited in place: a later assessment of the same subject against the
same standard supersedes it (the subject's standing is its latest assessment not voided),
and a wrong one is voided with a reason, which brings the one before it back.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from simple_history.models import HistoricalRecords

from inspections.choices import PromotionGroup
from inspections.models.checklist import ChecklistItem, ChecklistTemplate
from inspections.models.corrections import Voidable

HUNDRED = Decimal("100")


class PromotionStandard(models.Model):
    """One 健康促进 standard: the subject group it is for, the code of its scoring sheet (the
    current version scores new assessments) and the subject kinds in scope (a class stands
    for its kinds). Shipped rows; the administrator sets the kinds as subjects are filed."""

    group = models.CharField("对象类别", max_length=20, choices=PromotionGroup, unique=True)
    name = models.CharField("标准", max_length=50)
    sheet_code = models.SlugField(
        "评分表代码", max_length=60, help_text="评分表（检查评分表）的代码；新评估使用其现行版本。"
    )
    categories = models.ManyToManyField(
        "premises.Category",
        blank=True,
        related_name="+",
        verbose_name="适用的单位类别",
        help_text="属于这些类别（或其下级类别）的单位纳入本类对象的统计范围。",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    note = models.TextField("说明", blank=True)
    history = HistoricalRecords(m2m_fields=[categories])

    class Meta:
        ordering = ["order", "group"]
        verbose_name = verbose_name_plural = "健康促进标准"
        constraints = [
            models.CheckConstraint(
                condition=Q(group__in=PromotionGroup.values), name="promotion_standard_group"
            ),
        ]

    def __str__(self):
        return self.name

    def current_sheet(self) -> ChecklistTemplate | None:
        return ChecklistTemplate.objects.current().filter(code=self.sheet_code).first()


class PromotionPlan(models.Model):
    """A year's 健康促进 plan (健康细胞 creation): its due date and targets per group."""

    year = models.PositiveSmallIntegerField(
        "年度", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField("计划名称", max_length=100)
    due_on = models.DateField("目标完成日期")
    source = models.CharField("依据", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "健康促进年度计划"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:promotion_plan", args=[self.pk])

    def clean(self):
        if self.due_on and self.year and self.due_on.year != self.year:
            raise ValidationError({"due_on": f"目标完成日期应在 {self.year} 年内。"})


class PromotionTarget(models.Model):
    """The plan's target for one group: a share of the subjects in scope meeting the
    standard (30% of communities and villages), or a number of subjects (≥100 families)."""

    plan = models.ForeignKey(
        PromotionPlan, on_delete=models.CASCADE, related_name="targets", verbose_name="计划"
    )
    standard = models.ForeignKey(
        PromotionStandard, on_delete=models.PROTECT, related_name="+", verbose_name="标准"
    )
    share = models.DecimalField(
        "目标达标比例（%）",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(HUNDRED)],
    )
    count = models.PositiveIntegerField("目标达标数", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "standard__order"]
        verbose_name = verbose_name_plural = "健康促进目标"
        constraints = [
            models.UniqueConstraint(fields=["plan", "standard"], name="promotion_target_once"),
            models.CheckConstraint(
                condition=Q(share__isnull=False) | Q(count__isnull=False),
                name="promotion_target_share_or_count",
                violation_error_message="请填写目标达标比例或目标达标数。",
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | (Q(share__gte=0) & Q(share__lte=100)),
                name="promotion_target_share_percent",
            ),
        ]

    def __str__(self):
        if self.share is not None:
            return f"{self.standard}：{self.share.normalize():f}%"
        return f"{self.standard}：{self.count} 个"

    def clean(self):
        if self.share is None and self.count is None:
            raise ValidationError({"share": "请填写目标达标比例或目标达标数。"})


class PromotionAssessmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(voided_at__isnull=True)

    def standing(self, as_of=None):
        """Each subject's standing per standard: its latest assessment not voided (dated on
        or before ``as_of`` when given)."""
        latest = PromotionAssessment.objects.filter(
            subject=OuterRef("subject"), standard=OuterRef("standard")
        )
        if as_of is not None:
            latest = latest.filter(assessed_on__lte=as_of)
        latest = latest.order_by("-assessed_on", "-id").values("pk")[:1]
        return self.current().filter(pk=Subquery(latest))


class CurrentPromotionManager(models.Manager.from_queryset(PromotionAssessmentQuerySet)):
    """Assessments not voided; ``all_objects`` has all."""

    def get_queryset(self):
        return super().get_queryset().filter(voided_at__isnull=True)


class PromotionAssessment(Voidable, models.Model):
    """One 健康促进 assessment of a subject against a standard, with the sheet scored, its
    total, the converted score (转化得分) and whether it meets the standard (达标: the
    sheet's pass mark). Written by ``promotion_assess`` only; never edited."""

    subject = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="promotion_assessments",
        verbose_name="评估对象",
    )
    standard = models.ForeignKey(
        PromotionStandard, on_delete=models.PROTECT, related_name="assessments", verbose_name="标准"
    )
    sheet = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, related_name="+", verbose_name="评分表"
    )
    assessed_on = models.DateField("评估日期")
    assessors = models.CharField("评估人员", max_length=200)
    total = models.DecimalField("现场评估得分", max_digits=7, decimal_places=2)
    full = models.DecimalField("满分", max_digits=7, decimal_places=2)
    converted = models.DecimalField(
        "转化得分", max_digits=7, decimal_places=2, null=True, blank=True
    )
    pass_mark = models.DecimalField("达标分", max_digits=6, decimal_places=2)
    passed = models.BooleanField("达标")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = CurrentPromotionManager()
    all_objects = PromotionAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = verbose_name_plural = "健康促进评估"
        permissions = [("void_promotionassessment", "作废健康促进评估")]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=0) & Q(total__lte=models.F("full")),
                name="promotion_total_within_full",
            ),
        ]

    def __str__(self):
        return f"{self.subject}：{self.standard}（{self.assessed_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("inspections:promotion_detail", args=[self.pk])

    @property
    def result_label(self) -> str:
        return "达标" if self.passed else "未达标"


class PromotionScore(models.Model):
    """The score of one item of the sheet in an assessment."""

    # score_summary reads it: a 健康促进 sheet scores every item (no 合理缺项).
    not_applicable = False

    assessment = models.ForeignKey(
        PromotionAssessment, on_delete=models.CASCADE, related_name="scores", verbose_name="评估"
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, related_name="+", verbose_name="项目"
    )
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    note = models.CharField("扣分说明", max_length=200, blank=True)

    class Meta:
        ordering = ["item__order", "item_id"]
        verbose_name = verbose_name_plural = "健康促进评分"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="promotion_score_once"),
            models.CheckConstraint(condition=Q(score__gte=0), name="promotion_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.item_id}: {self.score}"
