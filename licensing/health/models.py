"""Practitioners' health certificates (健康证明) and hygiene training (卫生培训).

A certificate belongs to one employment (a Practitioner row). A practitioner holds a valid
certificate on a day when one of theirs passed (合格) and exam_date ≤ day ≤ expires_on,
both ends included. The validity term is data (HealthRule), not a literal.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from licensing.health.choices import CertificateSource, HealthResult
from premises.models import Practitioner


class HealthRule(models.Model):
    """The rules of health certificates, editable by the administrator. One row is used:
    the one with code "default" (loaded by migration 0004)."""

    code = models.SlugField("代码", max_length=40, unique=True, default="default")
    name = models.CharField("名称", max_length=50, default="健康证明有效期")
    validity_months = models.PositiveSmallIntegerField(
        "有效期（月）",
        default=12,
        help_text="体检日期起算；有效期至 = 体检日期加上该月数的同一日（无该日时取该月最后一日）。",
    )
    expiring_notice_days = models.PositiveSmallIntegerField(
        "即将到期提醒天数", default=30, help_text="有效期届满前多少日列为“即将到期”。"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "健康证明规则"
        constraints = [
            models.CheckConstraint(
                condition=Q(validity_months__gte=1), name="healthrule_validity_positive"
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.validity_months}个月）"

    @classmethod
    def current(cls) -> "HealthRule":
        """The rule in force; an unsaved default if the row was removed."""
        return cls.objects.filter(code="default").first() or cls()


class HealthCertificateQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(result=HealthResult.PASSED, exam_date__lte=day, expires_on__gte=day)

    def expired_on(self, day: datetime.date):
        """Certificates that passed but whose term ended before ``day``."""
        return self.filter(result=HealthResult.PASSED, expires_on__lt=day)

    def expiring_within(self, days: int, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.valid_on(today).filter(expires_on__lte=today + datetime.timedelta(days=days))


def practitioners_without_valid_certificate(day: datetime.date | None = None, queryset=None):
    """Practitioners employed on ``day`` at a unit that is not closed, serving customers,
    holding no valid certificate that day. One query (a NOT EXISTS subquery)."""
    day = day or timezone.localdate()
    queryset = Practitioner.objects.all() if queryset is None else queryset
    valid = HealthCertificate.objects.valid_on(day).filter(practitioner=OuterRef("pk"))
    return (
        queryset.employed_on(day)
        .must_hold_certificate()
        .exclude(establishment__status="closed")
        .filter(~Exists(valid))
    )


class HealthCertificate(models.Model):
    """One health examination of a practitioner and the certificate it gave (健康证明)."""

    practitioner = models.ForeignKey(
        "premises.Practitioner",
        on_delete=models.PROTECT,
        related_name="health_certificates",
        verbose_name="从业人员",
    )
    exam_date = models.DateField("体检日期")
    institution = models.CharField("体检机构", max_length=100)
    number = models.CharField("证明编号", max_length=60, blank=True)
    result = models.CharField("体检结论", max_length=10, choices=HealthResult)
    expires_on = models.DateField("有效期至")
    source = models.CharField(
        "来源", max_length=10, choices=CertificateSource, default=CertificateSource.MANUAL
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = HealthCertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-exam_date", "-id"]
        verbose_name = verbose_name_plural = "健康证明"
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "exam_date"],
                name="healthcertificate_one_exam_a_day",
                violation_error_message="该人员同一体检日期的健康证明已登记。",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("exam_date")),
                name="healthcertificate_expires_after_exam",
                violation_error_message="有效期至不能早于体检日期。",
            ),
            models.CheckConstraint(
                condition=Q(result__in=HealthResult.values), name="healthcertificate_result_valid"
            ),
        ]
        indexes = [models.Index(fields=["practitioner", "expires_on"])]

    def __str__(self):
        return f"{self.practitioner.name} {self.exam_date:%Y-%m-%d} {self.get_result_display()}"

    def get_absolute_url(self):
        return reverse("licensing:certificate_detail", args=[self.pk])

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.result == HealthResult.PASSED and self.exam_date <= day <= self.expires_on

    def state_on(self, day: datetime.date, notice_days: int) -> str:
        if self.result != HealthResult.PASSED:
            return "不合格"
        if day < self.exam_date:
            return "未生效"
        if day > self.expires_on:
            return "已过期"
        if self.expires_on <= day + datetime.timedelta(days=notice_days):
            return "即将到期"
        return "有效"


class TrainingSessionQuerySet(models.QuerySet):
    def with_attendee_count(self):
        return self.annotate(attendee_count=models.Count("attendances"))


class TrainingSession(models.Model):
    """A hygiene training session (卫生培训) and who attended it."""

    date = models.DateField("培训日期")
    place = models.CharField("培训地点", max_length=100)
    topic = models.CharField("培训内容", max_length=200)
    organiser = models.CharField("组织单位", max_length=100)
    notes = models.TextField("备注", blank=True)
    attendees = models.ManyToManyField(
        "premises.Practitioner",
        through="TrainingAttendance",
        related_name="training_sessions",
        verbose_name="参训人员",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = verbose_name_plural = "卫生培训"

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.topic}"

    def get_absolute_url(self):
        return reverse("licensing:training_detail", args=[self.pk])


class TrainingAttendance(models.Model):
    """One practitioner's attendance at a session."""

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name="培训",
    )
    practitioner = models.ForeignKey(
        "premises.Practitioner",
        on_delete=models.PROTECT,
        related_name="training_attendances",
        verbose_name="从业人员",
    )
    source = models.CharField(
        "来源", max_length=10, choices=CertificateSource, default=CertificateSource.MANUAL
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "practitioner__name", "id"]
        verbose_name = verbose_name_plural = "培训签到"
        indexes = [
            models.Index(fields=["practitioner", "session"], name="trainingattendance_person")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "practitioner"],
                name="trainingattendance_once",
                violation_error_message="该人员已登记参加本次培训。",
            )
        ]

    def __str__(self):
        return f"{self.practitioner.name} @ {self.session}"
