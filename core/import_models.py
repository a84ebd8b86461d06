"""What every .xlsx import leaves behind (core.imports): the batch it wrote, the records of
the batch, and how a source's files map onto an import's columns.

A batch (导入批次) is made when a file is uploaded (待确认: the preview), written in one
transaction (已导入) and may later be undone (已撤销) with a reason, who and when kept; its
records are listed generically (content type + id), so core knows nothing of the apps.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone


class ImportBatchStatus(models.TextChoices):
    DRAFT = "draft", "待确认"
    RUNNING = "running", "导入中"
    DONE = "done", "已导入"
    VOIDED = "voided", "已撤销"
    DISCARDED = "discarded", "已放弃"


class ImportMode(models.TextChoices):
    ALL = "all", "全部导入（任何一行有误则不导入）"
    CLEAN = "clean", "只导入无误的行，其余行下载"


def _batch_input_path(batch, filename):
    return f"imports/{timezone.localdate():%Y/%m}/in-{batch.token}.xlsx"


def _batch_rejects_path(batch, filename):
    return f"imports/{timezone.localdate():%Y/%m}/rejects-{batch.token}.xlsx"


class ImportBatch(models.Model):
    token = models.UUIDField("标识", unique=True, editable=False)
    importer = models.CharField("导入类型", max_length=200)
    refs = models.JSONField("依据记录", default=dict, blank=True)
    title = models.CharField("导入内容", max_length=200)
    file_name = models.CharField("文件名", max_length=255)
    source = models.CharField("来源", max_length=100, blank=True)
    mapping = models.JSONField("列对应", default=dict, blank=True)
    input_file = models.FileField("上传文件", upload_to=_batch_input_path, blank=True)
    back_url = models.CharField("导入页", max_length=500, blank=True)
    done_url = models.CharField("完成后页面", max_length=500, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ImportBatchStatus.choices, default=ImportBatchStatus.DRAFT
    )
    mode = models.CharField("方式", max_length=10, choices=ImportMode.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="导入人"
    )
    created_at = models.DateTimeField("上传时间", default=timezone.now, db_index=True)
    imported_at = models.DateTimeField("导入时间", null=True, blank=True)
    written = models.PositiveIntegerField("写入条数", default=0)
    rejected = models.PositiveIntegerField("未导入行数", default=0)
    rejects_file = models.FileField("未导入的行", upload_to=_batch_rejects_path, blank=True)
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="撤销人",
    )
    voided_at = models.DateTimeField("撤销时间", null=True, blank=True)
    void_reason = models.TextField("撤销原因", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)
        verbose_name = verbose_name_plural = "导入批次"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="voided")
                | (
                    models.Q(voided_by__isnull=False, voided_at__isnull=False)
                    & ~models.Q(void_reason="")
                ),
                name="import_batch_voided_who_when_why",
            )
        ]

    def __str__(self):
        return f"{self.title}导入批次 #{self.pk}（{self.file_name}）"

    def get_absolute_url(self):
        return reverse("core:import_batch", args=[self.pk])


class ImportBatchRecord(models.Model):
    """One record a batch wrote (a unit, its opening, a certificate...)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()

    class Meta:
        default_permissions = ()
        verbose_name = verbose_name_plural = "导入批次记录"
        indexes = [
            models.Index(fields=["batch", "content_type"], name="import_record_batch_type"),
            models.Index(fields=["content_type", "object_id"], name="import_record_object"),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"


class ImportMapping(models.Model):
    """How the files of one source (县疾控中心's list...) map onto an import's columns:
    ``columns`` column key → the file's header, ``values`` column key → a value for every
    row (a column the source's files do not have)."""

    importer = models.CharField("导入类型", max_length=200)
    source = models.CharField("来源", max_length=100)
    columns = models.JSONField("列对应", default=dict, blank=True)
    values = models.JSONField("固定值", default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="保存人"
    )
    updated_at = models.DateTimeField("保存时间", default=timezone.now)

    class Meta:
        ordering = ["importer", "source"]
        verbose_name = verbose_name_plural = "导入列对应"
        constraints = [
            models.UniqueConstraint(fields=["importer", "source"], name="import_mapping_per_source")
        ]

    def __str__(self):
        return self.source


__all__ = ["ContentType", "ImportBatch", "ImportBatchRecord", "ImportMapping"]
