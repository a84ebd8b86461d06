"""Reporting upward (全国卫生监督信息报告系统): which information cards (信息卡) were reported
and when, and random-draw results published. What is due is computed from the records."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class CardKind(models.TextChoices):
    UNIT = "unit", "被监督单位信息卡"
    INSPECTION = "inspection", "监督检查信息卡"
    CASE_DECISION = "case_decision", "案件查处信息卡（决定）"
    CASE_CLOSURE = "case_closure", "案件查处信息卡（结案）"
    # One report only: a simple-procedure case, or a case closed without a penalty decision
    # (不予行政处罚, 撤销立案, 移送).
    CASE_SINGLE = "case_single", "案件查处信息卡（简易程序、未作处罚决定结案）"
    DRAW_PUBLICATION = "draw_publication", "双随机抽查结果公示"


class InfoCardReport(models.Model):
    """One card reported (or one draw's results published), for exactly one record."""

    kind = models.CharField("类别", max_length=20, choices=CardKind)
    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="单位",
    )
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="检查",
    )
    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="案件",
    )
    draw = models.ForeignKey(
        "inspections.RandomDraw",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="双随机抽查",
    )
    reported_on = models.DateField("报告（公示）日期")
    reference = models.CharField("系统编号或公示网址", max_length=200, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报告人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = verbose_name_plural = "信息报告"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=CardKind.UNIT,
                        establishment__isnull=False,
                        inspection__isnull=True,
                        case__isnull=True,
                        draw__isnull=True,
                    )
                    | Q(
                        kind=CardKind.INSPECTION,
                        inspection__isnull=False,
                        establishment__isnull=True,
                        case__isnull=True,
                        draw__isnull=True,
                    )
                    | Q(
                        kind__in=[
                            CardKind.CASE_DECISION,
                            CardKind.CASE_CLOSURE,
                            CardKind.CASE_SINGLE,
                        ],
                        case__isnull=False,
                        establishment__isnull=True,
                        inspection__isnull=True,
                        draw__isnull=True,
                    )
                    | Q(
                        kind=CardKind.DRAW_PUBLICATION,
                        draw__isnull=False,
                        establishment__isnull=True,
                        inspection__isnull=True,
                        case__isnull=True,
                    )
                ),
                name="infocard_one_record_of_its_kind",
            ),
            models.UniqueConstraint(
                fields=["kind", "establishment"],
                condition=Q(establishment__isnull=False),
                name="infocard_unit_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "inspection"],
                condition=Q(inspection__isnull=False),
                name="infocard_inspection_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "case"], condition=Q(case__isnull=False), name="infocard_case_once"
            ),
            models.UniqueConstraint(
                fields=["kind", "draw"], condition=Q(draw__isnull=False), name="infocard_draw_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reported_on}"
