"""The radiation-health register of a 放射诊疗 unit (放射卫生档案): what the radiation
inspector checks under 《放射诊疗管理规定》 and 《放射工作人员职业健康管理办法》 (seed 004's
放射卫生重点监督检查计划: 职业健康监护, 建设项目职业病危害评价, 《放射诊疗许可证》 and
《放射工作人员证》).

- ``RadiationDevice``: a radiation device of the unit (CT, DR, 牙片机, DSA …) with its 放射诊疗
  category and its dates in service;
- ``RadiationWorker``: a radiation worker (放射工作人员) of the unit, linked to the unit's
  practitioner record where there is one, with the 放射工作人员证;
- ``DoseReading``: one personal dose monitoring period (个人剂量监测) of a worker, flagged
  over the limit against ``DoseLimit`` (data);
- ``RadiationExam``: an occupational health examination (上岗前 / 在岗期间 / 离岗时 / 应急);
- ``RadiationProject``: a construction project (放射诊疗建设项目) with its 预评价 and 控制效果评价.

A unit is a 放射诊疗 unit by its main kind or by a further domain (premises.Supervision); the
records here hang on the unit either way.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.fields import IdNumberField
from core.models import Recorded
from core.validators import mask_id_number


class PracticeCategory(models.TextChoices):
    """放射诊疗工作的四类 (《放射诊疗管理规定》第四条)."""

    RADIOTHERAPY = "radiotherapy", "放射治疗"
    NUCLEAR = "nuclear", "核医学"
    INTERVENTIONAL = "interventional", "介入放射学"
    XRAY = "xray", "X射线影像诊断"


class DeviceType(models.TextChoices):
    XRAY = "xray", "普通X射线机（摄影/透视）"
    DR = "dr", "DR"
    CR = "cr", "CR"
    CT = "ct", "CT"
    MAMMOGRAPHY = "mammography", "乳腺X射线机"
    DENTAL = "dental", "牙科X射线机（牙片机）"
    DENTAL_CBCT = "dental_cbct", "口腔CBCT"
    BONE_DENSITY = "bone_density", "骨密度仪"
    MOBILE = "mobile", "移动式X射线机（床旁机）"
    C_ARM = "c_arm", "C形臂X射线机"
    DSA = "dsa", "DSA"
    SPECT = "spect", "SPECT"
    PET_CT = "pet_ct", "PET-CT"
    LINAC = "linac", "医用电子直线加速器"
    AFTERLOADING = "afterloading", "后装治疗机"
    GAMMA_KNIFE = "gamma_knife", "γ刀"
    OTHER = "other", "其他"


# The category a device type usually serves (the form's default; the clerk may change it:
# a C-arm in an operating room may be 介入放射学).
DEVICE_CATEGORY = {
    DeviceType.DSA: PracticeCategory.INTERVENTIONAL,
    DeviceType.C_ARM: PracticeCategory.INTERVENTIONAL,
    DeviceType.SPECT: PracticeCategory.NUCLEAR,
    DeviceType.PET_CT: PracticeCategory.NUCLEAR,
    DeviceType.LINAC: PracticeCategory.RADIOTHERAPY,
    DeviceType.AFTERLOADING: PracticeCategory.RADIOTHERAPY,
    DeviceType.GAMMA_KNIFE: PracticeCategory.RADIOTHERAPY,
}


class DoseResult(models.TextChoices):
    """个人剂量计 of one period, as the monitoring service reports it."""

    NORMAL = "normal", "正常"
    INVESTIGATE = "investigate", "超过调查水平"
    LOST = "lost", "剂量计丢失或损坏"
    NOT_WORN = "not_worn", "未按规定佩戴"


class ExamKind(models.TextChoices):
    """职业健康检查 (《放射工作人员职业健康管理办法》第十九至二十一条)."""

    PRE = "pre", "上岗前"
    PERIODIC = "periodic", "在岗期间"
    LEAVING = "leaving", "离岗时"
    EMERGENCY = "emergency", "应急照射或事故照射"


class ExamConclusion(models.TextChoices):
    """The examination's conclusion as GBZ 98 words them — UNVERIFIED against GBZ 98-2020."""

    FIT = "fit", "可以从事（或继续从事）放射工作"
    TEMPORARY = "temporary", "暂时脱离放射工作"
    UNFIT = "unfit", "不宜（或不应）从事放射工作"
    FOLLOW_UP = "follow_up", "需复查或医学随访"


class ProjectKind(models.TextChoices):
    NEW = "new", "新建"
    REBUILD = "rebuild", "改建"
    EXPAND = "expand", "扩建"


class DoseQuantity(models.TextChoices):
    EFFECTIVE = "effective", "有效剂量"
    LENS = "lens", "眼晶体当量剂量"
    EXTREMITY = "extremity", "四肢或皮肤当量剂量"


def _not_future(value, field, errors, label):
    if value and value > timezone.localdate():
        errors[field] = f"{label}不能晚于今天。"


class DoseLimit(models.Model):
    """A dose limit of occupational exposure (剂量限值), kept by the administrator. Only the
    effective-dose limits are checked against the readings (a reading is Hp(10), taken as
    the effective dose); the others are shown for reference."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    quantity = models.CharField(
        "剂量量", max_length=20, choices=DoseQuantity, default=DoseQuantity.EFFECTIVE
    )
    limit_msv = models.DecimalField("限值（mSv）", max_digits=7, decimal_places=2)
    years = models.PositiveSmallIntegerField(
        "统计年数",
        default=1,
        help_text="1：任何一年内累计不得超过限值；5：连续5年的年平均不得超过限值（即5年累计不超过限值×5）。",
    )
    source = models.CharField("依据", max_length=200)
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["quantity", "years", "code"]
        verbose_name = verbose_name_plural = "放射工作人员剂量限值"
        constraints = [
            models.CheckConstraint(
                condition=Q(years__gte=1) & Q(limit_msv__gt=0),
                name="doselimit_positive",
                violation_error_message="限值与统计年数须大于零。",
            )
        ]

    def __str__(self):
        per = "年" if self.years == 1 else f"连续{self.years}年平均每年"
        return f"{self.name}（{per} {self.limit_msv} mSv）"


class RadiationDeviceQuerySet(models.QuerySet):
    def in_use_between(self, start: datetime.date, end: datetime.date):
        return self.filter(Q(installed_on__isnull=True) | Q(installed_on__lte=end)).filter(
            Q(retired_on__isnull=True) | Q(retired_on__gte=start)
        )

    def in_use_on(self, day: datetime.date):
        return self.in_use_between(day, day)


class RadiationDevice(Recorded):
    """A radiation device (放射诊疗设备) of a unit."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="radiation_devices",
        verbose_name="单位",
    )
    device_type = models.CharField("设备类型", max_length=20, choices=DeviceType)
    practice_category = models.CharField("放射诊疗类别", max_length=20, choices=PracticeCategory)
    model_name = models.CharField("型号", max_length=100, blank=True)
    serial_number = models.CharField("出厂编号", max_length=100, blank=True)
    manufacturer = models.CharField("生产厂家", max_length=100, blank=True)
    installed_on = models.DateField("启用日期", null=True, blank=True)
    retired_on = models.DateField("停用（报废）日期", null=True, blank=True)
    retire_reason = models.CharField("停用原因", max_length=200, blank=True)
    notes = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = RadiationDeviceQuerySet.as_manager()

    class Meta:
        ordering = ["establishment__name", "practice_category", "device_type", "id"]
        verbose_name = verbose_name_plural = "放射诊疗设备"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "serial_number"],
                condition=~Q(serial_number=""),
                name="radiationdevice_serial_once_per_unit",
                violation_error_message="本单位已登记该出厂编号的设备。",
            ),
            models.CheckConstraint(
                condition=Q(retired_on__isnull=True)
                | Q(installed_on__isnull=True)
                | Q(retired_on__gte=models.F("installed_on")),
                name="radiationdevice_retired_after_installed",
                violation_error_message="停用日期不能早于启用日期。",
            ),
        ]

    def __str__(self):
        label = self.get_device_type_display()
        return f"{label} {self.model_name}".strip()

    def get_absolute_url(self):
        return reverse("premises:establishment_detail", args=[self.establishment_id]) + "#radiation"

    def clean(self):
        errors = {}
        _not_future(self.installed_on, "installed_on", errors, "启用日期")
        _not_future(self.retired_on, "retired_on", errors, "停用日期")
        if self.installed_on and self.retired_on and self.retired_on < self.installed_on:
            errors["retired_on"] = "停用日期不能早于启用日期。"
        if self.retired_on and not self.retire_reason.strip():
            errors["retire_reason"] = "请填写停用原因。"
        if errors:
            raise ValidationError(errors)


class RadiationWorkerQuerySet(models.QuerySet):
    def working_between(self, start: datetime.date, end: datetime.date):
        return self.filter(started_on__lte=end).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=start)
        )

    def working_on(self, day: datetime.date):
        return self.working_between(day, day)

    def with_figures(self):
        """What a worker's row shows, in a fixed number of queries whatever the rows: the
        readings and exams newest first (``latest_readings``, ``latest_exams``), whether a
        reading was ever over the limit (``ever_over_limit``), the readings' number."""
        return self.annotate(
            ever_over_limit=Exists(
                DoseReading.objects.filter(worker=OuterRef("pk"), over_limit=True)
            ),
            reading_count=Count("dose_readings", distinct=True),
        ).prefetch_related(
            Prefetch(
                "dose_readings",
                queryset=DoseReading.objects.order_by("-period_end", "-pk"),
                to_attr="latest_readings",
            ),
            Prefetch(
                "exams",
                queryset=RadiationExam.objects.order_by("-examined_on", "-pk"),
                to_attr="latest_exams",
            ),
        )

    def certified_on(self, day: datetime.date):
        """Holding a 放射工作人员证 valid on ``day``."""
        return self.filter(certificate_issued_on__lte=day).filter(
            Q(certificate_valid_until__isnull=True) | Q(certificate_valid_until__gte=day)
        )


class RadiationWorker(Recorded):
    """A radiation worker (放射工作人员) of a unit, and their 放射工作人员证."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="radiation_workers",
        verbose_name="单位",
    )
    practitioner = models.ForeignKey(
        "premises.Practitioner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="radiation_work",
        verbose_name="从业人员记录",
    )
    name = models.CharField("姓名", max_length=50)
    id_number = IdNumberField()
    practice_category = models.CharField("放射诊疗类别", max_length=20, choices=PracticeCategory)
    post = models.CharField("岗位", max_length=50, blank=True, help_text="如：放射科技师、介入医师")
    started_on = models.DateField("从事放射工作日期")
    left_on = models.DateField("离开放射工作日期", null=True, blank=True)
    certificate_number = models.CharField("放射工作人员证编号", max_length=50, blank=True)
    certificate_issued_on = models.DateField("发证日期", null=True, blank=True)
    certificate_valid_until = models.DateField("证件有效期至", null=True, blank=True)
    history = HistoricalRecords()

    objects = RadiationWorkerQuerySet.as_manager()

    class Meta:
        ordering = ["establishment__name", "name", "id"]
        verbose_name = verbose_name_plural = "放射工作人员"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "id_number"],
                condition=Q(left_on__isnull=True),
                name="radiationworker_once_per_unit",
                violation_error_message="该人员已在本单位登记为放射工作人员。",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("started_on")),
                name="radiationworker_left_after_started",
                violation_error_message="离开日期不能早于从事放射工作日期。",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.establishment}）" if self.establishment_id else self.name

    def get_absolute_url(self):
        return reverse("premises:radiation_worker_detail", args=[self.pk])

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    def certificate_valid_on(self, day: datetime.date) -> bool:
        return bool(
            self.certificate_issued_on
            and self.certificate_issued_on <= day
            and (self.certificate_valid_until is None or self.certificate_valid_until >= day)
        )

    def clean(self):
        errors = {}
        _not_future(self.started_on, "started_on", errors, "从事放射工作日期")
        _not_future(self.certificate_issued_on, "certificate_issued_on", errors, "发证日期")
        if self.started_on and self.left_on and self.left_on < self.started_on:
            errors["left_on"] = "离开日期不能早于从事放射工作日期。"
        if (
            self.certificate_valid_until
            and self.certificate_issued_on
            and self.certificate_valid_until < self.certificate_issued_on
        ):
            errors["certificate_valid_until"] = "有效期不能早于发证日期。"
        if (self.certificate_issued_on or self.certificate_valid_until) and not (
            self.certificate_number.strip()
        ):
            errors["certificate_number"] = "请填写放射工作人员证编号。"
        if self.certificate_number.strip() and not self.certificate_issued_on:
            errors["certificate_issued_on"] = "请填写发证日期。"
        if (
            self.practitioner_id
            and self.establishment_id
            and self.practitioner.establishment_id != self.establishment_id
        ):
            errors["practitioner"] = "所选从业人员不属于本单位。"
        if errors:
            raise ValidationError(errors)


class DoseReading(Recorded):
    """One personal dose monitoring period (个人剂量监测) of a radiation worker."""

    worker = models.ForeignKey(
        RadiationWorker,
        on_delete=models.CASCADE,
        related_name="dose_readings",
        verbose_name="放射工作人员",
    )
    period_start = models.DateField("监测周期起")
    period_end = models.DateField("监测周期止")
    dose_msv = models.DecimalField(
        "个人剂量当量 Hp(10)（mSv）", max_digits=7, decimal_places=3, null=True, blank=True
    )
    result = models.CharField(
        "个人剂量计结果", max_length=20, choices=DoseResult, default=DoseResult.NORMAL
    )
    service = models.CharField("监测机构", max_length=100, blank=True)
    report_number = models.CharField("报告编号", max_length=50, blank=True)
    over_limit = models.BooleanField(
        "超过剂量限值", default=False, editable=False, help_text="按剂量限值（数据）计算得出。"
    )
    over_limit_reason = models.CharField("超限说明", max_length=200, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["worker", "-period_end", "id"]
        verbose_name = verbose_name_plural = "个人剂量监测"
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "period_start", "period_end"],
                name="dosereading_one_per_period",
                violation_error_message="该人员此监测周期已有记录。",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="dosereading_period_ordered",
                violation_error_message="监测周期止不能早于起。",
            ),
            models.CheckConstraint(
                condition=Q(dose_msv__isnull=True) | Q(dose_msv__gte=0),
                name="dosereading_dose_not_negative",
                violation_error_message="剂量不能为负数。",
            ),
        ]

    def __str__(self):
        dose = f"{self.dose_msv} mSv" if self.dose_msv is not None else self.get_result_display()
        return f"{self.period_start:%Y-%m-%d}—{self.period_end:%Y-%m-%d}：{dose}"

    @property
    def short(self) -> str:
        """For a row of a list: the period's end and the dose (or what the dosimeter gave)."""
        dose = f"{self.dose_msv} mSv" if self.dose_msv is not None else self.get_result_display()
        return f"{dose}（至 {self.period_end:%Y-%m-%d}）"

    def clean(self):
        errors = {}
        _not_future(self.period_end, "period_end", errors, "监测周期止")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "监测周期止不能早于起。"
        if self.dose_msv is not None and self.dose_msv < Decimal("0"):
            errors["dose_msv"] = "剂量不能为负数。"
        if self.dose_msv is None and self.result in (DoseResult.NORMAL, DoseResult.INVESTIGATE):
            errors["dose_msv"] = "请填写剂量值（剂量计丢失或未佩戴时可不填）。"
        if errors:
            raise ValidationError(errors)


class RadiationExam(Recorded):
    """An occupational health examination (职业健康检查) of a radiation worker."""

    worker = models.ForeignKey(
        RadiationWorker,
        on_delete=models.CASCADE,
        related_name="exams",
        verbose_name="放射工作人员",
    )
    kind = models.CharField("检查类别", max_length=20, choices=ExamKind)
    examined_on = models.DateField("检查日期")
    institution = models.CharField("检查机构", max_length=100, blank=True)
    conclusion = models.CharField("结论", max_length=20, choices=ExamConclusion)
    notes = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["worker", "-examined_on", "id"]
        verbose_name = verbose_name_plural = "放射工作人员职业健康检查"
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "kind", "examined_on"],
                name="radiationexam_once_per_day",
                violation_error_message="该人员当日已有同类检查记录。",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.examined_on:%Y-%m-%d}：{self.get_conclusion_display()}"

    @property
    def short(self) -> str:
        """For a row of a list: day and kind, and the conclusion unless fit for the work."""
        text = f"{self.examined_on:%Y-%m-%d} {self.get_kind_display()}"
        if self.conclusion != ExamConclusion.FIT:
            text += f"：{self.get_conclusion_display()}"
        return text

    def clean(self):
        errors = {}
        _not_future(self.examined_on, "examined_on", errors, "检查日期")
        if errors:
            raise ValidationError(errors)


class RadiationProject(Recorded):
    """A construction project (放射诊疗建设项目: new, rebuilt or expanded radiation rooms)
    and its assessments (《放射诊疗管理规定》第十二、十三条): the 预评价 reviewed before
    building, the 控制效果评价 before the 竣工验收."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="radiation_projects",
        verbose_name="单位",
    )
    name = models.CharField("项目名称", max_length=100)
    kind = models.CharField("建设性质", max_length=10, choices=ProjectKind)
    practice_category = models.CharField("放射诊疗类别", max_length=20, choices=PracticeCategory)
    pre_assessed_on = models.DateField("预评价报告日期", null=True, blank=True)
    pre_approved_on = models.DateField("预评价审核日期", null=True, blank=True)
    pre_approval_number = models.CharField("审核文号", max_length=50, blank=True)
    control_assessed_on = models.DateField("控制效果评价报告日期", null=True, blank=True)
    accepted_on = models.DateField("竣工验收日期", null=True, blank=True)
    acceptance_number = models.CharField("验收文号", max_length=50, blank=True)
    notes = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["establishment__name", "name", "id"]
        verbose_name = verbose_name_plural = "放射诊疗建设项目"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "name", "kind"],
                name="radiationproject_once_per_unit",
                violation_error_message="本单位已登记同名同性质的建设项目。",
            ),
            models.CheckConstraint(
                condition=Q(pre_approved_on__isnull=True) | Q(pre_assessed_on__isnull=False),
                name="radiationproject_approval_needs_assessment",
                violation_error_message="审核须在预评价之后。",
            ),
            models.CheckConstraint(
                condition=Q(accepted_on__isnull=True) | Q(control_assessed_on__isnull=False),
                name="radiationproject_acceptance_needs_assessment",
                violation_error_message="验收须在控制效果评价之后。",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"

    def get_absolute_url(self):
        return reverse("premises:establishment_detail", args=[self.establishment_id]) + "#radiation"

    @property
    def stage(self) -> str:
        if self.accepted_on:
            return "已验收"
        if self.control_assessed_on:
            return "已做控制效果评价"
        if self.pre_approved_on:
            return "预评价已审核"
        if self.pre_assessed_on:
            return "已做预评价"
        return "未评价"

    def clean(self):
        errors = {}
        for name, label in (
            ("pre_assessed_on", "预评价报告日期"),
            ("pre_approved_on", "审核日期"),
            ("control_assessed_on", "控制效果评价报告日期"),
            ("accepted_on", "验收日期"),
        ):
            _not_future(getattr(self, name), name, errors, label)
        if self.pre_approved_on and not self.pre_assessed_on:
            errors["pre_approved_on"] = "尚无预评价报告日期，不能登记审核。"
        elif self.pre_approved_on and self.pre_approved_on < self.pre_assessed_on:
            errors["pre_approved_on"] = "审核日期不能早于预评价报告日期。"
        if self.accepted_on and not self.control_assessed_on:
            errors["accepted_on"] = "尚无控制效果评价报告日期，不能登记验收。"
        elif self.accepted_on and self.accepted_on < self.control_assessed_on:
            errors["accepted_on"] = "验收日期不能早于控制效果评价报告日期。"
        if (
            self.control_assessed_on
            and self.pre_assessed_on
            and self.control_assessed_on < self.pre_assessed_on
        ):
            errors["control_assessed_on"] = "控制效果评价不能早于预评价。"
        if errors:
            raise ValidationError(errors)
