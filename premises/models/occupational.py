"""The occupational-health register (职业卫生档案) of an employer supervised under the
"occupational" domain (kinds oc.*, as its main kind or a further domain, supervisions.py).

- ``HazardFactor``: the national catalogue of occupational-disease hazards
  (职业病危害因素分类目录, 国卫疾控发〔2015〕92号) as reference data the administrator keeps;
  ``focus`` places a factor in the groups the county's focused inspection plan counts
  (seed 004: 粉尘, 石棉, 有机溶剂).
- ``OccupationalProfile``: one per employer and year — 职工总数, 接害人数, the 职业病危害项目申报
  and the 职业健康监护档案 kept; its ``exposures`` name the hazards and the workers exposed to
  each (``HazardExposure``).
- ``HealthSurveillance``: 职业健康检查 by stage (上岗前/在岗期间/离岗时/应急) and year.
- ``OccupationalDiseaseCase``: a worker diagnosed with an occupational disease.
- ``ConstructionProject``: a construction project that may produce hazards, and its
  "三同时" stages (预评价, 防护设施设计审查, 控制效果评价, 竣工验收) with dates and results.

Impossible values are refused on their field: by clean() for pages and the API, by check
constraints for any other writer.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.models import Recorded

YEAR_VALIDATORS = [MinValueValidator(1949), MaxValueValidator(2100)]


def _in_file(establishment_id) -> str:
    """A record is shown in its unit's file, section 职业卫生."""
    return reverse("premises:establishment_detail", args=[establishment_id]) + "#occupational"


class HazardClass(models.TextChoices):
    """The six classes of 职业病危害因素分类目录 (国卫疾控发〔2015〕92号)."""

    DUST = "dust", "粉尘"
    CHEMICAL = "chemical", "化学因素"
    PHYSICAL = "physical", "物理因素"
    RADIOACTIVE = "radioactive", "放射性因素"
    BIOLOGICAL = "biological", "生物因素"
    OTHER = "other", "其他因素"


# The catalogue's order of its classes (粉尘 first), for lists grouped by class.
CLASS_ORDER = {value: index for index, value in enumerate(HazardClass.values)}


def catalogue_order(factor) -> tuple:
    return (CLASS_ORDER.get(factor.hazard_class, 99), factor.order, factor.code)


class HazardFocus(models.TextChoices):
    """The groups seed 004's occupational plan inspects first (粉尘、石棉、有机溶剂)."""

    DUST = "dust", "粉尘（石棉除外）"
    ASBESTOS = "asbestos", "石棉"
    SOLVENT = "solvent", "有机溶剂"


class SurveillanceStage(models.TextChoices):
    """职业健康检查的种类 (职业健康监护技术规范 GBZ 188; 职业健康检查管理办法)."""

    PRE = "pre", "上岗前"
    ON_DUTY = "on_duty", "在岗期间"
    LEAVING = "leaving", "离岗时"
    EMERGENCY = "emergency", "应急"


class DiseaseClass(models.TextChoices):
    """The ten classes of 职业病分类和目录 (国卫疾控发〔2013〕48号)."""

    PNEUMOCONIOSIS = "pneumoconiosis", "职业性尘肺病及其他呼吸系统疾病"
    SKIN = "skin", "职业性皮肤病"
    EYE = "eye", "职业性眼病"
    ENT = "ent", "职业性耳鼻喉口腔疾病"
    POISONING = "poisoning", "职业性化学中毒"
    PHYSICAL = "physical", "物理因素所致职业病"
    RADIATION = "radiation", "职业性放射性疾病"
    INFECTIOUS = "infectious", "职业性传染病"
    TUMOUR = "tumour", "职业性肿瘤"
    OTHER = "other", "其他职业病"


class StageStatus(models.TextChoices):
    """Where one "三同时" stage of a construction project stands."""

    NOT_APPLICABLE = "na", "不适用"
    PENDING = "pending", "未开展"
    IN_PROGRESS = "in_progress", "进行中"
    PASSED = "passed", "已完成（通过）"
    FAILED = "failed", "未通过"


DONE_STAGES = (StageStatus.PASSED, StageStatus.FAILED)


class HazardFactorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class HazardFactor(models.Model):
    """One entry of the national hazard catalogue (reference data)."""

    code = models.CharField("代码", max_length=32, unique=True)
    hazard_class = models.CharField("类别", max_length=16, choices=HazardClass.choices)
    name = models.CharField("名称", max_length=100)
    cas_number = models.CharField("CAS号", max_length=40, blank=True)
    focus = models.CharField(
        "重点监督类别",
        max_length=16,
        choices=HazardFocus.choices,
        blank=True,
        help_text="职业卫生重点监督检查计划汇总表按此分组（粉尘、石棉、有机溶剂）。",
    )
    order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    source = models.CharField("依据", max_length=200, blank=True)

    objects = HazardFactorQuerySet.as_manager()

    class Meta:
        ordering = ["hazard_class", "order", "code"]
        verbose_name = verbose_name_plural = "职业病危害因素"

    def __str__(self):
        return self.name


class OccupationalProfile(Recorded):
    """An employer's occupational-health particulars for one year (用人单位职业卫生基本情况)."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.CASCADE,
        related_name="occupational_profiles",
        verbose_name="用人单位",
    )
    year = models.PositiveIntegerField("年度", validators=YEAR_VALIDATORS)
    surveyed_on = models.DateField("调查日期", null=True, blank=True)
    workers_total = models.PositiveIntegerField("职工总数")
    exposed_total = models.PositiveIntegerField(
        "接害人数", help_text="从事接触职业病危害作业的劳动者人数（每人只计一次）。"
    )
    declared = models.BooleanField("已申报职业病危害项目", default=False)
    declared_on = models.DateField("申报日期", null=True, blank=True)
    records_kept = models.BooleanField("已建立职业健康监护档案", default=False)
    records_count = models.PositiveIntegerField("监护档案份数", default=0)
    notes = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "establishment__name", "id"]
        verbose_name = verbose_name_plural = "用人单位职业卫生年度情况"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "year"],
                name="occ_profile_one_per_year",
                violation_error_message="该单位本年度的职业卫生情况已登记。",
            ),
            models.CheckConstraint(
                condition=Q(exposed_total__lte=F("workers_total")),
                name="occ_profile_exposed_within_workers",
                violation_error_message="接害人数不能多于职工总数。",
            ),
            models.CheckConstraint(
                condition=Q(declared=True) | Q(declared_on__isnull=True),
                name="occ_profile_declared_date",
                violation_error_message="未申报时不应填写申报日期。",
            ),
        ]

    def __str__(self):
        return f"{self.establishment}（{self.year}年）" if self.establishment_id else "—"

    def get_absolute_url(self):
        return _in_file(self.establishment_id)

    def clean(self):
        errors = {}
        if (
            self.workers_total is not None
            and self.exposed_total is not None
            and self.exposed_total > self.workers_total
        ):
            errors["exposed_total"] = (
                f"接害人数（{self.exposed_total}）不能多于职工总数（{self.workers_total}）。"
            )
        if self.declared and not self.declared_on:
            errors["declared_on"] = "已申报的，请填写申报日期。"
        if not self.declared and self.declared_on:
            errors["declared_on"] = "未申报时不应填写申报日期。"
        if self.declared_on and self.year and self.declared_on.year > self.year:
            errors["declared_on"] = f"申报日期晚于{self.year}年度。"
        if self.records_count is not None and self.records_count < 0:
            errors["records_count"] = "监护档案份数不能为负数。"
        elif self.records_kept and self.records_count == 0:
            errors["records_count"] = "已建立监护档案的，请填写档案份数。"
        elif not self.records_kept and self.records_count:
            errors["records_count"] = "未建立监护档案时档案份数应为 0。"
        if self.surveyed_on and self.year and self.surveyed_on.year != self.year:
            errors["surveyed_on"] = f"调查日期不在{self.year}年度内。"
        if errors:
            raise ValidationError(errors)


class HazardExposure(models.Model):
    """A hazard present at the employer in the profile's year, and the workers exposed."""

    profile = models.ForeignKey(
        OccupationalProfile,
        on_delete=models.CASCADE,
        related_name="exposures",
        verbose_name="年度情况",
    )
    factor = models.ForeignKey(
        HazardFactor, on_delete=models.PROTECT, related_name="exposures", verbose_name="危害因素"
    )
    exposed = models.PositiveIntegerField("接触人数")
    history = HistoricalRecords()

    class Meta:
        ordering = ["factor__hazard_class", "factor__order", "id"]
        verbose_name = verbose_name_plural = "接触职业病危害因素"
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "factor"],
                name="occ_exposure_one_per_factor",
                violation_error_message="该危害因素已登记。",
            )
        ]

    def __str__(self):
        return f"{self.factor}：{self.exposed} 人" if self.factor_id else "—"

    def clean(self):
        if self.profile_id and self.exposed is not None:
            if self.exposed > self.profile.exposed_total:
                raise ValidationError(
                    {
                        "exposed": f"接触人数（{self.exposed}）不能多于本年度接害人数"
                        f"（{self.profile.exposed_total}）。"
                    }
                )


class HealthSurveillance(Recorded):
    """职业健康检查 of one stage in one year at one employer."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.CASCADE,
        related_name="health_surveillance",
        verbose_name="用人单位",
    )
    year = models.PositiveIntegerField("年度", validators=YEAR_VALIDATORS)
    stage = models.CharField("体检类别", max_length=16, choices=SurveillanceStage.choices)
    due = models.PositiveIntegerField("应检人数")
    examined = models.PositiveIntegerField("实检人数")
    rechecked = models.PositiveIntegerField("复查人数", default=0)
    suspected = models.PositiveIntegerField("疑似职业病人数", default=0)
    contraindicated = models.PositiveIntegerField("职业禁忌证人数", default=0)
    institution = models.CharField("职业健康检查机构", max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "establishment__name", "stage", "id"]
        verbose_name = verbose_name_plural = "职业健康检查"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "year", "stage"],
                name="occ_surveillance_one_per_stage",
                violation_error_message="该单位本年度此类体检已登记。",
            ),
            models.CheckConstraint(
                condition=Q(examined__lte=F("due")),
                name="occ_surveillance_examined_within_due",
                violation_error_message="实检人数不能多于应检人数。",
            ),
            models.CheckConstraint(
                condition=Q(rechecked__lte=F("examined"))
                & Q(suspected__lte=F("examined"))
                & Q(contraindicated__lte=F("examined")),
                name="occ_surveillance_findings_within_examined",
                violation_error_message="复查、疑似职业病、职业禁忌证人数不能多于实检人数。",
            ),
        ]

    def __str__(self):
        return f"{self.year}年{self.get_stage_display()}职业健康检查"

    def get_absolute_url(self):
        return _in_file(self.establishment_id)

    def clean(self):
        errors = {}
        if self.due is not None and self.examined is not None and self.examined > self.due:
            errors["examined"] = f"实检人数（{self.examined}）不能多于应检人数（{self.due}）。"
        for name in ("rechecked", "suspected", "contraindicated"):
            value = getattr(self, name)
            if self.examined is not None and value is not None and value > self.examined:
                label = self._meta.get_field(name).verbose_name
                errors[name] = f"{label}（{value}）不能多于实检人数（{self.examined}）。"
        if errors:
            raise ValidationError(errors)

    @property
    def rate(self):
        return self.examined / self.due if self.due else None


class OccupationalDiseaseCase(Recorded):
    """A worker of the employer diagnosed with an occupational disease (职业病病人)."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.CASCADE,
        related_name="occupational_disease_cases",
        verbose_name="用人单位",
    )
    worker_name = models.CharField("劳动者姓名", max_length=50)
    disease_class = models.CharField("职业病类别", max_length=20, choices=DiseaseClass.choices)
    disease = models.CharField("职业病名称", max_length=100, help_text="如：矽肺壹期、职业性噪声聋")
    hazard = models.ForeignKey(
        HazardFactor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="致病危害因素",
    )
    diagnosed_on = models.DateField("诊断日期")
    diagnosed_by = models.CharField("诊断机构", max_length=100, blank=True)
    reported = models.BooleanField("已报告", default=False)
    reported_on = models.DateField("报告日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-diagnosed_on", "id"]
        verbose_name = verbose_name_plural = "职业病病例"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "worker_name", "disease", "diagnosed_on"],
                name="occ_case_once",
                violation_error_message="该病例已登记。",
            ),
            models.CheckConstraint(
                condition=Q(reported_on__isnull=True) | Q(reported_on__gte=F("diagnosed_on")),
                name="occ_case_reported_after_diagnosis",
                violation_error_message="报告日期不能早于诊断日期。",
            ),
        ]

    def __str__(self):
        return f"{self.worker_name}：{self.disease}"

    def get_absolute_url(self):
        return _in_file(self.establishment_id)

    def clean(self):
        errors = {}
        if self.reported and not self.reported_on:
            errors["reported_on"] = "已报告的，请填写报告日期。"
        if not self.reported and self.reported_on:
            errors["reported_on"] = "未报告时不应填写报告日期。"
        if self.reported_on and self.diagnosed_on and self.reported_on < self.diagnosed_on:
            errors["reported_on"] = "报告日期不能早于诊断日期。"
        if errors:
            raise ValidationError(errors)


# The "三同时" stages of a construction project: (field prefix, label).
PROJECT_STAGES = (
    ("pre_assessment", "职业病危害预评价"),
    ("design", "职业病防护设施设计（审查）"),
    ("control_assessment", "职业病危害控制效果评价"),
    ("acceptance", "职业病防护设施竣工验收"),
)


def _stage_fields(prefix: str, label: str):
    status = models.CharField(
        f"{label}：状态",
        max_length=16,
        choices=StageStatus.choices,
        default=StageStatus.PENDING,
    )
    day = models.DateField(f"{label}：日期", null=True, blank=True)
    return status, day


class ConstructionProject(Recorded):
    """A construction project that may produce occupational-disease hazards
    (可能产生职业病危害的建设项目) and its "三同时" stages."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.CASCADE,
        related_name="construction_projects",
        verbose_name="建设单位",
    )
    name = models.CharField("项目名称", max_length=200)
    investment = models.DecimalField(
        "投资概算（万元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    industry = models.CharField("所属行业", max_length=100, blank=True)
    approved_by = models.CharField("核准或审批部门", max_length=100, blank=True)
    approved_on = models.DateField("立项日期")
    pre_assessment_status, pre_assessment_on = _stage_fields(*PROJECT_STAGES[0])
    design_status, design_on = _stage_fields(*PROJECT_STAGES[1])
    control_assessment_status, control_assessment_on = _stage_fields(*PROJECT_STAGES[2])
    acceptance_status, acceptance_on = _stage_fields(*PROJECT_STAGES[3])
    notes = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-approved_on", "id"]
        verbose_name = verbose_name_plural = "建设项目职业病防护设施“三同时”"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "name", "approved_on"],
                name="occ_project_once",
                violation_error_message="该建设项目已登记。",
            ),
            *(
                models.CheckConstraint(
                    condition=~Q(**{f"{p}_status__in": list(DONE_STAGES)})
                    | Q(**{f"{p}_on__isnull": False}),
                    name=f"occ_project_{p}_done_dated",
                    violation_error_message=f"{label}已完成或未通过的，须填写日期。",
                )
                for p, label in PROJECT_STAGES
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return _in_file(self.establishment_id)

    def stages(self):
        """(label, status label, day) of each stage, in order."""
        return [
            (label, getattr(self, f"get_{p}_status_display")(), getattr(self, f"{p}_on"))
            for p, label in PROJECT_STAGES
        ]

    def clean(self):
        errors = {}
        previous = None
        for prefix, label in PROJECT_STAGES:
            status, day = getattr(self, f"{prefix}_status"), getattr(self, f"{prefix}_on")
            if status in DONE_STAGES and not day:
                errors[f"{prefix}_on"] = f"{label}已完成或未通过的，请填写日期。"
            if status in (StageStatus.NOT_APPLICABLE, StageStatus.PENDING) and day:
                errors[f"{prefix}_on"] = f"{label}尚未开展或不适用时不应填写日期。"
            if day and self.approved_on and day < self.approved_on:
                errors[f"{prefix}_on"] = "日期不能早于立项日期。"
            elif day and previous and day < previous[1] and f"{prefix}_on" not in errors:
                errors[f"{prefix}_on"] = f"日期不能早于{previous[0]}（{previous[1]:%Y-%m-%d}）。"
            if day:
                previous = (label, day)
        if errors:
            raise ValidationError(errors)
