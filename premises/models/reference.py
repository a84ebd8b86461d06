"""Reference data of the registry: domains, categories (分类) and townships."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


class Domain(models.Model):
    """A supervision domain (专业), e.g. public places or drinking water."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = verbose_name_plural = "监督专业"

    def __str__(self):
        return self.name


class CategoryQuerySet(models.QuerySet):
    def classes(self):
        return self.filter(parent__isnull=True)

    def kinds(self):
        return self.filter(parent__isnull=False)


class Category(models.Model):
    """A class (parent empty) or a kind (parent is its class) of supervised unit. Which
    permit types a kind needs is said by licensing's PermitType.categories (reverse:
    ``permit_types``), the one table of it: a kind no type lists needs no permit."""

    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="categories", verbose_name="监督专业"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="所属大类",
    )
    code = models.CharField("代码", max_length=60, unique=True)
    name = models.CharField("名称", max_length=50)
    report_group = models.CharField(
        "统计分组", max_length=30, blank=True, help_text="工作总结表1中本类别归入的分组。"
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["domain__order", "order", "code"]
        verbose_name = verbose_name_plural = "单位类别"
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name_in_class")
        ]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    @property
    def is_kind(self) -> bool:
        return self.parent_id is not None

    def clean(self):
        if self.parent_id:
            if self.parent.parent_id:
                raise ValidationError({"parent": "类别只有两级：所属大类本身不能再有上级。"})
            if self.parent.domain_id != self.domain_id:
                raise ValidationError({"parent": "所属大类必须属于同一监督专业。"})


class Township(models.Model):
    """A township or sub-district (乡镇/街道) of the county."""

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = verbose_name_plural = "乡镇（街道）"

    def __str__(self):
        return self.name
