"""Photos taken on site (现场照片): kept as evidence, the original bytes untouched."""

from django.conf import settings
from django.db import models

from inspections.models.corrections import AllRecordsManager, Voidable


class PositionSource(models.TextChoices):
    EXIF = "exif", "照片 EXIF"
    DEVICE = "device", "平板"


def photo_path(instance, filename):
    return f"inspections/{instance.inspection_id}/{filename}"


class CurrentPhotoManager(models.Manager):
    """Photos neither voided nor of a voided inspection (``InspectionPhoto.all_objects``)."""

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(voided_at__isnull=True, inspection__voided_at__isnull=True)
        )


class InspectionPhoto(Voidable, models.Model):
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name="检查",
    )
    image = models.ImageField("照片", upload_to=photo_path)
    thumbnail = models.ImageField("缩略图", upload_to=photo_path, blank=True)
    # The original's bytes are kept untouched (evidence); the display copy and the
    # thumbnail are turned upright as its EXIF orientation says.
    display = models.ImageField("显示用图", upload_to=photo_path, blank=True)
    sha256 = models.CharField("原图 SHA-256", max_length=64, blank=True)
    taken_at = models.DateTimeField("拍摄时间", null=True, blank=True)
    taken_at_source = models.CharField(
        "拍摄时间来源", max_length=10, choices=PositionSource, blank=True
    )
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    position_source = models.CharField(
        "位置来源", max_length=10, choices=PositionSource, blank=True
    )
    caption = models.CharField("说明", max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = CurrentPhotoManager()
    all_objects = AllRecordsManager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = verbose_name_plural = "现场照片"

    def __str__(self):
        return self.caption or self.image.name
