"""Approvals by the office's 负责人 (审批), the 合议 / 集体讨论 records, and the procedure
rules (处罚程序规定) as dated data.

- ``CaseApproval``: one request put to the 负责人 and its answer (立案, 先行登记保存, 处罚决定,
  结案, 延长办案期限). Written only by ``penalties.services.approvals``.
- ``CaseDiscussion``: a 合议 of the case team or a 集体讨论 of the 负责人s (行政处罚法第五十七条
  第二款), with the facts discussed and how discretion was exercised.
- ``ProcedureRule``: the procedure rule in force on a date (卫生部令第53号 until 2025-05-31,
  国家卫生健康委令第13号 from 2025-06-01): the decision limit and who approves its extension.
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month ``months`` later; past the end of a shorter month, its last
    day (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


class ApprovalKind(models.TextChoices):
    FILING = "filing", "立案"
    PRESERVATION = "preservation", "先行登记保存"
    DECISION = "decision", "处罚决定"
    CLOSING = "closing", "结案"
    EXTENSION = "extension", "延长办案期限"


class LimitUnit(models.TextChoices):
    DAYS = "days", "日"
    MONTHS = "months", "个月"


class DiscussionKind(models.TextChoices):
    PANEL = "panel", "合议"
    COLLECTIVE = "collective", "集体讨论"


class ProcedureRuleQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date):
        return self.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on)).filter(
            effective_from__lte=on
        )


class ProcedureRule(models.Model):
    """A procedure rule (处罚程序规定) and the time limits it sets, for the dates it was in
    force. A case runs under the rule in force on its filing date."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=200)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("废止前最后一日", null=True, blank=True)
    decision_limit = models.PositiveSmallIntegerField(
        "作出决定期限", help_text="自立案之日起计算。"
    )
    decision_limit_unit = models.CharField(
        "期限单位", max_length=10, choices=LimitUnit, default=LimitUnit.DAYS
    )
    extension_approver = models.CharField(
        "延长办案期限的批准机关（人）",
        max_length=200,
        help_text="如“上级卫生行政机关”“本机关负责人”。",
    )
    extension_by_superior = models.BooleanField(
        "由上级机关批准延期",
        default=False,
        help_text="勾选：延期由上级机关批准，登记批准机关和批准文号；不勾选：由本机关负责人在系统中审批。",
    )
    filing_limit_days = models.PositiveSmallIntegerField(
        "立案期限（日）",
        null=True,
        blank=True,
        help_text="发现违法行为后多少日内立案；空：未规定。",
    )
    basis = models.TextField("依据（条款原文或摘要）")
    source = models.CharField("来源", max_length=300, blank=True)
    verified = models.BooleanField(
        "已核对原文", default=False, help_text="不勾选：部分内容未能核对原文（未核实的默认值）。"
    )
    history = HistoricalRecords()

    objects = ProcedureRuleQuerySet.as_manager()

    class Meta:
        ordering = ["effective_from"]
        verbose_name = verbose_name_plural = "处罚程序规定"
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="procedure_rule_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        others = ProcedureRule.objects.exclude(pk=self.pk)
        end = self.effective_to or datetime.date.max
        overlapping = others.filter(effective_from__lte=end).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from)
        )
        if self.effective_from and overlapping.exists():
            raise ValidationError(
                {
                    "effective_from": f"施行期间与“{overlapping.first()}”重叠：同一日只能适用一部规定。"
                }
            )

    @property
    def decision_limit_text(self) -> str:
        return f"{self.decision_limit}{self.get_decision_limit_unit_display()}"

    def decision_due(self, filed_on: datetime.date) -> datetime.date:
        """The last day for the decision: ``decision_limit`` days or calendar months from
        filing (filed 2024-01-15, three months: 2024-04-15)."""
        if self.decision_limit_unit == LimitUnit.MONTHS:
            return add_months(filed_on, self.decision_limit)
        return filed_on + datetime.timedelta(days=self.decision_limit)

    @classmethod
    def for_date(cls, on: datetime.date) -> "ProcedureRule | None":
        return cls.objects.in_force(on).order_by("-effective_from").first()


class CaseApproval(models.Model):
    """A request put to the office's 负责人 and the answer. ``approved`` is None while the
    request waits. ``content``: what the request carries (the 立案报告's text, the proposal of
    the 案件调查终结报告, the 结案报告, the extension asked for), as a dict."""

    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.CASCADE,
        related_name="approvals",
        verbose_name="案件",
    )
    kind = models.CharField("审批事项", max_length=20, choices=ApprovalKind)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报请人"
    )
    requested_on = models.DateField("报请日期")
    summary = models.TextField("报请内容")
    content = models.JSONField("报请内容（结构化）", default=dict, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    decided_on = models.DateField("审批日期", null=True, blank=True)
    approved = models.BooleanField("批准", null=True, blank=True)
    opinion = models.TextField("审批意见", blank=True)
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "requested_on", "id"]
        verbose_name = verbose_name_plural = "案件审批"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(approved__isnull=True),
                name="approval_one_pending_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(approved__isnull=True)
                | (Q(approver__isnull=False) & Q(decided_on__isnull=False)),
                name="approval_decided_has_approver_and_date",
            ),
        ]

    def __str__(self):
        return f"{self.case.number} {self.get_kind_display()}审批（{self.state_label}）"

    @property
    def state_label(self) -> str:
        if self.approved is None:
            return "待审批"
        return "批准" if self.approved else "不予批准"


class CaseDiscussion(models.Model):
    """A 合议 of the case team or a 集体讨论 of the 负责人s: the facts, how discretion was
    exercised, and the conclusion. ``agreed``: the discussion agreed with the proposal."""

    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.CASCADE,
        related_name="discussions",
        verbose_name="案件",
    )
    kind = models.CharField("讨论类型", max_length=20, choices=DiscussionKind)
    held_on = models.DateField("讨论日期")
    place = models.CharField("地点", max_length=100, blank=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="主持人"
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name="参加人员"
    )
    recorder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )
    facts = models.TextField("讨论的违法事实和证据")
    discretion = models.TextField("裁量理由（情节与处罚幅度）")
    conclusion = models.TextField("讨论结论")
    agreed = models.BooleanField("同意拟处理意见", default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        ordering = ["case", "held_on", "id"]
        verbose_name = verbose_name_plural = "合议及集体讨论记录"

    def __str__(self):
        return f"{self.case.number} {self.get_kind_display()}记录 {self.held_on}"
