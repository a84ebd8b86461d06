"""Supervised units (建档/台帐) and their status changes."""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.fields import CreditCodeField, IdNumberField
from core.models import Recorded
from core.validators import mask_id_number
from premises.choices import (
    CODELESS_SUBJECTS,
    HEADED_SUBJECTS,
    OPENED_ON_LABELS,
    PLACE_SUBJECTS,
    REGISTERED_SUBJECTS,
    SUBJECT_CATEGORY_MESSAGES,
    EstablishmentStatus,
    Sex,
    StatusChangeKind,
    SubjectKind,
    category_fits_subject,
)
from premises.models.reference import Category, Township
from premises.models.supervisions import Supervision

phone_validator = RegexValidator(
    r"^[0-9+\-() ]{5,30}$", "电话号码只能包含数字、空格和 + - ( )，长度5–30位。"
)
# 统计用区划代码 of a village or community (村级, 12 digits).
village_code_validator = RegexValidator(r"^\d{12}$", "村（社区）区划代码应为12位数字。")


class EstablishmentQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=EstablishmentStatus.CLOSED)

    def units(self):
        """Registered subjects (单位, 个体工商户): what unit counts and supervision coverage
        count. Communities, villages, families and unregistered persons are not units."""
        return self.filter(subject_kind__in=REGISTERED_SUBJECTS)

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
    """A supervised subject (被监督单位/对象): a registered unit or 个体工商户 (with its credit
    code), a community or village, a family, or an unregistered person (无证行医). Which
    identifying fields each kind needs: ``SubjectKind`` and clean() below."""

    subject_kind = models.CharField(
        "对象类型", max_length=20, choices=SubjectKind, default=SubjectKind.UNIT
    )
    name = models.CharField("单位名称", max_length=100)
    credit_code = CreditCodeField(blank=True)
    # The 户主 of a family; the 负责人 of a community or village (optional there).
    legal_representative = models.CharField("法定代表人（负责人）", max_length=50, blank=True)
    # An unregistered person (自然人): name in ``name``, and these where known.
    id_number = IdNumberField(blank=True)
    sex = models.CharField("性别", max_length=1, choices=Sex, blank=True)
    village_code = models.CharField(
        "村（社区）区划代码",
        max_length=12,
        blank=True,
        validators=[village_code_validator],
        help_text="统计用区划代码（12位），可不填。",
    )
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
                condition=~Q(status="closed") & ~Q(credit_code=""),
                name="establishment_credit_code_unique_open",
                violation_error_message="已有使用该统一社会信用代码的在营单位。",  # CREDIT_CODE_TAKEN
            ),
            models.UniqueConstraint(
                fields=["id_number"],
                condition=Q(subject_kind=SubjectKind.PERSON) & ~Q(id_number=""),
                name="establishment_person_id_number_unique",
                violation_error_message="已有使用该身份证号码的自然人登记。",  # ID_NUMBER_TAKEN
            ),
            models.CheckConstraint(
                condition=Q(subject_kind__in=SubjectKind.values),
                name="establishment_subject_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(subject_kind__in=REGISTERED_SUBJECTS) | ~Q(credit_code=""),
                name="establishment_registered_has_credit_code",
                violation_error_message="单位和个体工商户须填写统一社会信用代码。",
            ),
            models.CheckConstraint(
                condition=~Q(subject_kind__in=CODELESS_SUBJECTS) | Q(credit_code=""),
                name="establishment_codeless_has_no_credit_code",
                violation_error_message="家庭和自然人没有统一社会信用代码。",
            ),
            models.CheckConstraint(
                condition=Q(subject_kind=SubjectKind.PERSON) | (Q(id_number="") & Q(sex="")),
                name="establishment_id_number_only_person",
            ),
            models.CheckConstraint(
                condition=Q(subject_kind__in=PLACE_SUBJECTS) | Q(village_code=""),
                name="establishment_village_code_only_place",
            ),
            models.CheckConstraint(
                condition=~Q(subject_kind__in=HEADED_SUBJECTS) | ~Q(legal_representative=""),
                name="establishment_headed_has_head",
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
    ID_NUMBER_TAKEN = "已有使用该身份证号码的自然人登记。"
    # Conditional constraints Django reports for the whole record, and the field each is about.
    FIELD_OF_MESSAGE = {CREDIT_CODE_TAKEN: "credit_code", ID_NUMBER_TAKEN: "id_number"}

    def validate_constraints(self, exclude=None):
        """The credit code and ID number constraints are conditional, so Django reports
        them for the whole record; each is about one field, and the message says so."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict({})
            general = errors.get(NON_FIELD_ERRORS, [])
            kept = []
            for error in general:
                field = next(
                    (f for m, f in self.FIELD_OF_MESSAGE.items() if m in error.messages), None
                )
                if field:
                    errors.setdefault(field, []).append(error)
                else:
                    kept.append(error)
            if kept:
                errors[NON_FIELD_ERRORS] = kept
            else:
                errors.pop(NON_FIELD_ERRORS, None)
            raise ValidationError(errors) from None

    @property
    def is_registered(self) -> bool:
        """A unit or 个体工商户, with its credit code: may hold a permit, counts as a unit."""
        return self.subject_kind in REGISTERED_SUBJECTS

    @property
    def is_person(self) -> bool:
        return self.subject_kind == SubjectKind.PERSON

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def identifier(self) -> str:
        """What identifies the subject in lists: its credit code, a person's masked ID
        number, a place's village code, or nothing."""
        if self.is_person:
            return self.id_number_masked
        return self.credit_code or self.village_code

    @property
    def domain(self):
        """The main domain: that of the kind the unit is filed under."""
        return self.category.domain

    @property
    def opened_on_label(self) -> str:
        """开业日期, or what the date means for a kind that does not open (OPENED_ON_LABELS)."""
        return OPENED_ON_LABELS.get(self.subject_kind, "开业日期")

    def category_error(self) -> str | None:
        """The message when the subject's kind may not be filed under its category
        (premises.choices.SUBJECT_CATEGORIES), else None. Reads the category (imports pass
        one already loaded)."""
        if not self.category_id or self.subject_kind not in SubjectKind.values:
            return None
        if category_fits_subject(self.subject_kind, self.category.code):
            return None
        return SUBJECT_CATEGORY_MESSAGES[SubjectKind(self.subject_kind)]

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

    def subject_errors(self) -> dict:
        """The identifying fields each subject kind needs; fields it has no use for are
        emptied (a clerk switching kinds in the form leaves them behind). No query: imports
        check their rows with it, and the file's duplicates at once."""
        errors = {}
        kind = self.subject_kind
        if kind not in SubjectKind.values:
            return {"subject_kind": "请选择对象类型。"}
        if kind != SubjectKind.PERSON:
            self.id_number = self.sex = ""
        if kind not in PLACE_SUBJECTS:
            self.village_code = ""
        if kind in CODELESS_SUBJECTS:
            self.credit_code = ""
        if kind in REGISTERED_SUBJECTS and not self.credit_code:
            errors["credit_code"] = "单位和个体工商户须填写统一社会信用代码（18位）。"
        if kind == SubjectKind.FAMILY and not self.legal_representative:
            errors["legal_representative"] = "家庭须填写户主姓名。"
        elif kind in HEADED_SUBJECTS and not self.legal_representative:
            errors["legal_representative"] = "请填写法定代表人（负责人）。"
        return errors

    def _clean_subject(self) -> dict:
        errors = self.subject_errors()
        if self.subject_kind == SubjectKind.PERSON and self.id_number:
            clash = Establishment.objects.filter(
                subject_kind=SubjectKind.PERSON, id_number=self.id_number
            ).exclude(pk=self.pk)
            other = clash.first()
            if other is not None:
                errors["id_number"] = f"该身份证号码已登记为自然人“{other.name}”，请勿重复登记。"
        duplicate = self.duplicate_error()
        if duplicate and "name" not in errors:
            errors["name"] = duplicate
        return errors

    def duplicate_error(self) -> str | None:
        """A family registered twice (same name in the same township), or a person twice
        (same name and address in the same township, where their ID numbers do not tell
        them apart), among the subjects not closed: the message, else None."""
        if self.subject_kind not in CODELESS_SUBJECTS or not self.name or not self.township_id:
            return None
        same = (
            Establishment.objects.open()
            .filter(subject_kind=self.subject_kind, township_id=self.township_id, name=self.name)
            .exclude(pk=self.pk)
        )
        if self.subject_kind == SubjectKind.FAMILY:
            other = same.first()
            if other is not None:
                return (
                    f"{self.township.name}已登记名为“{other.name}”的家庭（户主：{other.legal_representative}），"
                    "请勿重复登记；同名的另一户请在名称中加以区分（如注明住址）。"
                )
            return None
        same = same.filter(address=self.address)
        if self.id_number:
            same = same.filter(id_number="")
        other = same.first()
        if other is not None:
            return (
                f"{self.township.name}已登记住址为“{other.address}”的自然人“{other.name}”，"
                "请勿重复登记。"
            )
        return None

    def clean(self):
        errors = self._clean_subject()
        if errors:
            raise ValidationError(errors)
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
        category_error = self.category_error()
        if category_error:
            raise ValidationError({"category": category_error})
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


class EstablishmentStatusChange(Recorded):
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
