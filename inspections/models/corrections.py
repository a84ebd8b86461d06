"""Corrections of field records (更正 / 作废), always on the record, never in place.

A field record (an inspection, a sample, a photo) is corrected by an amendment that keeps
who, when, why and every field's old and new value (RecordAmendment), or voided with a
reason (Voidable): a voided record stays, marked 已作废 on its page, and drops out of
every list and figure. The default manager of a voidable model leaves the voided out;
``all_objects`` has them all (a record's own page, the admin, the history).
"""

from django.conf import settings
from django.db import models


class RecordKind(models.TextChoices):
    INSPECTION = "inspection", "监督检查"
    SAMPLE = "sample", "卫生检测样品"
    PHOTO = "photo", "现场照片"


class AllRecordsManager(models.Manager):
    """``all_objects`` of a voidable model: every record, the voided included."""


class Voidable(models.Model):
    """The void mark of a field record: when, by whom and why it was voided."""

    voided_at = models.DateTimeField("作废时间", null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="作废人",
    )
    void_reason = models.CharField("作废原因", max_length=200, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class RecordAmendment(models.Model):
    """One recorded correction of a field record: ``changes`` is {field: [old, new]}, each
    value as the record's page shows it."""

    kind = models.CharField("记录类型", max_length=20, choices=RecordKind)
    record_id = models.PositiveBigIntegerField("记录编号")
    reason = models.CharField("更正原因", max_length=200)
    changes = models.JSONField("更正内容")
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="更正人"
    )
    amended_at = models.DateTimeField("更正时间", auto_now_add=True)

    class Meta:
        ordering = ["amended_at", "id"]
        verbose_name = verbose_name_plural = "检查记录更正"
        indexes = [models.Index(fields=["kind", "record_id"], name="amendment_of_record")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.record_id} 更正：{self.reason}"
