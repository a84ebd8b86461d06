"""Supervised units (建档/台帐) and their status changes."""

import datetime

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.fields import CreditCodeField
from premises.choices import EstablishmentStatus, StatusChangeKind
from premises.models.reference import Category, Township
from premises.models.supervisions import Supervision

phone_validator = RegexValidator(
    r"^[0-9+\-() ]{5,30}$", "电话号码只能包含数字、空格和 + - ( )，长度5–30位。"
)


class EstablishmentQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=EstablishmentStatus.CLOSED)

    def in_scope(self, year: int):
        """Units operating at some time during the year: the base of every yearly figure."""
        return self.in_period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def in_period(self, start: datetime.date, end: datetime.date):
        """Units operating at some time between ``start`` and ``end`` (inclusive).

        A unit counts when its last status change before ``start`` left it operating, or
        when it opened or resumed during the period. Units suspended the whole period,
        closed before it or opened after it do not count. Read from the operating changes'
        ``until`` (the date of the change after them): one range scan, no probe per unit.
        """
        operating = EstablishmentStatusChange.objects.operating_between(start, end)
        return self.filter(pk__in=operating.values("establishment"))

    @staticmethod
    def domain_condition(domain, start=None, end=None, *, prefix: str = "") -> Q:
        """Units (reached by ``prefix``, e.g. "establishment__") supervised under ``domain``:
        filed under a kind of it, or supervised under it as a further domain at some time
        between ``start`` and ``end`` (today where not given)."""
        start = start or timezone.localdate()
        further = Supervision.objects.filter(
            establishment=OuterRef(f"{prefix}pk"), domain=domain
        ).active_between(start, end or start)
        return Q(**{f"{prefix}category__domain": domain}) | Q(Exists(further))

    @staticmethod
    def kind_condition(kinds, day: datetime.date | None = None) -> Q:
        """Units of one of ``kinds`` (a class stands for its kinds): their main kind, or
        their kind in a further domain supervised on ``day`` (today)."""
        kinds = list(kinds)
        day = day or timezone.localdate()
        further = (
            Supervision.objects.filter(establishment=OuterRef("pk"))
            .filter(Q(category__in=kinds) | Q(category__parent__in=kinds))
            .active_on(day)
        )
        return Q(category__in=kinds) | Q(category__parent__in=kinds) | Q(Exists(further))

    def with_domains(self):
        """Each unit's further domains supervised today, as ``current_supervisions``."""
        current = Supervision.objects.active_on(timezone.localdate()).select_related("domain")
        return self.prefetch_related(
            Prefetch("supervisions", queryset=current, to_attr="current_supervisions")
        )

    def with_practitioner_count(self):
        today = timezone.localdate()
        return self.annotate(
            practitioner_count=Count(
                "practitioners",
                filter=Q(practitioners__hired_on__lte=today)
                & (Q(practitioners__left_on__isnull=True) | Q(practitioners__left_on__gt=today)),
            )
        )


class Establishment(models.Model):
    """A supervised unit (被监督单位)."""

    name = models.CharField("单位名称", max_length=100)
    credit_code = CreditCodeField()
    legal_representative = models.CharField("法定代表人（负责人）", max_length=50)
    address = models.CharField("地址", max_length=200)
    township = models.ForeignKey(
        Township,
        on_delete=models.PROTECT,
        related_name="establishments",
        verbose_name="乡镇（街道）",
    )
    phone = models.CharField("联系电话", max_length=30, blank=True, validators=[phone_validator])
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="establishments",
        verbose_name="单位类别",
        limit_choices_to={"parent__isnull": False},
    )
    status = models.CharField(
        "状态", max_length=20, choices=EstablishmentStatus, default=EstablishmentStatus.OPERATING
    )
    opened_on = models.DateField("开业日期")
    closed_on = models.DateField("关闭日期", null=True, blank=True)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("建档时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = verbose_name_plural = "被监督单位"
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(status="closed"),
                name="establishment_credit_code_unique_open",
                violation_error_message="已有使用该统一社会信用代码的在营单位。",  # CREDIT_CODE_TAKEN
            ),
            models.CheckConstraint(
                condition=Q(status__in=EstablishmentStatus.values),
                name="establishment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="establishment_closed_after_opened",
                violation_error_message="关闭日期不能早于开业日期。",
            ),
        ]
        indexes = [models.Index(fields=["credit_code"]), models.Index(fields=["status"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("premises:establishment_detail", args=[self.pk])

    CREDIT_CODE_TAKEN = "已有使用该统一社会信用代码的在营单位。"

    def validate_constraints(self, exclude=None):
        """The credit code constraint is conditional, so Django reports it for the whole
        record; it is about one field, and the message says so."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict({})
            general = errors.get(NON_FIELD_ERRORS, [])
            taken = [e for e in general if self.CREDIT_CODE_TAKEN in e.messages]
            if taken:
                errors[NON_FIELD_ERRORS] = [e for e in general if e not in taken]
                if not errors[NON_FIELD_ERRORS]:
                    del errors[NON_FIELD_ERRORS]
                errors.setdefault("credit_code", []).extend(taken)
            raise ValidationError(errors) from None

    @property
    def domain(self):
        """The main domain: that of the kind the unit is filed under."""
        return self.category.domain

    def kinds_on(self, day: datetime.date | None = None) -> list[Category]:
        """The unit's kind in each domain it is supervised under on ``day`` (today): its
        main kind first, then its further domains' kinds (premises.Supervision)."""
        day = day or timezone.localdate()
        further = [
            s.category for s in self.supervisions.active_on(day).select_related("category__domain")
        ]
        return [self.category, *further] if self.category_id else further

    def kind_in(self, domain, day: datetime.date | None = None) -> Category | None:
        """The unit's kind in ``domain`` on ``day`` (today), or None where it is not
        supervised under it."""
        return next((k for k in self.kinds_on(day) if k.domain_id == domain.pk), None)

    def clean(self):
        if self.credit_code and self.status != EstablishmentStatus.CLOSED:
            clash = Establishment.objects.open().filter(credit_code=self.credit_code)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            other = clash.first()
            if other is not None:
                raise ValidationError(
                    {"credit_code": f"统一社会信用代码已被在营单位“{other.name}”使用。"}
                )
        if self.category_id and self.category.parent_id is None:
            raise ValidationError({"category": "请选择具体类别（小类），而不是大类。"})
        if self.category_id and self.pk:
            further = self.supervisions.filter(domain_id=self.category.domain_id).first()
            if further is not None:
                raise ValidationError(
                    {
                        "category": f"本单位已在“其他监督专业”中登记为{further.category.name}"
                        f"（{further.category.domain.name}），不能再作为主类别；"
                        "请先终止或删除该登记。"
                    }
                )
        if self.opened_on and self.opened_on > timezone.localdate():
            raise ValidationError({"opened_on": "开业日期不能晚于今天。"})


OPERATING_CHANGES = (StatusChangeKind.OPENED, StatusChangeKind.RESUMED)


class StatusChangeQuerySet(models.QuerySet):
    def operating_between(self, start: datetime.date, end: datetime.date):
        """Openings and resumptions whose operating time meets [start, end]: dated by
        ``end`` and not followed by another change before ``start``."""
        return self.filter(kind__in=OPERATING_CHANGES, date__lte=end).filter(
            Q(until__isnull=True) | Q(until__gte=start)
        )

    def link(self):
        """Set each change's ``until`` to the date of the unit's next change (by date, then
        by the order recorded), or empty for its last. The database does it on every write
        (trigger, migration 0006); this is for data loaded with triggers off."""
        later = (
            EstablishmentStatusChange.objects.filter(establishment=OuterRef("establishment"))
            .filter(Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk")))
            .order_by("date", "pk")
            .values("date")[:1]
        )
        return self.update(until=Subquery(later))


class EstablishmentStatusChange(models.Model):
    """A dated change of a unit's status (opened, suspended, resumed, closed)."""

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name="单位",
    )
    kind = models.CharField("变更", max_length=20, choices=StatusChangeKind)
    date = models.DateField("日期")
    reason = models.CharField("原因", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    until = models.DateField(
        "至", null=True, blank=True, editable=False, help_text="本单位下一次状态变更的日期。"
    )
    history = HistoricalRecords(excluded_fields=["until"])

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = verbose_name_plural = "单位状态变更"
        # A unit's changes in order: its next change (linking ``until``) is one probe.
        indexes = [
            models.Index(fields=["establishment", "date", "id"], name="statuschange_unit_date")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=StatusChangeKind.values), name="status_change_kind_valid"
            )
        ]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"
