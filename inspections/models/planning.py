"""Planning: special campaigns (专项整治) and random draws (双随机、一公开)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Campaign(models.Model):
    name = models.CharField("名称", max_length=100)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    domains = models.ManyToManyField("premises.Domain", blank=True, verbose_name="监督专业")
    categories = models.ManyToManyField(
        "premises.Category",
        blank=True,
        verbose_name="类别",
        help_text="选大类即包含其全部小类；不选为全部。",
    )
    townships = models.ManyToManyField("premises.Township", blank=True, verbose_name="乡镇（街道）")
    problem_types = models.ManyToManyField(
        "inspections.ProblemType", blank=True, verbose_name="重点检查问题"
    )
    description = models.TextField("工作要求", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[domains, categories, townships, problem_types])

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = verbose_name_plural = "专项整治"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="campaign_ends_after_start",
                violation_error_message="结束日期不能早于开始日期。",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inspections:campaign_detail", args=[self.pk])


class RandomDraw(models.Model):
    """A random draw of units and inspectors. Immutable once made: it keeps its seed and a
    snapshot of the candidate units and the roster, so anyone can re-run it and must get
    the same assignments (``draw_verify``)."""

    name = models.CharField("名称", max_length=100)
    seed = models.BigIntegerField("随机种子")
    parameters = models.JSONField("抽取条件")
    candidate_ids = models.JSONField("候选单位（快照）")
    roster_ids = models.JSONField("监督员名录（快照）")
    exclusions = models.JSONField("回避（监督员, 单位）", default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="抽取人"
    )
    created_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "双随机抽查"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inspections:draw_detail", args=[self.pk])


class DrawAssignment(models.Model):
    draw = models.ForeignKey(
        RandomDraw, on_delete=models.PROTECT, related_name="assignments", verbose_name="抽查"
    )
    position = models.PositiveIntegerField("序号")
    establishment = models.ForeignKey(
        "premises.Establishment", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    inspector_a = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="监督员一",
    )
    inspector_b = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="监督员二",
    )

    class Meta:
        ordering = ["draw", "position"]
        verbose_name = verbose_name_plural = "抽查任务"
        constraints = [
            models.UniqueConstraint(fields=["draw", "position"], name="draw_position_unique"),
            models.UniqueConstraint(fields=["draw", "establishment"], name="draw_unit_once"),
        ]

    def __str__(self):
        return f"{self.draw} #{self.position} {self.establishment}"
