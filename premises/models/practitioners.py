"""Practitioners (从业人员) of supervised units."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.fields import IdNumberField
from core.validators import mask_id_number
from premises.choices import Sex
from premises.models.establishments import Establishment, phone_validator


class PractitionerQuerySet(models.QuerySet):
    def employed_on(self, day: datetime.date):
        return self.filter(hired_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))

    def current(self):
        return self.employed_on(timezone.localdate())


class Practitioner(models.Model):
    """A person working at a unit (从业人员)."""

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.PROTECT,
        related_name="practitioners",
        verbose_name="所在单位",
    )
    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=1, choices=Sex)
    post = models.CharField("岗位", max_length=50)
    id_number = IdNumberField()
    serves_customers = models.BooleanField(
        "直接为顾客服务", default=True, help_text="直接为顾客服务的人员须每年体检并持健康证明上岗。"
    )
    phone = models.CharField("联系电话", max_length=30, blank=True, validators=[phone_validator])
    hired_on = models.DateField("入职日期")
    left_on = models.DateField("离职日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PractitionerQuerySet.as_manager()

    class Meta:
        ordering = ["establishment__name", "name", "id"]
        verbose_name = verbose_name_plural = "从业人员"
        permissions = [("view_full_id_number", "可查看完整身份证号码")]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("hired_on")),
                name="practitioner_left_after_hired",
                violation_error_message="离职日期不能早于入职日期。",
            ),
            models.UniqueConstraint(
                fields=["establishment", "id_number"],
                condition=Q(left_on__isnull=True),
                name="practitioner_unique_current_in_unit",
                violation_error_message="该人员已在本单位在职登记。",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.establishment}）"

    def get_absolute_url(self):
        return reverse("premises:practitioner_detail", args=[self.pk])

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    def clean(self):
        errors = {}
        if self.hired_on and self.left_on and self.left_on < self.hired_on:
            errors["left_on"] = "离职日期不能早于入职日期。"
        if self.hired_on and self.hired_on > timezone.localdate():
            errors["hired_on"] = "入职日期不能晚于今天。"
        if (
            self.id_number
            and self.establishment_id
            and self.left_on is None
            and Practitioner.objects.filter(
                establishment_id=self.establishment_id,
                id_number=self.id_number,
                left_on__isnull=True,
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["id_number"] = "该身份证号码的人员已在本单位在职登记。"
        if errors:
            raise ValidationError(errors)
