"""Permit types, applications at the window, and the permits issued or registered."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from licensing.choices import (
    ApplicationKind,
    ApplicationPath,
    ApplicationStatus,
    PermitOrigin,
    PermitStatus,
)
from premises.models import Establishment


class PermitType(models.Model):
    """A kind of permit with its rules (term, time limit for a decision, number format)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50)
    term_years = models.PositiveSmallIntegerField("有效期（年）", default=4)
    decision_working_days = models.PositiveSmallIntegerField("办理时限（工作日）", default=20)
    renewal_notice_days = models.PositiveSmallIntegerField(
        "延续申请提前天数", default=30, help_text="有效期届满前至少多少日提出延续申请。"
    )
    post_check_days = models.PositiveSmallIntegerField("承诺制发证后核查时限（日）", default=30)
    number_series = models.ForeignKey(
        "core.DocumentSeries", on_delete=models.PROTECT, related_name="+", verbose_name="证号规则"
    )
    categories = models.ManyToManyField(
        "premises.Category", blank=True, verbose_name="适用类别", related_name="permit_types"
    )
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords(m2m_fields=[categories])

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "许可证类型"

    def __str__(self):
        return self.name


class PermitQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Permits valid on ``day`` as they stand now (for today and days ahead)."""
        return self.filter(status=PermitStatus.VALID, issued_on__lte=day, expires_on__gte=day)

    def held_on(self, day):
        """Permits that were in force on ``day``, also a day in the past: issued by then,
        not expired, not yet cancelled and not yet replaced by a newer version."""
        return self.filter(issued_on__lte=day, expires_on__gte=day).exclude(
            Q(status=PermitStatus.CANCELLED, cancelled_on__lte=day)
            | Q(status=PermitStatus.SUPERSEDED, next_version__issued_on__lte=day)
        )

    def expiring_within(self, days, today=None):
        today = today or timezone.localdate()
        return self.valid_on(today).filter(expires_on__lte=today + datetime.timedelta(days=days))


class Permit(models.Model):
    """One version of a permit. Renewal and change make a new version linked to the old;
    cancellation keeps the record with its date and reason. Never edited in place."""

    permit_type = models.ForeignKey(
        PermitType, on_delete=models.PROTECT, related_name="permits", verbose_name="类型"
    )
    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="permits",
        verbose_name="持证单位",
    )
    number = models.CharField("许可证号", max_length=60)
    # The number's place in the office's series: set for every permit numbered here, and
    # for a registered one whose original number is written in the series' pattern.
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    sequence = models.PositiveIntegerField("序号", null=True, blank=True)
    origin = models.CharField(
        "来源", max_length=20, choices=PermitOrigin, default=PermitOrigin.ISSUED
    )
    business_scope = models.CharField("许可项目", max_length=200)
    issued_on = models.DateField("发证日期")
    expires_on = models.DateField("有效期至")
    status = models.CharField(
        "状态", max_length=20, choices=PermitStatus, default=PermitStatus.VALID
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name="上一版本",
    )
    application = models.ForeignKey(
        "licensing.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="申请",
    )
    cancelled_on = models.DateField("注销日期", null=True, blank=True)
    cancel_reason = models.CharField("注销原因", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = PermitQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = verbose_name_plural = "卫生许可证"
        constraints = [
            models.UniqueConstraint(fields=["permit_type", "number"], name="permit_number_unique"),
            # The place in the office's series: numbered here, or registered with a number
            # written in the series' pattern (licensing.services.permits.permit_register).
            models.UniqueConstraint(
                fields=["permit_type", "year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="permit_sequence_unique",
                violation_error_message="该许可证号已被占用。",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="permit_expires_after_issue",
                violation_error_message="有效期至应晚于发证日期。",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PermitStatus.values), name="permit_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.number}（{self.establishment}）"

    def get_absolute_url(self):
        return reverse("licensing:permit_detail", args=[self.pk])


class ApplicationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status__in=[ApplicationStatus.RECEIVED, ApplicationStatus.REVIEWED])

    def overdue(self, today=None):
        return self.pending().filter(due_on__lt=today or timezone.localdate())


class Application(models.Model):
    """An application at the one-stop window: 受理 → 审核 → 决定 → 发证."""

    permit_type = models.ForeignKey(
        PermitType, on_delete=models.PROTECT, related_name="applications", verbose_name="许可类型"
    )
    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="permit_applications",
        verbose_name="申请单位",
    )
    kind = models.CharField("申请事项", max_length=20, choices=ApplicationKind)
    path = models.CharField(
        "办理方式", max_length=20, choices=ApplicationPath, default=ApplicationPath.STANDARD
    )
    status = models.CharField(
        "状态", max_length=20, choices=ApplicationStatus, default=ApplicationStatus.RECEIVED
    )
    receipt_number = models.CharField("受理编号", max_length=60, unique=True)
    received_on = models.DateField("受理日期")
    due_on = models.DateField("办理期限")
    business_scope = models.CharField("申请许可项目", max_length=200, blank=True)
    change_description = models.TextField("变更/注销事项", blank=True)
    previous_permit = models.ForeignKey(
        Permit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name="原许可证",
    )
    review_inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="permit_reviews",
        verbose_name="现场审查",
    )
    review_note = models.TextField("审核意见", blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    refusal_reason = models.TextField("不予许可理由", blank=True)
    post_check_due = models.DateField("承诺制核查期限", null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="受理人"
    )
    history = HistoricalRecords()

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = verbose_name_plural = "许可申请"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ApplicationKind.values), name="application_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values), name="application_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="new") | Q(previous_permit__isnull=False),
                name="application_names_permit_unless_new",
            ),
        ]

    def __str__(self):
        return f"{self.receipt_number} {self.establishment}"

    def get_absolute_url(self):
        return reverse("licensing:application_detail", args=[self.pk])


class Consultation(models.Model):
    """A consultation at the window (咨询), logged and counted."""

    consulted_on = models.DateField("日期")
    topic = models.CharField("咨询事项", max_length=200)
    visitor = models.CharField("咨询人", max_length=50, blank=True)
    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="单位",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="接待人"
    )

    class Meta:
        ordering = ["-consulted_on", "-id"]
        verbose_name = verbose_name_plural = "咨询登记"

    def __str__(self):
        return f"{self.consulted_on} {self.topic}"


def units_without_valid_permit(day=None):
    """Open units that need a permit (their kind says so) and hold no valid one on ``day``."""
    day = day or timezone.localdate()
    valid = Permit.objects.valid_on(day).filter(establishment=OuterRef("pk"))
    return (
        Establishment.objects.open()
        .filter(category__needs_permit=True, opened_on__lte=day)
        .exclude(Exists(valid))
    )
