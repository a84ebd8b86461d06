"""Photos taken on site: kept as evidence."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.uploads import IMAGE_FORMATS, decode_image
from inspections.models import InspectionPhoto

PHOTO_TYPES = IMAGE_FORMATS  # Pillow format -> stored extension (JPEG, PNG, WebP)


NOT_A_PHOTO = (
    "不是完整的图片：照片须为 JPEG、PNG 或 WebP 格式；此文件不完整、已损坏或并非图片，"
    "请重新拍摄或导出后上传。"
)


@transaction.atomic
def photo_add(*, inspection, upload, user, caption="") -> InspectionPhoto:
    """Keep a photo as evidence: images only (JPEG, PNG, WebP), within the size and pixel
    limits (the pixel count is checked from the header, before decoding: core.uploads)."""
    limit = settings.PHOTO_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {
                "image": f"照片不能超过 {limit // (1024 * 1024)} MB（当前 {upload.size / 1048576:.1f} MB）。"
            }
        )
    data = upload.read()
    image = decode_image(data, field="image", invalid=NOT_A_PHOTO)
    stem = f"{timezone.now():%Y%m%d%H%M%S%f}"
    photo = InspectionPhoto(inspection=inspection, caption=caption, uploaded_by=user)
    photo.image.save(f"{stem}.{PHOTO_TYPES[image.format]}", ContentFile(data), save=False)
    # Shrink first where the mode resamples well, so only the small copy is converted.
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGB")
    image.thumbnail((320, 320))
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=80)
    photo.thumbnail.save(f"{stem}_thumb.jpg", ContentFile(buffer.getvalue()), save=False)
    photo.save()
    return photo
