"""Samples tested on an inspection, judged against an editable table of national limits."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from inspections.choices import SampleVerdict, Verdict
from inspections.models.corrections import AllRecordsManager, Voidable


def _plain(value: Decimal) -> str:
    """72.0000 → 72, -0.3000 → -0.3 (no exponent)."""
    text = f"{value.normalize():f}"
    return text


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent)


class StandardLimit(models.Model):
    """One parameter's limit for one sample type under one standard (e.g. GB 37488-2019)."""

    sample_type = models.CharField("样品类型", max_length=50)
    standard = models.CharField("标准", max_length=50)
    parameter = models.CharField("指标", max_length=50)
    unit = models.CharField("单位", max_length=30, blank=True)
    minimum = models.DecimalField("下限", max_digits=12, decimal_places=4, null=True, blank=True)
    maximum = models.DecimalField("上限", max_digits=12, decimal_places=4, null=True, blank=True)
    not_detected = models.BooleanField("不得检出", default=False)
    # What a reading can possibly be (pH 0–14, a concentration ≥ 0): outside it the value
    # is a typing slip, refused on its field. Empty: no bound that side.
    plausible_min = models.DecimalField(
        "可能值下限", max_digits=12, decimal_places=4, null=True, blank=True
    )
    plausible_max = models.DecimalField(
        "可能值上限", max_digits=12, decimal_places=4, null=True, blank=True
    )
    lab_test = models.BooleanField(
        "送实验室检测",
        default=False,
        help_text="现场不能出结果的指标（如微生物）：登记样品时默认“送检中”，结果出来后再录入。",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sample_type", "order", "id"]
        verbose_name = verbose_name_plural = "卫生标准限值"
        constraints = [
            models.UniqueConstraint(
                fields=["sample_type", "standard", "parameter"], name="limit_unique_parameter"
            ),
            models.CheckConstraint(
                condition=Q(not_detected=True)
                | Q(minimum__isnull=False)
                | Q(maximum__isnull=False),
                name="limit_has_a_bound",
            ),
            models.CheckConstraint(
                condition=Q(plausible_min__isnull=True)
                | Q(plausible_max__isnull=True)
                | Q(plausible_min__lte=models.F("plausible_max")),
                name="limit_plausible_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.parameter}（{self.limit_text}）"

    @property
    def limit_text(self) -> str:
        if self.not_detected:
            return "不得检出"
        unit = f" {self.unit}" if self.unit else ""
        if self.minimum is not None and self.maximum is not None:
            # Both bounds with the same decimals, as standards print them: 7.0–7.8, 0.3–1.0.
            places = max(_places(self.minimum), _places(self.maximum))
            return f"{self.minimum:.{places}f}–{self.maximum:.{places}f}{unit}"
        if self.maximum is not None:
            return f"≤ {self.maximum.normalize():f}{unit}"
        return f"≥ {self.minimum.normalize():f}{unit}"

    @property
    def plausible_text(self) -> str:
        low, high = self.plausible_min, self.plausible_max
        if low is not None and high is not None:
            return f"{_plain(low)}–{_plain(high)}"
        if low is not None:
            return f"≥ {_plain(low)}"
        return f"≤ {_plain(high)}" if high is not None else ""

    def plausibility_error(self, value: Decimal | None) -> str | None:
        """Why ``value`` cannot be a reading of this parameter, or None."""
        if value is None:
            return None
        low, high = self.plausible_min, self.plausible_max
        if (low is None or value >= low) and (high is None or value <= high):
            return None
        unit = f" {self.unit}" if self.unit else ""
        if low is not None and high is not None:
            where = f"应在 {_plain(low)}–{_plain(high)}{unit} 之间"
        elif low is not None:
            where = f"不能小于 {_plain(low)}{unit}"
        else:
            where = f"不能大于 {_plain(high)}{unit}"
        return f"{self.parameter} {where}，{_plain(value)} 不可能，请核对。"

    def judge(self, value: Decimal | None, detected: bool | None) -> str:
        if self.not_detected:
            if detected is None and value is None:
                raise ValidationError("请填写是否检出。")
            found = detected if detected is not None else value > 0
            return Verdict.FAIL if found else Verdict.PASS
        if value is None:
            raise ValidationError("请填写检测值。")
        if self.minimum is not None and value < self.minimum:
            return Verdict.FAIL
        if self.maximum is not None and value > self.maximum:
            return Verdict.FAIL
        return Verdict.PASS


class CurrentSampleManager(models.Manager):
    """Samples neither voided nor of a voided inspection (``Sample.all_objects``: all)."""

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(voided_at__isnull=True, inspection__voided_at__isnull=True)
        )


class Sample(Voidable, models.Model):
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.CASCADE,
        related_name="samples",
        verbose_name="检查",
    )
    # Numbered by core.numbering (series "sample") when recorded; samples recorded before
    # numbering have none.
    number = models.CharField(
        "样品编号", max_length=40, unique=True, null=True, blank=True, editable=False
    )
    sample_type = models.CharField("样品类型", max_length=50)
    location = models.CharField("采样点", max_length=100, blank=True)
    taken_at = models.DateTimeField("采样时间")
    # The non-product sampling record (采样记录, DOCUMENTS.md §2.1).
    method = models.CharField("采样方法", max_length=100, blank=True)
    purpose = models.CharField("采样目的", max_length=100, blank=True)
    instrument = models.CharField("采样仪器", max_length=100, blank=True)
    container = models.CharField("容器", max_length=100, blank=True)
    portions = models.PositiveSmallIntegerField("样品份数", default=1)
    site_description = models.TextField("现场情况", blank=True)
    lab = models.CharField("检测机构", max_length=100, blank=True)
    verdict = models.CharField("结论", max_length=10, choices=SampleVerdict, editable=False)
    history = HistoricalRecords()

    objects = CurrentSampleManager()
    all_objects = AllRecordsManager()

    class Meta:
        ordering = ["taken_at", "id"]
        verbose_name = verbose_name_plural = "卫生检测样品"

    def __str__(self):
        return f"{self.sample_type} {self.location}".strip()

    @property
    def is_pending(self) -> bool:
        return self.verdict == SampleVerdict.PENDING


class SampleTypeScope(models.Model):
    """Which units a sample type is taken at (游泳池水 at 游泳场所 only). A type without a
    scope may be taken at any unit; a class listed covers all its kinds."""

    sample_type = models.CharField("样品类型", max_length=50, unique=True)
    categories = models.ManyToManyField(
        "premises.Category",
        related_name="+",
        verbose_name="适用的单位类别",
        help_text="选大类即包含其全部小类。",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    history = HistoricalRecords(m2m_fields=[categories])

    class Meta:
        ordering = ["sample_type"]
        verbose_name = verbose_name_plural = "样品类型适用范围"

    def __str__(self):
        return self.sample_type


class SampleResult(models.Model):
    sample = models.ForeignKey(
        Sample, on_delete=models.CASCADE, related_name="results", verbose_name="样品"
    )
    limit = models.ForeignKey(
        StandardLimit, on_delete=models.PROTECT, related_name="+", verbose_name="指标"
    )
    value = models.DecimalField("检测值", max_digits=12, decimal_places=4, null=True, blank=True)
    detected = models.BooleanField("检出", null=True, blank=True)
    verdict = models.CharField("判定", max_length=10, choices=SampleVerdict, editable=False)

    class Meta:
        ordering = ["limit__order", "id"]
        verbose_name = verbose_name_plural = "检测结果"
        constraints = [
            models.UniqueConstraint(fields=["sample", "limit"], name="result_once_per_parameter")
        ]

    def __str__(self):
        return f"{self.limit.parameter}: {self.get_verdict_display()}"
