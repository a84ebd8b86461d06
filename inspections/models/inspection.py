"""An inspection (监督检查): one visit to one unit, one 户次."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from inspections.choices import InspectionKind, InspectionResult
from inspections.models.checklist import score_summary
from inspections.models.corrections import Voidable
from inspections.models.photos import photo_path  # noqa: F401 (migration 0001 names it here)


class ProblemTypeQuerySet(models.QuerySet):
    def for_domain(self, domain):
        """The active problem types an inspection under ``domain`` offers: the domain's
        own and those of no domain (其他)."""
        return self.filter(is_active=True).filter(Q(domain__isnull=True) | Q(domain=domain))


class ProblemType(models.Model):
    """A kind of problem inspectors record (no disinfection room, no health certificate...);
    one of a domain is recorded only on an inspection under that domain."""

    code = models.SlugField("代码", max_length=60, unique=True)
    name = models.CharField("名称", max_length=100)
    domain = models.ForeignKey(
        "premises.Domain", on_delete=models.PROTECT, null=True, blank=True, verbose_name="监督专业"
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    requirement = models.TextField(
        "默认整改要求",
        blank=True,
        help_text="下达意见书时，勾选此问题的检查预先填入的整改要求（可在意见书中修改）。",
    )

    objects = ProblemTypeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = verbose_name_plural = "问题类型"

    def __str__(self):
        return self.name

    def misfit(self, domain) -> str | None:
        """Why this problem is not recorded on an inspection under ``domain``, or None."""
        if self.domain_id is None or (domain is not None and self.domain_id == domain.pk):
            return None
        return (
            f"“{self.name}”是{self.domain.name}专业的问题，"
            f"不能记入{domain.name if domain else '本次'}检查。"
        )


class InspectionQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(inspected_at__year=year)

    def by_inspector(self, user):
        return self.filter(inspectors=user)

    def current(self):
        return self.filter(voided_at__isnull=True)

    def voided(self):
        return self.filter(voided_at__isnull=False)


class CurrentInspectionManager(models.Manager.from_queryset(InspectionQuerySet)):
    """Inspections not voided: every list, panel and figure (and the reverse relations,
    e.g. ``unit.inspections``) reads these. ``Inspection.all_objects`` has the voided too."""

    def get_queryset(self):
        return super().get_queryset().filter(voided_at__isnull=True)


class Inspection(Voidable, models.Model):
    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name="被检查单位",
    )
    # The unit's kind in the domain it was inspected under (premises.Supervision): a
    # hospital's 放射诊疗 visit counts in radiation, its 候诊室 visit in public places.
    category = models.ForeignKey(
        "premises.Category",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="检查专业（类别）",
        help_text="单位在所检查专业中的类别；单位只有一个专业时即其类别。",
    )
    inspected_at = models.DateTimeField("检查时间")
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="inspections", verbose_name="监督员"
    )
    kind = models.CharField("检查类型", max_length=20, choices=InspectionKind)
    campaign = models.ForeignKey(
        "inspections.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name="专项整治",
    )
    draw_assignment = models.ForeignKey(
        "inspections.DrawAssignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name="双随机抽查任务",
    )
    follows_opinion = models.ForeignKey(
        "inspections.SupervisionOpinion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name="复查的意见书",
    )
    rectified = models.BooleanField("复查结论：已整改", null=True, blank=True)
    person_present = models.CharField("单位在场人员", max_length=50)
    findings = models.TextField("检查情况", blank=True)
    problems = models.ManyToManyField(ProblemType, blank=True, verbose_name="发现问题")
    result = models.CharField("处理结果", max_length=20, choices=InspectionResult)
    checklist = models.ForeignKey(
        "inspections.ChecklistTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name="评分表（版本）",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[inspectors, problems])

    objects = CurrentInspectionManager()
    all_objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-inspected_at", "-id"]
        verbose_name = verbose_name_plural = "监督检查"
        permissions = [
            ("correct_inspection", "更正或作废本人录入或参加的检查记录"),
            ("correct_any_inspection", "更正或作废任何检查记录"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InspectionKind.values), name="inspection_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(result__in=InspectionResult.values), name="inspection_result_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind="follow_up") | Q(follows_opinion__isnull=False),
                name="follow_up_names_its_opinion",
            ),
        ]
        indexes = [
            models.Index(fields=["inspected_at"]),
            # "Inspected in the period" per unit, from the index alone (reports).
            models.Index(fields=["establishment", "inspected_at"], name="inspection_unit_time"),
        ]

    def __str__(self):
        return f"{self.establishment} {timezone.localtime(self.inspected_at):%Y-%m-%d}"

    def save(self, *args, **kwargs):
        # Not named (fixtures, older callers): the unit's main kind.
        if self.category_id is None and self.establishment_id:
            self.category_id = self.establishment.category_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("inspections:inspection_detail", args=[self.pk])

    @property
    def domain(self):
        return self.category.domain

    def score_summary(self):
        """The checklist's result, computed, never typed: inspections.models.checklist."""
        return score_summary(self.checklist, self.scores.all()) if self.checklist_id else None
