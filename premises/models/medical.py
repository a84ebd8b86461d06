"""The medical register of a 医疗机构 (医疗卫生监督档案): what the medical inspector checks
against the unit's 《医疗机构执业许可证》 and its staff.

- ``ClinicalSubject``: the catalogue of 诊疗科目 (《医疗机构诊疗科目名录》), data the
  administrator keeps;
- ``PracticeScope``: the catalogue of 执业类别 / 执业范围 of medical staff, each with the 诊疗科目
  it qualifies for (data: the fit check reads it);
- ``MedicalLicence``: the particulars of the 执业许可证 as the health commission's register
  holds them (登记号, 诊疗科目, 核定床位, 有效期, 校验). One current licence per unit; a change
  is a new record superseding the old one, with its reason (never edited in place);
- ``MedicalStaff``: a practitioner of the unit (premises.Practitioner: the one record of a
  person) practising as a 医师 / 护士 / 医技 / 乡村医生, with the 执业证书 and 执业范围.

A unit is a medical unit by its main kind or by a further domain (premises.Supervision).
The infection-control particulars are in premises/models/medical_infection.py.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.dates import add_years
from core.models import Recorded

MEDICAL = "medical"  # the domain's code

# 校验期 of the 执业许可证 (《医疗机构管理条例实施细则》第三十五条: 床位在100张以上的综合医院、
# 中医医院、中西医结合医院、民族医医院以及专科医院、疗养院、康复医院、妇幼保健院、急救中心、
# 临床检验中心和专科疾病防治机构 3 年; 其他医疗机构 1 年) — UNVERIFIED against the text; the
# clerk may enter the date the register gives instead.
VERIFICATION_BEDS = 100
VERIFICATION_YEARS_LARGE = 3
VERIFICATION_YEARS_SMALL = 1
DUE_SOON_DAYS = 30


def verification_years(beds: int | None) -> int:
    return (
        VERIFICATION_YEARS_LARGE if (beds or 0) >= VERIFICATION_BEDS else VERIFICATION_YEARS_SMALL
    )


def _not_future(value, field, errors, label):
    if value and value > timezone.localdate():
        errors[field] = f"{label}不能晚于今天。"


class ClinicalSubject(models.Model):
    """A 诊疗科目 of the 《医疗机构诊疗科目名录》 (a top-level 科目, or a 专业 under it)."""

    code = models.CharField("代码", max_length=10, unique=True)
    name = models.CharField("名称", max_length=50)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="所属科目",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    source = models.CharField("依据", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = verbose_name_plural = "诊疗科目"

    def __str__(self):
        return self.name

    @property
    def top(self) -> "ClinicalSubject":
        return self.parent if self.parent_id else self


def top_ids(subjects) -> set[int]:
    """The top-level 科目 of ``subjects`` (a 专业 stands for its 科目)."""
    return {s.parent_id or s.pk for s in subjects}


def scope_tops(scope) -> set[int]:
    return top_ids(scope.subjects.all())


class PracticeType(models.TextChoices):
    """执业类别 of the staff (医师: 《医师执业注册管理办法》第七条; 护士, 医技, 乡村医生)."""

    CLINICAL = "clinical", "临床类别医师"
    TCM = "tcm", "中医类别医师"
    DENTAL = "dental", "口腔类别医师"
    PUBLIC_HEALTH = "public_health", "公共卫生类别医师"
    VILLAGE = "village", "乡村医生"
    NURSE = "nurse", "护士"
    TECHNICIAN = "technician", "医技人员"
    NONE = "none", "无执业资格（非卫生技术人员）"


class PracticeScope(models.Model):
    """A 执业范围 of a 执业类别, and the 诊疗科目 it qualifies for. ``fits_any`` scopes (护理)
    fit every subject of the unit and qualify none on their own."""

    code = models.SlugField("代码", max_length=40, unique=True)
    practice_type = models.CharField("执业类别", max_length=20, choices=PracticeType)
    name = models.CharField("执业范围", max_length=60)
    subjects = models.ManyToManyField(
        ClinicalSubject, blank=True, related_name="scopes", verbose_name="对应诊疗科目"
    )
    fits_any = models.BooleanField(
        "适用于所有诊疗科目", default=False, help_text="如护士：不限于某一科目，但不单独支撑科目。"
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    source = models.CharField("依据", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = verbose_name_plural = "执业范围"
        constraints = [
            models.UniqueConstraint(
                fields=["practice_type", "name"], name="practicescope_once_per_type"
            )
        ]

    def __str__(self):
        return f"{self.get_practice_type_display()} · {self.name}"


class MedicalLicenceQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def verification_overdue(self, day: datetime.date):
        return self.filter(verification_due_on__lt=day)

    def verification_due(self, day: datetime.date):
        soon = day + datetime.timedelta(days=DUE_SOON_DAYS)
        return self.filter(verification_due_on__gte=day, verification_due_on__lte=soon)


class MedicalLicence(Recorded):
    """The particulars of a unit's 《医疗机构执业许可证》 from the health commission's register."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="medical_licences",
        verbose_name="单位",
    )
    registration_number = models.CharField("登记号", max_length=50)
    subjects = models.ManyToManyField(
        ClinicalSubject, related_name="licences", verbose_name="诊疗科目"
    )
    beds = models.PositiveIntegerField("核定床位（张）", default=0)
    valid_from = models.DateField("有效期自")
    valid_until = models.DateField("有效期至")
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    principal = models.CharField("主要负责人", max_length=50)
    verified_on = models.DateField("最近校验日期", null=True, blank=True)
    verification_due_on = models.DateField(
        "下次校验日期",
        null=True,
        blank=True,
        help_text="不填则按床位数计算：100张以上每3年，其余每年（《医疗机构管理条例实施细则》第三十五条）。",
    )
    issued_by = models.CharField("发证机关", max_length=100, blank=True)
    change_reason = models.CharField(
        "变更原因",
        max_length=200,
        blank=True,
        help_text="取代原许可证记录时填写（变更、延续、校验）。",
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name="取代的记录",
        editable=False,
    )
    is_current = models.BooleanField("现行", default=True, editable=False)
    history = HistoricalRecords()

    objects = MedicalLicenceQuerySet.as_manager()

    class Meta:
        ordering = ["establishment__name", "-valid_from", "-id"]
        verbose_name = verbose_name_plural = "医疗机构执业许可证"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment"],
                condition=Q(is_current=True),
                name="medicallicence_one_current_per_unit",
                violation_error_message="该单位已有现行执业许可证记录；请登记变更。",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="medicallicence_valid_ordered",
                violation_error_message="有效期至不能早于有效期自。",
            ),
        ]

    def __str__(self):
        return self.registration_number

    def get_absolute_url(self):
        return reverse("premises:establishment_detail", args=[self.establishment_id]) + "#medical"

    def default_verification_due(self) -> datetime.date | None:
        start = self.verified_on or self.valid_from
        return add_years(start, verification_years(self.beds)) if start else None

    def state_on(self, day: datetime.date) -> str:
        """ "" when in order, else what is wrong: expired, 校验 overdue or due soon."""
        if self.valid_until and self.valid_until < day:
            return "已过有效期"
        due = self.verification_due_on
        if due and due < day:
            return "校验逾期"
        if due and due <= day + datetime.timedelta(days=DUE_SOON_DAYS):
            return "校验将到期"
        return ""

    def clean(self):
        errors = {}
        _not_future(self.valid_from, "valid_from", errors, "有效期自")
        _not_future(self.verified_on, "verified_on", errors, "校验日期")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = "有效期至不能早于有效期自。"
        if (
            self.valid_from
            and self.valid_until
            and self.valid_until.year - self.valid_from.year > 30
        ):
            errors["valid_until"] = "有效期超过30年，请核对年份。"
        if self.verified_on and self.valid_from and self.verified_on < self.valid_from:
            errors["verified_on"] = "校验日期不能早于有效期自。"
        if self.beds is not None and self.beds > 10000:
            errors["beds"] = "核定床位数不合理，请核对。"
        if not self.registration_number.strip():
            errors["registration_number"] = "请填写登记号。"
        if errors:
            raise ValidationError(errors)


class MedicalStaffQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_on__isnull=True)


class MedicalStaff(Recorded):
    """A practitioner of the unit practising medicine there, with the 执业证书 and 执业范围."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="medical_staff",
        verbose_name="单位",
        editable=False,
    )
    practitioner = models.ForeignKey(
        "premises.Practitioner",
        on_delete=models.PROTECT,
        related_name="medical_practice",
        verbose_name="从业人员",
    )
    practice_type = models.CharField("执业类别", max_length=20, choices=PracticeType)
    scope = models.ForeignKey(
        PracticeScope,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="执业范围",
    )
    certificate_number = models.CharField(
        "执业证书编号",
        max_length=50,
        blank=True,
        help_text="医师执业证书、护士执业证书等；无证的留空。",
    )
    registered_here = models.BooleanField(
        "执业地点为本单位",
        default=True,
        help_text="执业注册的主要执业机构或备案的执业地点是本单位。",
    )
    started_on = models.DateField("在本单位执业起")
    left_on = models.DateField("离开日期", null=True, blank=True)
    notes = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = MedicalStaffQuerySet.as_manager()

    class Meta:
        ordering = ["establishment__name", "practice_type", "id"]
        verbose_name = verbose_name_plural = "医务人员"
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner"],
                condition=Q(left_on__isnull=True),
                name="medicalstaff_once_per_person",
                violation_error_message="该人员已登记为本单位医务人员。",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("started_on")),
                name="medicalstaff_left_after_started",
                violation_error_message="离开日期不能早于执业起始日期。",
            ),
        ]

    def __str__(self):
        return f"{self.practitioner.name}（{self.get_practice_type_display()}）"

    def get_absolute_url(self):
        return reverse("premises:establishment_detail", args=[self.establishment_id]) + "#medical"

    @property
    def name(self) -> str:
        return self.practitioner.name

    def problems(self, subject_ids: set[int]) -> list[str]:
        """What the check finds against the unit's licensed 诊疗科目 (``subject_ids``: the
        top-level 科目 of the licence's subjects, ``top_ids``). A 专业 counts as its 科目.
        Expects ``scope.subjects`` prefetched."""
        found = []
        if self.practice_type == PracticeType.NONE or not self.certificate_number.strip():
            found.append("无执业证书（非卫生技术人员）")
            return found
        if not self.registered_here:
            found.append("执业地点未注册（备案）为本单位")
        if self.scope_id is None:
            found.append("未登记执业范围")
        elif not self.scope.fits_any and subject_ids:
            if not scope_tops(self.scope) & subject_ids:
                found.append("执业范围与本单位诊疗科目不符")
        return found

    def clean(self):
        errors = {}
        _not_future(self.started_on, "started_on", errors, "执业起始日期")
        if self.started_on and self.left_on and self.left_on < self.started_on:
            errors["left_on"] = "离开日期不能早于执业起始日期。"
        if self.scope_id and self.practice_type and self.scope.practice_type != self.practice_type:
            errors["scope"] = (
                f"“{self.scope.name}”属于{self.scope.get_practice_type_display()}，"
                f"与所选执业类别不一致。"
            )
        if self.practice_type == PracticeType.NONE and self.certificate_number.strip():
            errors["certificate_number"] = "无执业资格的人员不应填写执业证书编号。"
        if self.practitioner_id and self.establishment_id:
            if self.practitioner.establishment_id != self.establishment_id:
                errors["practitioner"] = "所选从业人员不属于本单位。"
        if errors:
            raise ValidationError(errors)
