"""Photos taken on site (现场照片): kept as evidence, the original bytes untouched."""

from django.conf import settings
from django.db import models

from inspections.models.corrections import Voidable


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
    caption = models.CharField("说明", max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = CurrentPhotoManager()
    all_objects = models.Manager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = verbose_name_plural = "现场照片"

    def __str__(self):
        return self.caption or self.image.name
