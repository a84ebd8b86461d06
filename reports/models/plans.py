"""Focused inspection plans (重点监督检查计划) handed down by the city: a special campaign
(inspections.Campaign: its period, domains, kinds and townships are the plan's units in
scope, and inspections may be linked to it) with more: the issuing document, targets, the
summary tables (汇总表) the city asks for, the date they are due, and each table as sent.

A submission keeps the exact file sent and is never edited: sending again is a new record
naming the one it replaces and why (seed 004: "于10月20日前……汇总表……全部上报市卫生监督所")."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class PlanTable(models.TextChoices):
    """The summary tables the software builds (reports/presentation/plan_tables.py)."""

    RADIATION = "radiation", "放射诊疗工作监督检查情况汇总表（表1、表2-1、表2-2）"
    OCCUPATIONAL = "occupational", "职业卫生重点监督检查情况汇总表"
    GENERAL = "general", "监督检查情况汇总表"


class TargetMeasure(models.TextChoices):
    """What a target row counts; its actual is computed from the inspections."""

    COVERAGE = "coverage", "检查覆盖率（%）"
    UNITS = "units", "检查单位数（户）"
    VISITS = "visits", "检查户次"
    PROBLEMS = "problems", "发现问题单位数（户）"
    OPINIONS = "opinions", "下达监督意见书（份）"
    CASES = "cases", "立案查处（件）"
    MANUAL = "manual", "不自动统计（人工核对）"


class FocusedPlanQuerySet(models.QuerySet):
    def with_parts(self):
        """The campaign, the targets and the submissions (without their files) loaded."""
        return self.select_related("campaign").prefetch_related(
            "targets",
            models.Prefetch(
                "submissions",
                queryset=PlanSubmission.objects.defer("content").select_related("submitted_by"),
            ),
        )


class FocusedPlan(models.Model):
    campaign = models.OneToOneField(
        "inspections.Campaign",
        on_delete=models.PROTECT,
        related_name="focused_plan",
        verbose_name="专项（检查范围）",
    )
    year = models.PositiveSmallIntegerField("年度")
    document_number = models.CharField("文号", max_length=60, blank=True)
    issuer = models.CharField("下达机关", max_length=100)
    tables = models.JSONField("需上报的汇总表", default=list)
    due_date = models.DateField("上报截止日期")
    remind_days = models.PositiveSmallIntegerField(
        "提前提醒天数", default=14, help_text="截止日期前多少天起在首页提醒。"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = FocusedPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "due_date", "-id"]
        verbose_name = verbose_name_plural = "重点监督检查计划"
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="focusedplan_year_sane"
            ),
            models.CheckConstraint(
                condition=Q(remind_days__lte=366), name="focusedplan_remind_days_sane"
            ),
        ]

    def __str__(self):
        return self.campaign.name if self.campaign_id else f"重点监督检查计划 #{self.pk}"

    def get_absolute_url(self):
        return reverse("reports:plan_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return self.campaign.name

    def clean(self):
        unknown = [t for t in self.tables if t not in PlanTable.values]
        if unknown or len(set(self.tables)) != len(self.tables):
            raise ValidationError({"tables": "汇总表的选择无效。"})
        if self.due_date and self.year and abs(self.due_date.year - self.year) > 1:
            raise ValidationError({"due_date": "上报截止日期与计划年度相差超过一年，请核对。"})

    def table_labels(self) -> list[tuple[str, str]]:
        return [(t, PlanTable(t).label) for t in self.tables if t in PlanTable.values]

    # What is due: computed from the submissions already loaded (prefetch_related).
    def latest_submissions(self) -> dict[str, "PlanSubmission"]:
        latest: dict[str, PlanSubmission] = {}
        for sub in sorted(self.submissions.all(), key=lambda s: (s.recorded_at, s.pk)):
            latest[sub.table] = sub
        return latest

    def first_submissions(self) -> dict[str, "PlanSubmission"]:
        first: dict[str, PlanSubmission] = {}
        for sub in sorted(self.submissions.all(), key=lambda s: (s.recorded_at, s.pk)):
            first.setdefault(sub.table, sub)
        return first

    def pending_tables(self) -> list[str]:
        sent = self.first_submissions()
        return [t for t in self.tables if t not in sent]

    def state(self, today: datetime.date) -> str:
        """submitted / late (past due, a table not sent) / due (within the reminder days)
        / open."""
        if not self.pending_tables():
            return "submitted"
        if today > self.due_date:
            return "late"
        if (self.due_date - today).days <= self.remind_days:
            return "due"
        return "open"

    def submitted_late(self) -> bool:
        sent = self.first_submissions()
        return any(sub.submitted_on > self.due_date for sub in sent.values())


STATE_LABELS = {"submitted": "已上报", "late": "已逾期", "due": "即将到期", "open": "未到期"}


class PlanTarget(models.Model):
    """One target of a plan (e.g. 放射诊疗单位监督覆盖率 100%), written by plan_save."""

    plan = models.ForeignKey(
        FocusedPlan, on_delete=models.CASCADE, related_name="targets", verbose_name="计划"
    )
    position = models.PositiveSmallIntegerField("序号")
    item = models.CharField("目标项目", max_length=100)
    measure = models.CharField("统计口径", max_length=20, choices=TargetMeasure)
    target = models.DecimalField("目标值", max_digits=9, decimal_places=2)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = verbose_name_plural = "计划目标"
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="plantarget_position_once"),
            models.CheckConstraint(condition=Q(target__gte=0), name="plantarget_not_negative"),
            models.CheckConstraint(
                condition=~Q(measure=TargetMeasure.COVERAGE) | Q(target__lte=100),
                name="plantarget_share_at_most_100",
            ),
        ]

    def __str__(self):
        return f"{self.item}：{self.target}"

    def clean(self):
        if self.target is not None and self.target < 0:
            raise ValidationError({"target": "目标值不能为负数。"})
        if self.measure == TargetMeasure.COVERAGE and self.target is not None and self.target > 100:
            raise ValidationError({"target": "覆盖率不能超过 100%。"})


class PlanSubmission(models.Model):
    """One summary table as sent to the city: the exact file, when, by whom. Never
    changed; a resubmission is a new record that names the one it replaces and why."""

    plan = models.ForeignKey(
        FocusedPlan, on_delete=models.PROTECT, related_name="submissions", verbose_name="计划"
    )
    table = models.CharField("汇总表", max_length=20, choices=PlanTable)
    submitted_on = models.DateField("上报日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上报人"
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="替换的上报",
    )
    reason = models.CharField("重新上报原因", max_length=200, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    filename = models.CharField("文件名", max_length=200)
    content = models.BinaryField("上报文件")
    sha256 = models.CharField("文件 SHA-256", max_length=64)
    uploaded = models.BooleanField(
        "上传的文件", default=False, help_text="否：系统在登记时按当时数据生成的文件。"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["plan", "table", "recorded_at", "id"]
        verbose_name = verbose_name_plural = "汇总表上报记录"
        constraints = [
            # One first submission per table: a second one must replace it (with a reason).
            models.UniqueConstraint(
                fields=["plan", "table"],
                condition=Q(replaces__isnull=True),
                name="plansubmission_first_once",
            ),
            models.CheckConstraint(
                condition=Q(replaces__isnull=True) | ~Q(reason=""),
                name="plansubmission_resubmission_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.plan} · {self.get_table_display()} · {self.submitted_on}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("上报记录不能修改；如需重新上报，请登记新的上报并说明原因。")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reports:plan_submission_file", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise ValidationError("上报记录不能删除。")
