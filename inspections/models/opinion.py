"""Supervision opinions (卫生监督意见书): numbered, printed, never edited in place."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from inspections.choices import OpinionStatus

DUE_SOON_DAYS = 7  # 本周到期: the follow-up list and the inspector's home page


class OpinionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=OpinionStatus.ISSUED)

    def overdue(self, on=None):
        return self.open().filter(deadline__lt=on or timezone.localdate())

    def due_within(self, days: int, on=None):
        """Open opinions whose deadline falls from ``on`` (today) to ``days`` days after it,
        both included: not overdue yet, to follow up soon (本周到期: days=7)."""
        today = on or timezone.localdate()
        return self.open().filter(
            deadline__gte=today, deadline__lte=today + datetime.timedelta(days=days)
        )


class SupervisionOpinion(models.Model):
    inspection = models.OneToOneField(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        related_name="opinion",
        verbose_name="检查",
    )
    year = models.PositiveIntegerField("年度")
    sequence = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=60, unique=True)
    issued_at = models.DateTimeField("签发时间")
    deadline = models.DateField("整改期限")
    status = models.CharField(
        "状态", max_length=10, choices=OpinionStatus, default=OpinionStatus.ISSUED
    )
    closed_by = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="确认整改的复查",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="签发人"
    )

    objects = OpinionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = verbose_name_plural = "卫生监督意见书"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="opinion_number_unique_per_year"
            ),
            models.CheckConstraint(
                condition=Q(status__in=OpinionStatus.values), name="opinion_status_valid"
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("inspections:opinion_detail", args=[self.pk])


class OpinionItem(models.Model):
    opinion = models.ForeignKey(
        SupervisionOpinion, on_delete=models.CASCADE, related_name="items", verbose_name="意见书"
    )
    problem = models.TextField("发现的问题")
    requirement = models.TextField("整改要求")
    order = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = verbose_name_plural = "整改项目"

    def __str__(self):
        return f"{self.order}. {self.problem[:30]}"


class OpinionAmendment(models.Model):
    """A recorded correction of an issued opinion: what changed, why, by whom."""

    opinion = models.ForeignKey(
        SupervisionOpinion,
        on_delete=models.PROTECT,
        related_name="amendments",
        verbose_name="意见书",
    )
    reason = models.CharField("更正原因", max_length=200)
    changes = models.JSONField("更正内容")
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="更正人"
    )
    amended_at = models.DateTimeField("更正时间", auto_now_add=True)

    class Meta:
        ordering = ["amended_at", "id"]
        verbose_name = verbose_name_plural = "意见书更正记录"

    def __str__(self):
        return f"{self.opinion} 更正：{self.reason}"
