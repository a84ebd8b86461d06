"""Applications at the permit window (收件 → 受理 → 审核 → 决定 → 发证), the numbered
documents the window issues on them, and consultations."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from licensing.choices import (
    OPEN_STATUSES,
    PENDING_STATUSES,
    ApplicationKind,
    ApplicationPath,
    ApplicationStatus,
    LicensingDocumentKind,
    PermitStatus,
    PostCheckResult,
)
from licensing.models.permits import Permit, PermitType

# 即将到期: the post-issue checks list, the window's home and the site home.
POST_CHECK_SOON_DAYS = 7


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        """Not finished yet: 待补正, 已受理, 已审核, or approved and awaiting its permit."""
        return self.filter(status__in=OPEN_STATUSES)

    def pending(self):
        """Awaiting a decision."""
        return self.filter(status__in=PENDING_STATUSES)

    def overdue(self, today=None):
        return self.pending().filter(due_on__lt=today or timezone.localdate())

    def post_checks_open(self):
        """Commitment-path permits whose post-issue check (发证后核查) is not yet done, and
        still to do: not for a permit cancelled or revoked meanwhile."""
        ended = Permit.objects.filter(
            application=OuterRef("pk"),
            status__in=[PermitStatus.CANCELLED, PermitStatus.REVOKED],
        )
        return self.filter(
            path=ApplicationPath.COMMITMENT,
            status=ApplicationStatus.ISSUED,
            post_check_due__isnull=False,
            post_check_done_on__isnull=True,
        ).exclude(Exists(ended))

    def post_checks_due(self, today=None, within_days=POST_CHECK_SOON_DAYS):
        """Post-issue checks falling due within ``within_days`` days (not yet overdue)."""
        today = today or timezone.localdate()
        return self.post_checks_open().filter(
            post_check_due__gte=today,
            post_check_due__lte=today + datetime.timedelta(days=within_days),
        )

    def post_checks_overdue(self, today=None):
        return self.post_checks_open().filter(post_check_due__lt=today or timezone.localdate())


class Application(models.Model):
    """An application at the one-stop window: 受理 (or 补正, 不予受理) → 审核 → 决定 → 发证;
    it can be withdrawn (撤回) until decided."""

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
    submitted_on = models.DateField("收到申请日期")
    received_on = models.DateField(
        "受理日期", help_text="材料需补正的，为收到申请之日；补正后受理的，为受理之日。"
    )
    due_on = models.DateField("办理期限")
    business_scope = models.CharField("申请许可项目", max_length=200, blank=True)
    change_description = models.TextField("变更/注销事项", blank=True)
    # A change names the new particulars; issuing the changed permit applies them to the unit.
    new_name = models.CharField("变更后单位名称", max_length=100, blank=True)
    new_legal_representative = models.CharField("变更后法定代表人", max_length=50, blank=True)
    new_address = models.CharField("变更后地址", max_length=200, blank=True)
    previous_permit = models.ForeignKey(
        Permit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name="原许可证",
    )
    # 补正 and 不予受理
    correction_items = models.TextField("需补正材料", blank=True)
    not_accepted_reason = models.TextField("不予受理理由", blank=True)
    competent_organ = models.CharField(
        "有权机关",
        max_length=100,
        blank=True,
        help_text="不属本机关职权范围的，告知申请人向有关机关申请。",
    )
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdraw_reason = models.CharField("撤回原因", max_length=200, blank=True)
    # 审核
    review_inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="permit_reviews",
        verbose_name="现场审查",
    )
    review_note = models.TextField("审核意见", blank=True)
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    # 决定
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="决定人",
    )
    refusal_reason = models.TextField("不予许可理由", blank=True)
    # 告知承诺制: the post-issue check
    post_check_due = models.DateField("承诺制核查期限", null=True, blank=True)
    post_check_done_on = models.DateField("核查日期", null=True, blank=True)
    post_check_result = models.CharField(
        "核查结论", max_length=20, choices=PostCheckResult, blank=True
    )
    post_check_inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="permit_post_checks",
        verbose_name="核查检查记录",
    )
    post_check_note = models.TextField("核查情况", blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="受理人"
    )
    history = HistoricalRecords()

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = verbose_name_plural = "许可申请"
        permissions = [
            ("decide_application", "作出许可决定（负责人）"),
            ("review_application", "审核许可申请"),
            ("check_application", "承诺制发证后核查"),
        ]
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
            # One open application per unit and type: the same application received twice
            # (the Back button, two clerks) is refused by the database.
            # The condition as ORed equalities, not IN: PostgreSQL prints an IN over
            # varchar differently after a dump and restore (tests/core/test_backup.py).
            models.UniqueConstraint(
                fields=["establishment", "permit_type"],
                condition=Q(*[("status", s.value) for s in OPEN_STATUSES], _connector=Q.OR),
                name="application_one_open_per_unit_and_type",
                violation_error_message="该单位已有一份同类许可申请正在办理。",
            ),
        ]

    def __str__(self):
        return f"{self.receipt_number} {self.establishment}"

    def save(self, *args, **kwargs):
        if self.submitted_on is None:
            self.submitted_on = self.received_on
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("licensing:application_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class LicensingDocument(models.Model):
    """A numbered document the window issued (受理通知书, 补正材料通知书, 决定书 ...).
    Numbered in its kind's series (core.DocumentSeries ``licensing-<kind>``) in the
    transaction of the step that issues it; never edited."""

    kind = models.CharField("文书", max_length=20, choices=LicensingDocumentKind)
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="申请",
    )
    permit = models.ForeignKey(
        Permit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="许可证",
    )
    number = models.CharField("文号", max_length=60)
    year = models.PositiveIntegerField("年度")
    sequence = models.PositiveIntegerField("序号")
    issued_on = models.DateField("日期")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "id"]
        verbose_name = verbose_name_plural = "许可文书"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "sequence"], name="licensing_document_number_unique"
            ),
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=Q(application__isnull=False),
                name="licensing_document_once_per_application",
            ),
            models.CheckConstraint(
                condition=Q(application__isnull=False) | Q(permit__isnull=False),
                name="licensing_document_has_subject",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self):
        return reverse("licensing:document_pdf", args=[self.pk])


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
