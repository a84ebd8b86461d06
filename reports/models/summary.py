"""A saved summary (工作总结): its scope, the manager's narrative and a snapshot of the
figures as they were when it was saved. A published summary never changes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    # A draft set aside (made for the wrong period, or a second one of its scope): kept
    # with its reason, never edited nor published again.
    DISCARDED = "discarded", "已废弃"


class SummaryReportQuerySet(models.QuerySet):
    def drafts_of(self, *, start, end, domain, township):
        """The draft of that scope (at most one: summary_one_draft_a_scope)."""
        return self.filter(
            status=SummaryStatus.DRAFT, start=start, end=end, domain=domain, township=township
        )


class SummaryReport(models.Model):
    title = models.CharField("标题", max_length=100)
    start = models.DateField("统计起始日期")
    end = models.DateField("统计截止日期")
    domain = models.ForeignKey(
        "premises.Domain", on_delete=models.PROTECT, null=True, blank=True, verbose_name="监督专业"
    )
    township = models.ForeignKey(
        "premises.Township",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="乡镇（街道）",
    )
    narrative = models.TextField("总结正文", blank=True)
    figures = models.JSONField("数据快照")
    computed_at = models.DateTimeField("数据计算时间")
    status = models.CharField(
        "状态", max_length=10, choices=SummaryStatus, default=SummaryStatus.DRAFT
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    discard_reason = models.CharField("废弃原因", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="编写人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = SummaryReportQuerySet.as_manager()

    class Meta:
        ordering = ["-end", "-created_at"]
        verbose_name = verbose_name_plural = "工作总结"
        permissions = [("publish_summaryreport", "发布工作总结")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="summary_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SummaryStatus.values), name="summary_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="discarded", discard_reason__gt="")
                | (~Q(status="discarded") & Q(discard_reason="")),
                name="summary_discarded_with_reason",
            ),
            # One draft a scope (period, domain, township; none = all): a second one would
            # be the same figures twice, and the manager would not know which to finish.
            # Drafts are brought up to date in place (更新为最新数据); a published summary
            # is corrected by a new draft of its scope.
            models.UniqueConstraint(
                "start",
                "end",
                Coalesce("domain", 0),
                Coalesce("township", 0),
                condition=Q(status="draft"),
                name="summary_one_draft_a_scope",
                violation_error_message="该统计期间和范围已有一份草稿。",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:summary_report_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == SummaryStatus.PUBLISHED

    @property
    def is_draft(self) -> bool:
        """Still open to edits, a refresh, publishing or discarding."""
        return self.status == SummaryStatus.DRAFT
