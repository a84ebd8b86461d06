"""Kernel records shared by every app: document series and their gapless counters, the
working-day calendar, and the log of every view of a full ID number."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone


class DocumentSeries(models.Model):
    """A numbered kind of document (supervision opinion, permit, case, ...).

    ``pattern`` is how a number is written on the document; the office edits it in the
    admin. Placeholders: {year} and {number} (e.g. {number:04d}).
    """

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50)
    pattern = models.CharField("文号格式", max_length=100, help_text="可用 {year} 与 {number:04d}")

    class Meta:
        verbose_name = verbose_name_plural = "文书编号规则"

    def __str__(self):
        return self.name

    def format(self, year: int, number: int) -> str:
        return self.pattern.format(year=year, number=number)


class DocumentCounter(models.Model):
    """The last number given in a series in a year. Locked while a number is taken."""

    series = models.ForeignKey(DocumentSeries, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveIntegerField("年度")
    last_number = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "文书编号计数"
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="document_counter_unique_year")
        ]

    def __str__(self):
        return f"{self.series} {self.year}: {self.last_number}"


class CalendarDay(models.Model):
    """A day that differs from the Monday-to-Friday rule: a public holiday on a weekday, or
    a weekend day worked in exchange (调休)."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("工作日", help_text="法定节假日不勾选；调休上班的周末勾选。")
    name = models.CharField("说明", max_length=50, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = "节假日与调休"

    def __str__(self):
        return f"{self.date} {self.name}"


class AccessChannel(models.TextChoices):
    PAGE = "page", "页面"
    API = "api", "接口"
    PDF = "pdf", "PDF 文书"


class PersonalDataAccessQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if kwargs == {"user": None}:
            # An account removed (on_delete=SET_NULL): the rows keep its user name.
            return super().update(**kwargs)
        raise PermissionDenied("个人信息查看记录不能修改。")

    def delete(self):
        raise PermissionDenied("个人信息查看记录不能删除。")


class PersonalDataAccess(models.Model):
    """One view of a full (unmasked) ID number: who, when, whose (record type and key),
    from which address and through which page or endpoint (core.personal_data).

    Written once, never changed or deleted: the model refuses it, the admin only shows
    it, and the only permission there is is ``view``."""

    accessed_at = models.DateTimeField("查看时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="用户",
    )
    # The user name as it was: the row still says who if the account is removed.
    username = models.CharField("用户名", max_length=150)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="记录类型"
    )
    object_id = models.PositiveBigIntegerField("记录编号")
    record = models.CharField("记录", max_length=200, help_text="查看时记录的名称")
    field = models.CharField("字段", max_length=50)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    channel = models.CharField("途径", max_length=10, choices=AccessChannel.choices)
    view_name = models.CharField("页面或接口", max_length=100)
    path = models.CharField("请求地址", max_length=500)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-accessed_at", "-id"]
        default_permissions = ("view",)
        verbose_name = verbose_name_plural = "个人信息查看记录"
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="pda_record"),
            models.Index(fields=["user", "accessed_at"], name="pda_user_time"),
        ]

    def __str__(self):
        return (
            f"{self.username} {timezone.localtime(self.accessed_at):%Y-%m-%d %H:%M} {self.record}"
        )

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("个人信息查看记录不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("个人信息查看记录不能删除。")
