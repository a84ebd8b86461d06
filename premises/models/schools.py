"""A school's particulars for a school year (学校卫生基本情况): pupils, boarding, the school
doctor and health teachers, and its own well (自备井: then the school is also a water unit,
premises.Supervision with the kind 学校自备井). The classroom checks (教学环境) are samples
of an inspection (inspections: sample type 教室环境, judged against limits as data)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import Recorded
from premises.models.occupational import YEAR_VALIDATORS

SCHOOLS = "schools"
FIRST_YEAR = 2000


def year_range() -> tuple[int, int]:
    """The school years a profile may be kept for: from 2000 to next year's (a school
    year starting in autumn is registered ahead)."""
    return FIRST_YEAR, timezone.localdate().year + 1


SCHOOL_WELL = "dw.supply.school_well"


class SchoolProfile(Recorded):
    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.CASCADE,
        related_name="school_profiles",
        verbose_name="学校",
    )
    year = models.PositiveIntegerField("学年（起始年）", validators=YEAR_VALIDATORS)
    students = models.PositiveIntegerField("在校学生数")
    classes = models.PositiveIntegerField("班级数", null=True, blank=True)
    boarding = models.BooleanField("寄宿制", default=False)
    boarders = models.PositiveIntegerField("住校学生数", default=0)
    school_doctors = models.PositiveSmallIntegerField("校医人数", default=0)
    health_teachers = models.PositiveSmallIntegerField("保健教师人数", default=0)
    own_well = models.BooleanField(
        "有自备井", default=False, help_text="有自备井的学校同时纳入生活饮用水（学校自备井）监管。"
    )
    notes = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "establishment__name", "id"]
        verbose_name = verbose_name_plural = "学校卫生基本情况"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "year"],
                name="school_profile_one_per_year",
                violation_error_message="该学校本学年的基本情况已登记。",
            ),
            models.CheckConstraint(
                condition=Q(boarders__lte=F("students")),
                name="school_profile_boarders_within_students",
                violation_error_message="住校学生数不能多于在校学生数。",
            ),
            models.CheckConstraint(
                condition=Q(boarding=True) | Q(boarders=0),
                name="school_profile_boarders_only_boarding",
                violation_error_message="非寄宿制学校住校学生数应为 0。",
            ),
        ]

    def __str__(self):
        return f"{self.year}学年：{self.students} 名学生" if self.year else "—"

    def get_absolute_url(self):
        return reverse("premises:establishment_detail", args=[self.establishment_id]) + "#school"

    @property
    def health_staff(self) -> int:
        return (self.school_doctors or 0) + (self.health_teachers or 0)

    def clean(self):
        errors = {}
        first, last = year_range()
        if self.year is not None and not first <= self.year <= last:
            errors["year"] = f"学年应在 {first} 至 {last} 年之间。"
        if self.students is not None and self.boarders and self.boarders > self.students:
            errors["boarders"] = (
                f"住校学生数（{self.boarders}）不能多于在校学生数（{self.students}）。"
            )
        if not self.boarding and self.boarders:
            errors["boarders"] = "非寄宿制学校住校学生数应为 0；如有住校生请勾选“寄宿制”。"
        if self.boarding and not self.boarders:
            errors["boarders"] = "寄宿制学校请填写住校学生数。"
        if self.classes and self.students is not None and self.classes > self.students:
            errors["classes"] = "班级数不能多于学生数。"
        if errors:
            raise ValidationError(errors)
