"""公共场所卫生信誉度等级 (量化分级管理): a public-place unit's grade A / B / C, assessed from
the standardised score of an inspection's checklist, and the rules that turn a score into a
grade, a planned number of visits a year and a 双随机 sampling share (GradeRule: data).

A grade is never edited in place: a new assessment supersedes the unit's earlier ones (the
unit's current grade is its latest assessment not voided), and a wrong one is voided with
a reason (Voidable), which brings the one before it back.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from inspections.choices import CreditGrade, GradeRuleRow
from inspections.models.corrections import Voidable

PUBLIC_PLACES = "public_places"  # the domain whose units are graded (stable domain code)
HUNDRED = Decimal("100")


class GradeRuleQuerySet(models.QuerySet):
    def by_row(self) -> dict:
        """{row value: rule} for every row present."""
        return {rule.row: rule for rule in self}


class GradeRule(models.Model):
    """One row of the grading rules: the lowest standardised score of a grade, whether the
    grade may be given when a key item (※) failed, the visits planned a year for units of
    the grade, and the share of them a 双随机 draw by grade takes. The row 未评定 holds the
    frequency and share of units not yet assessed (no score). Edited by the administrator;
    an assessment keeps a copy of the rules it was made with."""

    row = models.CharField("等级", max_length=10, choices=GradeRuleRow, unique=True)
    min_score = models.DecimalField(
        "最低标化分",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(HUNDRED)],
        help_text="标化分（得分 ÷ 应得分 × 100）达到此分评为本等级；“未评定”不填。",
    )
    allowed_with_key_failure = models.BooleanField(
        "关键项不符合时可评此级",
        default=False,
        help_text="不勾选：有关键项（※）不符合的，不能评为本等级，按下一个允许的等级评定"
        "（都不允许时不予定级）。",
    )
    visits_per_year = models.PositiveSmallIntegerField(
        "年度计划监督频次（户次）",
        help_text="本等级单位每年应接受的监督检查次数。",
    )
    draw_share = models.DecimalField(
        "双随机抽取比例（%）",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(HUNDRED)],
        help_text="按等级抽取时，本等级单位抽取的比例（向上取整）；0 为不抽。",
    )
    source = models.CharField("依据", max_length=300, blank=True)
    verified = models.BooleanField(
        "依据已核实",
        default=False,
        help_text="未勾选：默认值未在正式文件中核实（UNVERIFIED），请按本省方案修改。",
    )
    history = HistoricalRecords()

    objects = GradeRuleQuerySet.as_manager()

    class Meta:
        ordering = ["-min_score", "row"]
        verbose_name = verbose_name_plural = "信誉度等级规则"
        constraints = [
            models.CheckConstraint(
                condition=Q(row__in=GradeRuleRow.values), name="grade_rule_row_valid"
            ),
            models.CheckConstraint(
                condition=Q(row="unrated", min_score__isnull=True)
                | (~Q(row="unrated") & Q(min_score__isnull=False)),
                name="grade_rule_score_unless_unrated",
                violation_error_message="各等级须填写最低标化分（“未评定”不填）。",
            ),
            models.CheckConstraint(
                condition=Q(draw_share__gte=0) & Q(draw_share__lte=100),
                name="grade_rule_share_percent",
            ),
        ]

    def __str__(self):
        return self.get_row_display()

    def clean(self):
        if self.row == GradeRuleRow.UNRATED:
            if self.min_score is not None:
                raise ValidationError({"min_score": "“未评定”没有最低标化分。"})
        elif self.min_score is None:
            raise ValidationError({"min_score": "请填写本等级的最低标化分。"})

    def snapshot(self) -> dict:
        return {
            "min_score": None if self.min_score is None else str(self.min_score),
            "allowed_with_key_failure": self.allowed_with_key_failure,
            "visits_per_year": self.visits_per_year,
            "draw_share": str(self.draw_share),
        }


GRADED_ROWS = (CreditGrade.A, CreditGrade.B, CreditGrade.C)


def grade_for(*, standardised, key_failed: bool, rules: dict) -> str:
    """The grade a standardised score gives under ``rules`` ({row: GradeRule}): the best
    of A, B, C whose lowest score it reaches and, when a key item failed, that allows it;
    不予定级 when none. The one place the rule lives (service, page, tests)."""
    if standardised is None:
        return CreditGrade.NONE
    for grade in GRADED_ROWS:
        rule = rules.get(grade.value)
        if rule is None or rule.min_score is None or standardised < rule.min_score:
            continue
        if key_failed and not rule.allowed_with_key_failure:
            continue
        return grade.value
    return CreditGrade.NONE


class GradeAssessmentQuerySet(models.QuerySet):
    def current(self):
        """Assessments not voided."""
        return self.filter(voided_at__isnull=True)

    def standing(self):
        """The current grade of each unit: its latest assessment not voided."""
        latest = (
            GradeAssessment.objects.filter(establishment=OuterRef("establishment"))
            .order_by("-assessed_on", "-id")
            .values("pk")[:1]
        )
        return self.current().filter(pk=Subquery(latest))


class CurrentAssessmentManager(models.Manager.from_queryset(GradeAssessmentQuerySet)):
    """Assessments not voided (lists, the unit's grade, draws); ``all_objects`` has all."""

    def get_queryset(self):
        return super().get_queryset().filter(voided_at__isnull=True)


class GradeAssessment(Voidable, models.Model):
    """One assessment of a public-place unit's 卫生信誉度等级 from one inspection's checklist.
    Written by ``grade_assess`` only; never edited: superseded by a later one, or voided
    with a reason."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="grade_assessments",
        verbose_name="单位",
    )
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        related_name="grade_assessments",
        verbose_name="依据的检查",
    )
    assessed_on = models.DateField("评定日期")
    grade = models.CharField("信誉度等级", max_length=10, choices=CreditGrade)
    total = models.DecimalField("得分", max_digits=7, decimal_places=2)
    full = models.DecimalField("应得分", max_digits=7, decimal_places=2)
    standardised = models.DecimalField("标化分", max_digits=5, decimal_places=1)
    key_failed = models.JSONField("不符合的关键项", default=list, blank=True)
    not_applicable_items = models.PositiveIntegerField("合理缺项数", default=0)
    rules = models.JSONField("评定时的等级规则", default=dict)
    note = models.CharField("说明", max_length=200, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="评定人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = CurrentAssessmentManager()
    all_objects = GradeAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = verbose_name_plural = "卫生信誉度等级评定"
        permissions = [("void_gradeassessment", "作废信誉度等级评定")]
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__in=CreditGrade.values), name="grade_assessment_grade_valid"
            ),
            models.CheckConstraint(
                condition=Q(standardised__gte=0) & Q(standardised__lte=100),
                name="grade_assessment_score_percent",
            ),
            # One standing assessment per inspection: a second is refused by the database.
            models.UniqueConstraint(
                fields=["inspection"],
                condition=Q(voided_at__isnull=True),
                name="grade_assessment_once_per_inspection",
                violation_error_message="该次检查已评定过信誉度等级。",
            ),
        ]
        indexes = [
            models.Index(fields=["establishment", "assessed_on"], name="grade_unit_day"),
        ]

    def __str__(self):
        return f"{self.establishment} {self.get_grade_display()}（{self.assessed_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("inspections:grade_detail", args=[self.pk])

    @property
    def is_graded(self) -> bool:
        return self.grade != CreditGrade.NONE


def grade_of_unit():
    """A subquery: the current grade of the unit at ``OuterRef("pk")`` (None: unrated)."""
    return Subquery(
        GradeAssessment.objects.filter(establishment=OuterRef("pk"))
        .order_by("-assessed_on", "-id")
        .values("grade")[:1]
    )


def graded_units(units=None):
    """Public-place units (of ``units``, default all) with ``current_grade`` (None: not yet
    assessed) and ``planned_visits`` (the rules' visits a year for that grade)."""
    from premises.models import Establishment

    units = units if units is not None else Establishment.objects.all()
    rules = GradeRule.objects.by_row()
    unrated = rules.get(GradeRuleRow.UNRATED)
    planned = Case(
        *[
            When(current_grade=row, then=Value(rule.visits_per_year))
            for row, rule in rules.items()
            if row != GradeRuleRow.UNRATED
        ],
        default=Value(unrated.visits_per_year if unrated else 0),
        output_field=models.IntegerField(),
    )
    return (
        units.filter(category__domain__code=PUBLIC_PLACES)
        .annotate(current_grade=grade_of_unit())
        .annotate(planned_visits=planned)
    )


def units_behind_plan(*, year: int):
    """Public-place units in scope in ``year`` whose visits that year (inspections not
    voided) are fewer than their grade plans, with ``visits`` and ``missing_visits``."""
    from inspections.models.inspection import Inspection
    from premises.models import Establishment

    visits = (
        Inspection.objects.filter(establishment=OuterRef("pk"), inspected_at__year=year)
        .order_by()
        .values("establishment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        graded_units(Establishment.objects.in_scope(year))
        .annotate(visits=Coalesce(Subquery(visits), 0))
        .annotate(missing_visits=F("planned_visits") - F("visits"))
        .filter(missing_visits__gt=0)
    )
