"""What goes with a penalty but is not one (行政处罚法第九条、第二十八条): the correction
order (责令改正通知书), measures such as 取缔, and the items a confiscation takes, counted.

Each names its case "penalties.PenaltyCase" (not the class), as records.py does."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from penalties.choices import MeasureKind


class CorrectionOrder(models.Model):
    """责令改正通知书: what the party must correct, by when, under which clause; numbered in
    its own series. Not a penalty: the notice and the decision do not list it as one."""

    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.CASCADE,
        related_name="correction_orders",
        verbose_name="案件",
    )
    number = models.CharField("文书编号", max_length=60, unique=True)
    content = models.TextField("改正内容")
    due_on = models.DateField("改正期限", null=True, blank=True, help_text="空：立即改正。")
    basis = models.CharField("依据", max_length=300)
    issued_on = models.DateField("下达日期")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="下达人",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "issued_on", "id"]
        verbose_name = verbose_name_plural = "责令改正通知书"
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=models.F("issued_on")),
                name="correction_due_not_before_issue",
            )
        ]

    def __str__(self):
        return f"责令改正通知书 {self.number}"

    @property
    def due_text(self) -> str:
        return f"{self.due_on:%Y年%-m月%-d日}前" if self.due_on else "立即"


class CaseMeasure(models.Model):
    """A measure taken in the case that is not a 行政处罚, such as 取缔 of an unlicensed
    clinic, with its date and note; the decision shows it apart from the penalties."""

    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name="案件",
    )
    kind = models.CharField("措施", max_length=20, choices=MeasureKind)
    taken_on = models.DateField("实施日期")
    basis = models.CharField("依据", max_length=300, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "taken_on", "id"]
        verbose_name = verbose_name_plural = "其他措施（取缔等）"

    def __str__(self):
        return f"{self.get_kind_display()} {self.taken_on:%Y-%m-%d}"


class ConfiscatedItem(models.Model):
    """One line of a confiscation of 药品、器械: name, specification, quantity and unit."""

    penalty = models.ForeignKey(
        "penalties.CasePenalty",
        on_delete=models.CASCADE,
        related_name="item_lines",
        verbose_name="处罚内容",
    )
    name = models.CharField("名称", max_length=100)
    specification = models.CharField("规格", max_length=100, blank=True)
    quantity = models.DecimalField(
        "数量", max_digits=12, decimal_places=3, validators=[MinValueValidator(0)]
    )
    unit = models.CharField("单位", max_length=20)

    class Meta:
        ordering = ["penalty", "id"]
        verbose_name = verbose_name_plural = "没收物品"
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="confiscated_quantity_positive"
            )
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        spec = f"（{self.specification}）" if self.specification else ""
        return f"{self.name}{spec} {self.quantity.normalize():f}{self.unit}"
