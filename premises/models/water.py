"""The drinking-water register (生活饮用水卫生档案): what the water inspector keeps on file
under 《生活饮用水卫生监督管理办法》.

- ``SupplyParticulars``: a supplier's particulars as of a date (water source, 日供水量,
  population served, treatment and 消毒, 自检 facilities); the newest is the current one,
  older ones stay as the register's history;
- ``WaterTank``: a 二次供水 tank or reservoir with its last 清洗消毒, overdue after the
  interval of ``TankCleaningRule`` (data);
- ``WaterProduct``: a 涉水产品 with its 卫生许可批件 (省级 / 国家), and ``ProductSale``: a seller
  (a unit) selling it; ``ProductSampling``: a product sampled and sent to a laboratory.

A unit is a water unit by its main kind or by a further domain (premises.Supervision: a
school with its own well is 学校 + 学校自备井).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import Recorded

WATER = "drinking_water"

# 千吨万人: a supply of 1000 t a day or more, or serving 10 000 people or more (the class of
# 集中式供水 the water-source protection rules name; 《水污染防治行动计划》 and the rural
# water-supply programmes use the same words).
LARGE_SUPPLY_TONS = Decimal("1000")
LARGE_SUPPLY_PEOPLE = 10000


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months (31 Aug + 6 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def _file(establishment_id) -> str:
    return reverse("premises:establishment_detail", args=[establishment_id]) + "#water"


def _not_future(value, field, errors, label):
    if value and value > timezone.localdate():
        errors[field] = f"{label}不能晚于今天。"


class WaterSource(models.TextChoices):
    SURFACE = "surface", "地表水"
    GROUND = "ground", "地下水"
    PUBLIC = "public", "市政管网水（二次供水）"


class Disinfection(models.TextChoices):
    CHLORINE = "chlorine", "液氯"
    HYPOCHLORITE = "hypochlorite", "次氯酸钠"
    CHLORINE_DIOXIDE = "chlorine_dioxide", "二氧化氯"
    CHLORAMINE = "chloramine", "氯胺"
    OZONE = "ozone", "臭氧"
    UV = "uv", "紫外线"
    NONE = "none", "未消毒"
    OTHER = "other", "其他"


class SupplyParticularsQuerySet(models.QuerySet):
    def current(self):
        """Each unit's newest particulars."""
        newest = (
            SupplyParticulars.objects.filter(establishment=OuterRef("establishment"))
            .order_by("-recorded_on", "-pk")
            .values("pk")[:1]
        )
        return self.filter(pk=Subquery(newest))

    def large(self):
        return self.filter(
            Q(daily_tons__gte=LARGE_SUPPLY_TONS) | Q(population__gte=LARGE_SUPPLY_PEOPLE)
        )


class SupplyParticulars(Recorded):
    """A water supplier's particulars as found on a date (供水单位基本情况)."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.CASCADE,
        related_name="supply_particulars",
        verbose_name="供水单位",
    )
    recorded_on = models.DateField("核实日期")
    source = models.CharField("水源类型", max_length=20, choices=WaterSource)
    daily_tons = models.DecimalField(
        "日供水量（吨）", max_digits=10, decimal_places=1, help_text="设计或实际日供水量。"
    )
    population = models.PositiveIntegerField("供水人口")
    treatment = models.CharField(
        "净水工艺", max_length=100, blank=True, help_text="如：混凝、沉淀、过滤；无处理填“无”。"
    )
    disinfection = models.CharField("消毒方式", max_length=20, choices=Disinfection)
    self_testing = models.BooleanField("有水质自检设施", default=False)
    self_testing_items = models.CharField(
        "自检项目", max_length=200, blank=True, help_text="如：浑浊度、余氯、pH、菌落总数。"
    )
    notes = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = SupplyParticularsQuerySet.as_manager()

    class Meta:
        ordering = ["establishment__name", "-recorded_on", "-id"]
        verbose_name = verbose_name_plural = "供水单位基本情况"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "recorded_on"],
                name="supply_particulars_once_a_day",
                violation_error_message="该单位这一天的基本情况已登记。",
            ),
            models.CheckConstraint(
                condition=Q(daily_tons__gt=0),
                name="supply_particulars_tons_positive",
                violation_error_message="日供水量须大于零。",
            ),
        ]

    def __str__(self):
        return f"{self.daily_tons.normalize():f} 吨/日，{self.population} 人"

    def get_absolute_url(self):
        return _file(self.establishment_id)

    @property
    def large(self) -> bool:
        return (self.daily_tons or 0) >= LARGE_SUPPLY_TONS or (
            self.population or 0
        ) >= LARGE_SUPPLY_PEOPLE

    def clean(self):
        errors = {}
        _not_future(self.recorded_on, "recorded_on", errors, "核实日期")
        if self.daily_tons is not None and self.daily_tons <= 0:
            errors["daily_tons"] = "日供水量须大于零。"
        elif self.daily_tons is not None and self.daily_tons > 10_000_000:
            errors["daily_tons"] = "日供水量过大，请核对单位（吨）。"
        if self.self_testing and not self.self_testing_items.strip():
            errors["self_testing_items"] = "有自检设施的，请填写自检项目。"
        if not self.self_testing and self.self_testing_items.strip():
            errors["self_testing_items"] = "无自检设施时不应填写自检项目。"
        if errors:
            raise ValidationError(errors)


class TankCleaningRule(models.Model):
    """How often a 二次供水 tank must be cleaned and disinfected (data, kept by the
    administrator)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    months = models.PositiveSmallIntegerField("清洗消毒间隔（月）")
    source = models.CharField("依据", max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "二次供水设施清洗消毒周期"
        constraints = [
            models.CheckConstraint(
                condition=Q(months__gte=1),
                name="tank_rule_months_positive",
                violation_error_message="间隔至少 1 个月。",
            )
        ]

    def __str__(self):
        return f"{self.name}（每 {self.months} 个月）"

    @classmethod
    def interval_months(cls) -> int:
        rule = cls.objects.filter(code=TANK_RULE).first()
        return rule.months if rule else 6


TANK_RULE = "secondary-tank"


class TankKind(models.TextChoices):
    TANK = "tank", "水箱"
    RESERVOIR = "reservoir", "蓄水池"


class WaterTankQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(retired_on__isnull=True)

    def overdue_on(self, day: datetime.date, months: int | None = None):
        """Tanks in use never cleaned, or last cleaned more than the interval before ``day``."""
        months = TankCleaningRule.interval_months() if months is None else months
        cutoff = add_months(day, -months)
        return self.in_use().filter(Q(last_cleaned_on__isnull=True) | Q(last_cleaned_on__lt=cutoff))


class WaterTank(Recorded):
    """A 二次供水 tank or reservoir (二次供水设施) of a unit."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="water_tanks",
        verbose_name="单位",
    )
    name = models.CharField("位置或名称", max_length=100, help_text="如：3号楼屋顶水箱。")
    kind = models.CharField("设施类型", max_length=20, choices=TankKind, default=TankKind.TANK)
    count = models.PositiveSmallIntegerField("数量（个）", default=1)
    volume_m3 = models.DecimalField("容积（m³，每个）", max_digits=8, decimal_places=1)
    covered_locked = models.BooleanField("加盖上锁", default=False)
    last_cleaned_on = models.DateField("最近清洗消毒日期", null=True, blank=True)
    retired_on = models.DateField("停用日期", null=True, blank=True)
    notes = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = WaterTankQuerySet.as_manager()

    class Meta:
        ordering = ["establishment__name", "name", "id"]
        verbose_name = verbose_name_plural = "二次供水设施"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "name"],
                condition=Q(retired_on__isnull=True),
                name="water_tank_name_once_per_unit",
                violation_error_message="本单位已登记该位置的设施。",
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1) & Q(volume_m3__gt=0),
                name="water_tank_count_volume_positive",
                violation_error_message="数量和容积须大于零。",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}×{self.count}）"

    def get_absolute_url(self):
        return _file(self.establishment_id)

    def cleaning_due_on(self, months: int | None = None) -> datetime.date | None:
        if self.last_cleaned_on is None:
            return None
        months = TankCleaningRule.interval_months() if months is None else months
        return add_months(self.last_cleaned_on, months)

    def overdue_on(self, day: datetime.date, months: int | None = None) -> bool:
        if self.retired_on:
            return False
        due = self.cleaning_due_on(months)
        return due is None or due < day

    def clean(self):
        errors = {}
        _not_future(self.last_cleaned_on, "last_cleaned_on", errors, "清洗消毒日期")
        _not_future(self.retired_on, "retired_on", errors, "停用日期")
        if self.count is not None and self.count < 1:
            errors["count"] = "数量至少为 1。"
        if self.volume_m3 is not None and self.volume_m3 <= 0:
            errors["volume_m3"] = "容积须大于零。"
        elif self.volume_m3 is not None and self.volume_m3 > 100000:
            errors["volume_m3"] = "容积过大，请核对单位（m³）。"
        if errors:
            raise ValidationError(errors)


class ProductKind(models.TextChoices):
    PURIFIER = "purifier", "水质处理器（净水器）"
    PIPE = "pipe", "输配水设备"
    COATING = "coating", "防护材料"
    TREATMENT = "treatment", "水处理材料"
    CHEMICAL = "chemical", "化学处理剂"


class ApprovalLevel(models.TextChoices):
    PROVINCIAL = "provincial", "省级"
    NATIONAL = "national", "国家"


class WaterProductQuerySet(models.QuerySet):
    def without_valid_approval(self, day: datetime.date):
        """Products whose 卫生许可批件 is missing or expired on ``day``."""
        return self.filter(
            Q(approval_number="")
            | Q(approval_valid_until__isnull=True)
            | Q(approval_valid_until__lt=day)
        )


class WaterProduct(Recorded):
    """A product in contact with drinking water (涉水产品) with its 卫生许可批件."""

    name = models.CharField("产品名称", max_length=100)
    model_name = models.CharField("型号规格", max_length=100, blank=True)
    kind = models.CharField("产品类别", max_length=20, choices=ProductKind)
    maker = models.CharField("生产企业", max_length=100)
    approval_number = models.CharField(
        "卫生许可批件号", max_length=60, blank=True, help_text="无批件的留空。"
    )
    approval_level = models.CharField(
        "批准机关级别", max_length=20, choices=ApprovalLevel, blank=True
    )
    approval_valid_until = models.DateField("批件有效期至", null=True, blank=True)
    notes = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = WaterProductQuerySet.as_manager()

    class Meta:
        ordering = ["name", "model_name", "id"]
        verbose_name = verbose_name_plural = "涉水产品"
        constraints = [
            models.UniqueConstraint(
                fields=["approval_number"],
                condition=~Q(approval_number=""),
                name="water_product_approval_once",
                violation_error_message="已登记该卫生许可批件号的产品。",
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.model_name}".strip()

    def get_absolute_url(self):
        return reverse("premises:water_product_list") + f"?q={self.approval_number or self.name}"

    def approval_state(self, day: datetime.date) -> str:
        if not self.approval_number:
            return "无批件"
        if self.approval_valid_until is None:
            return "有效期未登记"
        if self.approval_valid_until < day:
            return "批件已过期"
        return ""

    def clean(self):
        errors = {}
        number = self.approval_number.strip()
        if number and not self.approval_level:
            errors["approval_level"] = "有批件的，请选择批准机关级别。"
        if number and not self.approval_valid_until:
            errors["approval_valid_until"] = "有批件的，请填写批件有效期。"
        if not number and (self.approval_level or self.approval_valid_until):
            errors["approval_number"] = "请填写批件号（或清空级别和有效期）。"
        if errors:
            raise ValidationError(errors)


class ProductSale(Recorded):
    """A seller (a unit) selling a product (涉水产品经营)."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="product_sales",
        verbose_name="经营单位",
    )
    product = models.ForeignKey(
        WaterProduct, on_delete=models.PROTECT, related_name="sales", verbose_name="产品"
    )
    since = models.DateField("开始经营日期")
    ended_on = models.DateField("停止经营日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["establishment__name", "product__name", "id"]
        verbose_name = verbose_name_plural = "涉水产品经营"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "product"],
                condition=Q(ended_on__isnull=True),
                name="product_sale_once",
                violation_error_message="本单位已登记经营该产品。",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("since")),
                name="product_sale_ended_after_since",
                violation_error_message="停止经营日期不能早于开始日期。",
            ),
        ]

    def __str__(self):
        return str(self.product) if self.product_id else "—"

    def get_absolute_url(self):
        return _file(self.establishment_id)

    def clean(self):
        errors = {}
        _not_future(self.since, "since", errors, "开始经营日期")
        if self.ended_on and self.since and self.ended_on < self.since:
            errors["ended_on"] = "停止经营日期不能早于开始日期。"
        if errors:
            raise ValidationError(errors)


class SamplingResult(models.TextChoices):
    PENDING = "pending", "送检中"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class ProductSampling(Recorded):
    """A product sampled (at a seller) and sent to a laboratory (涉水产品抽检)."""

    product = models.ForeignKey(
        WaterProduct, on_delete=models.PROTECT, related_name="samplings", verbose_name="产品"
    )
    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="product_samplings",
        verbose_name="抽样单位",
        null=True,
        blank=True,
    )
    sampled_on = models.DateField("抽样日期")
    lab = models.CharField("检测机构", max_length=100, help_text="如：省疾病预防控制中心。")
    result = models.CharField(
        "检测结论", max_length=10, choices=SamplingResult, default=SamplingResult.PENDING
    )
    report_number = models.CharField("检测报告编号", max_length=60, blank=True)
    reported_on = models.DateField("报告日期", null=True, blank=True)
    notes = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sampled_on", "-id"]
        verbose_name = verbose_name_plural = "涉水产品抽检"

    def __str__(self):
        return f"{self.product} {self.sampled_on:%Y-%m-%d} {self.get_result_display()}"

    def get_absolute_url(self):
        if self.establishment_id:
            return _file(self.establishment_id)
        return reverse("premises:water_product_list")

    def clean(self):
        errors = {}
        _not_future(self.sampled_on, "sampled_on", errors, "抽样日期")
        _not_future(self.reported_on, "reported_on", errors, "报告日期")
        if self.reported_on and self.sampled_on and self.reported_on < self.sampled_on:
            errors["reported_on"] = "报告日期不能早于抽样日期。"
        if self.result != SamplingResult.PENDING and not self.reported_on:
            errors["reported_on"] = "已有结论的，请填写报告日期。"
        if self.result == SamplingResult.PENDING and self.reported_on:
            errors["result"] = "已填写报告日期的，请选择检测结论。"
        if errors:
            raise ValidationError(errors)
