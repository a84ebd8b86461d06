"""Complaints and reports (投诉举报): the register of what the public reports, from its
receipt to its reply and closing.

A complaint is received (登记) with its source, the unit it names (a registered unit, or a
place written out when the unit is not in the registry), its domain and content, and the
complainant's particulars (name, phone, address: personal data, masked unless the user
may see them — ``view_complainant`` — or is the officer handling it; every full view is
logged, core.personal_data). It is assigned (分办) to an officer, accepted (受理) or not,
handled (the inspections it led to: ``inspections``; the penalty cases: penalties'
``CaseComplaint`` links, declared above this app), answered (答复) and closed (办结).

Its time limits are data (``ComplaintTimeLimit``): each complaint keeps the dates it is
running against (``accept_due``, ``close_due``, and ``next_due`` for the lists). A closed
complaint is never edited in place: a correction is a ``ComplaintAmendment`` (reason, who,
when, each field old → new), a complaint registered in error is voided with a reason.

The choices live here rather than in inspections/choices.py: they belong to this record
family alone.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.calendar import WorkingDays
from inspections.models.corrections import AllRecordsManager, Voidable

logger = logging.getLogger(__name__)


class ComplaintSource(models.TextChoices):
    HOTLINE_12345 = "hotline_12345", "12345 热线"
    HOTLINE_12320 = "hotline_12320", "12320 卫生热线"
    PHONE = "phone", "电话"
    LETTER = "letter", "信件"
    VISIT = "visit", "来访"
    ONLINE = "online", "网络"
    PETITION = "petition", "信访（网上信访、交办）"
    REFERRED = "referred", "上级交办、部门转办"
    OTHER = "other", "其他"


class ComplaintStatus(models.TextChoices):
    REGISTERED = "registered", "待分办"
    ASSIGNED = "assigned", "已分办"
    ACCEPTED = "accepted", "办理中"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结"


OPEN_STATUSES = (
    ComplaintStatus.REGISTERED,
    ComplaintStatus.ASSIGNED,
    ComplaintStatus.ACCEPTED,
    ComplaintStatus.REPLIED,
)


class ReplyMethod(models.TextChoices):
    PHONE = "phone", "电话"
    LETTER = "letter", "书面（信函）"
    SMS = "sms", "短信"
    IN_PERSON = "in_person", "当面"
    PLATFORM = "platform", "热线、信访平台回复"
    OTHER = "other", "其他"


class ComplaintOutcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", "属实，已依法处理"
    PARTLY = "partly", "部分属实，已依法处理"
    NOT_SUBSTANTIATED = "not_substantiated", "不属实"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    TRANSFERRED = "transferred", "不属本机关职责，已转送（告知）有权处理的机关"
    WITHDRAWN = "withdrawn", "投诉人撤回"


# Outcomes of a complaint the office never took up: no acceptance is needed to close it.
WITHOUT_ACCEPTANCE = (
    ComplaintOutcome.NOT_ACCEPTED,
    ComplaintOutcome.TRANSFERRED,
    ComplaintOutcome.WITHDRAWN,
)


class ComplaintLimitCode(models.TextChoices):
    ACCEPT = "accept", "决定是否受理并告知"
    CLOSE = "close", "办结（自受理之日起）"
    EXTEND = "extend", "延长办理期限（最长）"


# The shipped defaults (migration 0013 loads the same rows): days, working days, warn days,
# basis, verified. 信访工作条例 (中共中央、国务院 2022) art. 32/33 as the brief cites them; the
# article text was not checked against the published text here: marked unverified.
LEGAL_DEFAULTS = {
    ComplaintLimitCode.ACCEPT: (
        15,
        False,
        5,
        "《信访工作条例》（2022）第三十二条：收到之日起15日内决定是否受理并告知（UNVERIFIED：条文未与公布文本核对）",
        False,
    ),
    ComplaintLimitCode.CLOSE: (
        60,
        False,
        10,
        "《信访工作条例》（2022）第三十三条：自受理之日起60日内办结（UNVERIFIED：条文未与公布文本核对）",
        False,
    ),
    ComplaintLimitCode.EXTEND: (
        30,
        False,
        0,
        "《信访工作条例》（2022）第三十三条：情况复杂的，经负责人批准可延长，延长不超过30日（UNVERIFIED）",
        False,
    ),
}


class ComplaintTimeLimit(models.Model):
    """A time limit of complaint handling, kept by the administrator. A row for one source
    (e.g. 12345 热线, whose local rules are often shorter) overrides the row for every
    source (``source`` empty). A limit in calendar days whose last day is not a working day
    ends on the next working day (民法典第二百零三条); one in working days skips weekends
    and holidays and counts 调休 (core.calendar)."""

    code = models.CharField("期限事项", max_length=20, choices=ComplaintLimitCode)
    source = models.CharField(
        "适用来源",
        max_length=20,
        choices=ComplaintSource,
        blank=True,
        help_text="留空：适用于所有来源；选定来源的规则优先。",
    )
    days = models.PositiveSmallIntegerField("天数")
    working_days = models.BooleanField("按工作日计算", default=False)
    warn_days = models.PositiveSmallIntegerField(
        "提前提醒（日）", default=5, help_text="期限届满前多少日列入临期提醒。"
    )
    basis = models.CharField("依据", max_length=300)
    source_verified = models.BooleanField(
        "依据已核实", default=False, help_text="未勾选：天数或条文未与公布文本核对，请核实后勾选。"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "source"]
        verbose_name = verbose_name_plural = "投诉举报办理时限"
        constraints = [
            models.UniqueConstraint(
                fields=["code", "source"],
                name="complaint_limit_once_per_source",
                violation_error_message="同一期限事项、同一来源只能有一条规则。",
            ),
            models.CheckConstraint(
                condition=Q(days__gte=1) | Q(code="extend"),
                name="complaint_limit_days_positive",
                violation_error_message="天数至少为 1。",
            ),
        ]

    def __str__(self):
        unit = "个工作日" if self.working_days else "日"
        scope = self.get_source_display() if self.source else "所有来源"
        return f"{self.get_code_display()}（{scope}）：{self.days}{unit}"

    def due_from(self, start: datetime.date, calendar: WorkingDays | None = None) -> datetime.date:
        calendar = calendar or WorkingDays()
        calendar.load(start, start + datetime.timedelta(days=self.days * 2 + 30))
        if self.working_days:
            return calendar.add(start, self.days)
        due = start + datetime.timedelta(days=self.days)
        while not calendar.is_working(due):  # the period ends on the next working day
            due += datetime.timedelta(days=1)
        return due

    @classmethod
    def legal_default(cls, code: str) -> "ComplaintTimeLimit":
        days, working, warn, basis, verified = LEGAL_DEFAULTS[ComplaintLimitCode(code)]
        return cls(
            code=code,
            days=days,
            working_days=working,
            warn_days=warn,
            basis=basis,
            source_verified=verified,
        )

    @classmethod
    def current(cls, code: str, source: str = "") -> "ComplaintTimeLimit":
        """The row for ``source``, else the row for every source, else the shipped default
        (logged): a complaint is never refused for want of a limit."""
        rows = {row.source: row for row in cls.objects.filter(code=code, source__in={source, ""})}
        limit = rows.get(source) or rows.get("")
        if limit is None:
            logger.warning("Complaint time limit '%s' is missing: using the default.", str(code))
            limit = cls.legal_default(code)
        return limit


class ComplaintQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, on: datetime.date | None = None):
        return self.open().filter(next_due__lt=on or timezone.localdate())

    def due_within(self, days: int, on: datetime.date | None = None):
        """Open complaints whose next limit falls from ``on`` to ``days`` days after it."""
        today = on or timezone.localdate()
        return self.open().filter(
            next_due__gte=today, next_due__lte=today + datetime.timedelta(days=days)
        )

    def handled_by(self, user):
        return self.filter(assigned_to=user)


class CurrentComplaintManager(models.Manager.from_queryset(ComplaintQuerySet)):
    """Complaints not voided (lists, panels, figures); ``Complaint.all_objects``: all."""

    def get_queryset(self):
        return super().get_queryset().filter(voided_at__isnull=True)


COMPLAINT_DUE_SOON_DAYS = 5  # 临期: the next limit within this many days


class Complaint(Voidable):
    number = models.CharField("登记编号", max_length=60, unique=True, editable=False)
    year = models.PositiveIntegerField("年度", editable=False)
    sequence = models.PositiveIntegerField("序号", editable=False)
    received_at = models.DateTimeField("收到时间")
    source = models.CharField("来源", max_length=20, choices=ComplaintSource)
    source_reference = models.CharField(
        "来源编号", max_length=60, blank=True, help_text="如 12345 工单号、信访件编号。"
    )
    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name="被投诉单位",
    )
    place_name = models.CharField(
        "被投诉对象（未建档）",
        max_length=200,
        blank=True,
        help_text="被投诉单位未在台帐中时，填写名称或描述（如“某某路无名诊所”）。",
    )
    place_address = models.CharField("地址", max_length=200, blank=True)
    domain = models.ForeignKey(
        "premises.Domain", on_delete=models.PROTECT, related_name="+", verbose_name="监督专业"
    )
    content = models.TextField("投诉举报内容")
    anonymous = models.BooleanField("匿名", default=False)
    complainant_name = models.CharField("投诉人姓名", max_length=50, blank=True)
    complainant_phone = models.CharField("联系电话", max_length=30, blank=True)
    complainant_address = models.CharField("联系地址", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=ComplaintStatus, default=ComplaintStatus.REGISTERED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
        editable=False,
    )
    registered_at = models.DateTimeField("登记时间", auto_now_add=True)
    # 分办
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_assigned",
        verbose_name="承办人",
    )
    assigned_at = models.DateTimeField("分办时间", null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="分办人",
    )
    # 受理
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="受理人",
    )
    # Time limits, fixed when the step that starts them is recorded.
    accept_due = models.DateField("受理告知期限")
    close_due = models.DateField("办结期限", null=True, blank=True)
    next_due = models.DateField("当前期限", null=True, blank=True, db_index=True)
    extended_days = models.PositiveSmallIntegerField("延长天数", default=0)
    extension_reason = models.CharField("延长理由", max_length=200, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批准延长人",
    )
    # 答复
    replied_on = models.DateField("答复日期", null=True, blank=True)
    reply_method = models.CharField("答复方式", max_length=12, choices=ReplyMethod, blank=True)
    reply_content = models.TextField("答复内容", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="答复人",
    )
    # 办结
    closed_on = models.DateField("办结日期", null=True, blank=True)
    outcome = models.CharField("办理结果", max_length=20, choices=ComplaintOutcome, blank=True)
    close_note = models.TextField("办结情况", blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="办结人",
    )
    inspections = models.ManyToManyField(
        "inspections.Inspection",
        blank=True,
        related_name="complaints",
        verbose_name="相关监督检查",
    )
    history = HistoricalRecords(m2m_fields=[inspections])

    objects = CurrentComplaintManager()
    all_objects = AllRecordsManager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = verbose_name_plural = "投诉举报"
        permissions = [
            ("assign_complaint", "可分办投诉举报、批准延期、作废"),
            ("handle_complaint", "可办理投诉举报（受理、关联检查、答复、办结）"),
            ("view_complainant", "可查看投诉人完整信息"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="complaint_number_once_a_year"
            ),
            models.CheckConstraint(
                condition=Q(establishment__isnull=False) | ~Q(place_name=""),
                name="complaint_names_a_unit_or_place",
                violation_error_message="请选择被投诉单位，或填写未建档的被投诉对象。",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False)
                | Q(complainant_name="", complainant_phone="", complainant_address=""),
                name="complaint_anonymous_without_particulars",
                violation_error_message="匿名投诉不登记投诉人信息。",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_on__isnull=False) & ~Q(outcome="")),
                name="complaint_closed_has_outcome",
                violation_error_message="办结须有办结日期和办理结果。",
            ),
            models.CheckConstraint(
                condition=Q(replied_on__isnull=True) | ~Q(reply_content=""),
                name="complaint_reply_has_content",
                violation_error_message="答复须有答复内容。",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_due"], name="complaint_open_due")]

    def __str__(self):
        return f"{self.number} {self.target_name}"

    def get_absolute_url(self):
        return reverse("inspections:complaint_detail", args=[self.pk])

    @property
    def target_name(self) -> str:
        return self.establishment.name if self.establishment_id else self.place_name

    @property
    def is_closed(self) -> bool:
        return self.status == ComplaintStatus.CLOSED

    @property
    def has_contact(self) -> bool:
        return bool(self.complainant_phone or self.complainant_address)

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return bool(
            self.next_due and not self.is_closed and self.next_due < (on or timezone.localdate())
        )

    def clean(self):
        errors = {}
        if not self.establishment_id and not self.place_name.strip():
            errors["place_name"] = "请选择被投诉单位，或填写未建档的被投诉对象。"
        if self.anonymous and (
            self.complainant_name or self.complainant_phone or self.complainant_address
        ):
            errors["anonymous"] = "匿名投诉不登记投诉人信息。"
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------- personal data

# What a user without ``view_complainant`` (and not handling the complaint) sees.


def mask_name(value: str) -> str:
    """张** : the family name stays."""
    if not value:
        return ""
    return value[0] + "*" * max(len(value) - 1, 1)


def mask_phone(value: str) -> str:
    """138****5678: the first three and last four digits stay."""
    if not value:
        return ""
    if len(value) <= 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_address(value: str) -> str:
    """The first six characters (county, township), the rest hidden."""
    if not value:
        return ""
    return value[:6] + "****" if len(value) > 6 else value[:2] + "****"


COMPLAINANT_MASKS = {
    "complainant_name": mask_name,
    "complainant_phone": mask_phone,
    "complainant_address": mask_address,
}


class ComplaintAmendment(models.Model):
    """A recorded correction of a complaint: ``changes`` is {field: [old, new]}, each value
    as the page shows it (the complainant's particulars masked)."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="amendments", verbose_name="投诉举报"
    )
    reason = models.CharField("更正原因", max_length=200)
    changes = models.JSONField("更正内容")
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="更正人"
    )
    amended_at = models.DateTimeField("更正时间", auto_now_add=True)

    class Meta:
        ordering = ["amended_at", "id"]
        verbose_name = verbose_name_plural = "投诉举报更正"

    def __str__(self):
        return f"{self.complaint.number} 更正：{self.reason}"
