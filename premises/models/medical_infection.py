"""Infection-control particulars of a medical unit (传染病防治), recorded by the inspector on a
visit (or the clerk from the unit's yearly report), dated: 预检分诊 and 发热门诊, 消毒隔离, medical
waste (暂存点, the 处置合同 with a licensed disposer and its validity, 交接登记 and 转移联单) and
the designation as a 预防接种单位 with its trained 接种人员. Each record is what was found on
its day; a later record is a later finding (records are not edited in place). The unit's
problems are read from its latest record (``InfectionControl.problems``)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import Recorded


class Provision(models.TextChoices):
    """Whether a provision is in place (设置情况)."""

    YES = "yes", "有，符合要求"
    DEFICIENT = "deficient", "有，不符合要求"
    NO = "no", "无"
    NOT_REQUIRED = "not_required", "不要求"


LACKING = (Provision.DEFICIENT, Provision.NO)


class InfectionControl(Recorded):
    """What was found of a unit's infection control on one day."""

    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="infection_controls",
        verbose_name="单位",
    )
    checked_on = models.DateField("检查（填报）日期")
    # 预检分诊
    triage = models.CharField("预检分诊点", max_length=20, choices=Provision)
    fever_clinic = models.CharField(
        "发热门诊（诊室）", max_length=20, choices=Provision, default=Provision.NOT_REQUIRED
    )
    # 消毒隔离
    disinfection_records = models.BooleanField("消毒记录完整", default=False)
    disinfection_monitoring = models.BooleanField("开展消毒效果监测", default=False)
    # 医疗废物
    waste_storage = models.CharField("医疗废物暂存点", max_length=20, choices=Provision)
    waste_disposer = models.CharField("处置单位", max_length=100, blank=True)
    waste_disposer_licence = models.CharField(
        "处置单位危险废物经营许可证编号", max_length=60, blank=True
    )
    waste_contract_until = models.DateField("处置合同有效期至", null=True, blank=True)
    waste_handover_kept = models.BooleanField("交接登记完整", default=False)
    waste_manifest_kept = models.BooleanField("转移联单保存完整", default=False)
    # 预防接种
    vaccination_site = models.BooleanField("指定预防接种单位", default=False)
    vaccination_designation = models.CharField("接种单位指定文号", max_length=60, blank=True)
    vaccination_valid_until = models.DateField("指定有效期至", null=True, blank=True)
    vaccinators = models.PositiveSmallIntegerField("接种人员数", null=True, blank=True)
    vaccinators_trained = models.PositiveSmallIntegerField("其中经培训合格", null=True, blank=True)
    notes = models.CharField("其他情况", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["establishment__name", "-checked_on", "-id"]
        verbose_name = verbose_name_plural = "传染病防治情况"
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "checked_on"],
                name="infectioncontrol_once_per_day",
                violation_error_message="该单位当日已有传染病防治情况记录。",
            ),
            models.CheckConstraint(
                condition=models.Q(vaccinators_trained__isnull=True)
                | models.Q(vaccinators__isnull=True)
                | models.Q(vaccinators_trained__lte=models.F("vaccinators")),
                name="infectioncontrol_trained_within_vaccinators",
                violation_error_message="培训合格人数不能多于接种人员数。",
            ),
        ]

    def __str__(self):
        return f"传染病防治情况 {self.checked_on:%Y-%m-%d}" if self.checked_on else "传染病防治情况"

    def get_absolute_url(self):
        return reverse("premises:establishment_detail", args=[self.establishment_id]) + "#medical"

    @property
    def name(self) -> str:
        """Whose record: the unit's name (lists show the record by its unit)."""
        return self.establishment.name

    def problems(self, day: datetime.date | None = None) -> list[str]:
        """What is wrong as found, the contracts and designation judged on ``day`` (today)."""
        day = day or timezone.localdate()
        found = []
        if self.triage in LACKING:
            found.append("未设预检分诊点" if self.triage == Provision.NO else "预检分诊不符合要求")
        if self.fever_clinic in LACKING:
            found.append(
                "发热门诊不符合要求" if self.fever_clinic == Provision.DEFICIENT else "未设发热门诊"
            )
        if not self.disinfection_records:
            found.append("消毒记录不完整")
        if not self.disinfection_monitoring:
            found.append("未开展消毒效果监测")
        if self.waste_storage in LACKING:
            found.append(
                "无医疗废物暂存点"
                if self.waste_storage == Provision.NO
                else "医疗废物暂存点不符合要求"
            )
        if not self.waste_disposer.strip() or self.waste_contract_until is None:
            found.append("无医疗废物处置合同")
        elif self.waste_contract_until < day:
            found.append(f"医疗废物处置合同已过期（{self.waste_contract_until:%Y-%m-%d}）")
        if not self.waste_handover_kept:
            found.append("医疗废物交接登记不全")
        if not self.waste_manifest_kept:
            found.append("转移联单未保存")
        if self.vaccination_site:
            if self.vaccination_valid_until and self.vaccination_valid_until < day:
                found.append(f"接种单位指定已过期（{self.vaccination_valid_until:%Y-%m-%d}）")
            if self.vaccinators is not None and (self.vaccinators_trained or 0) < self.vaccinators:
                untrained = self.vaccinators - (self.vaccinators_trained or 0)
                found.append(f"{untrained} 名接种人员未经培训")
        return found

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.checked_on and self.checked_on > today:
            errors["checked_on"] = "检查日期不能晚于今天。"
        if self.checked_on and self.checked_on.year < 2000:
            errors["checked_on"] = "检查日期的年份有误，请核对。"
        if self.waste_contract_until and not self.waste_disposer.strip():
            errors["waste_disposer"] = "请填写处置单位。"
        if self.waste_disposer.strip() and self.waste_contract_until is None:
            errors["waste_contract_until"] = "请填写处置合同有效期。"
        if self.vaccination_site:
            if not self.vaccination_designation.strip():
                errors["vaccination_designation"] = "请填写接种单位指定文号。"
        elif self.vaccination_designation.strip() or self.vaccinators:
            errors["vaccination_site"] = "填写了接种单位信息，请勾选“指定预防接种单位”。"
        if (
            self.vaccinators is not None
            and self.vaccinators_trained is not None
            and self.vaccinators_trained > self.vaccinators
        ):
            errors["vaccinators_trained"] = "培训合格人数不能多于接种人员数。"
        if errors:
            raise ValidationError(errors)
