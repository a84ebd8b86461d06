"""A unit supervised under more than one domain (一个单位、多个监督专业).

A registered unit (one legal entity, one credit code, one file) is filed under its main kind
(``Establishment.category``), whose domain is its main domain; its status changes are that
domain's dates. A hospital doing X-ray is also a 放射诊疗 unit; its 候诊室 is a public place; a
school with its own well is also a water supplier. Each further domain is one
``Supervision``: the kind the unit has in that domain and its own dates (from when, until
when). A unit counts once in "all domains" (under its main kind) and once in each domain it
is supervised under (under its kind there).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import Recorded
from premises.models.reference import Category, Domain


class SupervisionQuerySet(models.QuerySet):
    def active_between(self, start: datetime.date, end: datetime.date):
        """Supervised at some time between ``start`` and ``end`` (inclusive)."""
        return self.filter(started_on__lte=end).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=start)
        )

    def active_on(self, day: datetime.date):
        return self.active_between(day, day)


class Supervision(Recorded):
    """A further domain a unit is supervised under, with its kind there (其他监督专业)."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.CASCADE,
        related_name="supervisions",
        verbose_name="单位",
    )
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="+", verbose_name="监督专业", editable=False
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="supervisions",
        verbose_name="该专业类别",
        limit_choices_to={"parent__isnull": False},
    )
    started_on = models.DateField("纳入监管日期")
    ended_on = models.DateField("终止监管日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=200, blank=True)
    notes = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = SupervisionQuerySet.as_manager()

    class Meta:
        ordering = ["domain__order", "started_on", "id"]
        verbose_name = verbose_name_plural = "单位其他监督专业"
        constraints = [
            # One current registration per domain; an ended one may be followed by a new
            # period (X-ray stopped, then taken up again), never overlapping it.
            models.UniqueConstraint(
                fields=["establishment", "domain"],
                condition=Q(ended_on__isnull=True),
                name="supervision_one_per_domain",
                violation_error_message="该单位已在监管此专业。",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="supervision_ended_after_started",
                violation_error_message="终止监管日期不能早于纳入监管日期。",
            ),
        ]
        indexes = [models.Index(fields=["domain", "establishment"], name="supervision_domain_unit")]

    def __str__(self):
        return f"{self.domain.name}：{self.category.name}" if self.category_id else "—"

    def save(self, *args, **kwargs):
        # The domain is the kind's: stored beside it for the one-per-domain constraint.
        if self.category_id:
            self.domain_id = Category.objects.values_list("domain_id", flat=True).get(
                pk=self.category_id
            )
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.category_id:
            if self.category.parent_id is None:
                errors["category"] = "请选择具体类别（小类），而不是大类。"
            self.domain_id = self.category.domain_id
            unit = self.establishment if self.establishment_id else None
            if unit is not None and unit.category_id and unit.category.domain_id == self.domain_id:
                errors["category"] = (
                    f"“{self.category.domain.name}”是本单位的主专业（{unit.category.name}），"
                    "无需另行登记；如类别有误请修改单位信息。"
                )
        if self.started_on and self.started_on > timezone.localdate():
            errors["started_on"] = "纳入监管日期不能晚于今天。"
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = "终止监管日期不能早于纳入监管日期。"
        if self.ended_on and not self.end_reason.strip():
            errors["end_reason"] = "请填写终止监管的原因。"
        if errors:
            raise ValidationError(errors)
