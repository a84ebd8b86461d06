"""Practitioners (从业人员) of supervised units."""

import datetime
import re

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

ALIAS_SEPARATORS = re.compile(r"[、，,;；\s]+")


class PostQuerySet(models.QuerySet):
    def by_name(self) -> dict[str, "Post"]:
        """Each post under its name and each of its aliases (前台 → 前台接待), for imports
        that read the post as the office writes it."""
        named = {}
        for post in self:
            for alias in post.alias_list:
                named.setdefault(alias, post)
        named.update({post.name: post for post in self})
        return named


class Post(models.Model):
    """A post (岗位) a practitioner holds, and whether it serves customers directly and so
    needs a health certificate (健康合格证明): 《公共场所卫生管理条例》第七条 and its
    实施细则第十条. Reference data an administrator keeps; the shipped rows say their
    source in ``basis`` (未核实 where the office has not checked it)."""

    name = models.CharField("岗位名称", max_length=50, unique=True)
    serves_customers = models.BooleanField(
        "直接为顾客服务（须取得健康合格证明）",
        default=True,
        help_text="是：本岗位从业人员直接为顾客服务，须每年体检、取得健康合格证明后上岗，"
        "计入体检率的分母。",
    )
    aliases = models.CharField(
        "别名",
        max_length=200,
        blank=True,
        help_text="导入从业人员时也认作本岗位的其他叫法，用顿号或逗号分隔，如：前台、接待。",
    )
    basis = models.CharField("依据 / 来源说明", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = verbose_name_plural = "从业人员岗位"

    def __str__(self):
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [a for a in ALIAS_SEPARATORS.split(self.aliases or "") if a and a != self.name]

    def clean(self):
        """An alias names one post only: not another post's name or alias."""
        aliases = set(self.alias_list)
        if not aliases:
            return
        taken = []
        for other in Post.objects.exclude(pk=self.pk):
            if other.name in aliases or aliases & set(other.alias_list):
                taken.append(other.name)
        if taken:
            raise ValidationError(
                {
                    "aliases": f"别名与其他岗位重复（{'、'.join(sorted(taken))}），一个叫法只能对应一个岗位。"
                }
            )


# A practitioner must hold a health certificate when their post serves customers; one
# without a post (rows from before posts were data) is counted as one who must.
MUST_HOLD_CERTIFICATE = Q(post__isnull=True) | Q(post__serves_customers=True)


class PractitionerQuerySet(models.QuerySet):
    def must_hold_certificate(self):
        """Those whose post serves customers directly (须持健康合格证明)."""
        return self.filter(MUST_HOLD_CERTIFICATE)

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
    post = models.ForeignKey(
        Post,
        on_delete=models.PROTECT,
        null=True,  # rows registered before posts were data may have none
        related_name="practitioners",
        verbose_name="岗位",
        help_text="岗位是否直接为顾客服务（须持健康合格证明）由岗位表决定。",
    )
    id_number = IdNumberField()
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
    def serves_customers(self) -> bool:
        """Whether the post serves customers directly (须持健康合格证明); no post: yes."""
        return self.post is None or self.post.serves_customers

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
