"""Photos taken on site: kept as evidence.

The original's bytes are stored untouched and their SHA-256 kept; a display copy and a
thumbnail are turned upright as the photo's EXIF orientation says. The capture time and
position come from the photo's EXIF, else from the tablet (its clock and geolocation, sent
with the upload), and the source of each is kept."""

import datetime
import hashlib
import io
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import ExifTags, ImageOps

from core.uploads import IMAGE_FORMATS, decode_image
from inspections.models import InspectionPhoto
from inspections.models.photos import PositionSource

PHOTO_TYPES = IMAGE_FORMATS  # Pillow format -> stored extension (JPEG, PNG, WebP)


NOT_A_PHOTO = (
    "不是完整的图片：照片须为 JPEG、PNG 或 WebP 格式；此文件不完整、已损坏或并非图片，"
    "请重新拍摄或导出后上传。"
)


DISPLAY_SIZE = (1600, 1600)
PHOTOS_AT_ONCE = 20
THUMBNAIL_SIZE = (320, 320)
EXIF_TIME_TAGS = (
    (ExifTags.IFD.Exif, ExifTags.Base.DateTimeOriginal),
    (ExifTags.IFD.Exif, ExifTags.Base.DateTimeDigitized),
    (None, ExifTags.Base.DateTime),
)


def _exif_time(exif) -> datetime.datetime | None:
    """When the photo was taken, as its camera says (local time of the office)."""
    for ifd, tag in EXIF_TIME_TAGS:
        try:
            value = (exif.get_ifd(ifd) if ifd is not None else exif).get(tag)
        except (KeyError, ValueError, TypeError, SyntaxError):
            continue
        if not isinstance(value, str):
            continue
        try:
            naive = datetime.datetime.strptime(value.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
        except ValueError:
            continue
        return timezone.make_aware(naive)
    return None


def _degrees(value, ref) -> Decimal | None:
    try:
        d, m, s = (Decimal(str(float(x))) for x in value)
    except (TypeError, ValueError, InvalidOperation, ZeroDivisionError):
        return None
    result = d + m / 60 + s / 3600
    if str(ref).upper().startswith(("S", "W")):
        result = -result
    return result.quantize(Decimal("0.000001"))


def _exif_position(exif) -> tuple[Decimal, Decimal] | None:
    try:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except (KeyError, ValueError, TypeError, SyntaxError):
        return None
    if not gps or 2 not in gps or 4 not in gps:
        return None
    lat = _degrees(gps[2], gps.get(1, "N"))
    lon = _degrees(gps[4], gps.get(3, "E"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _device_position(latitude, longitude) -> tuple[Decimal, Decimal] | None:
    if latitude in (None, "") or longitude in (None, ""):
        return None
    try:
        lat = Decimal(str(latitude)).quantize(Decimal("0.000001"))
        lon = Decimal(str(longitude)).quantize(Decimal("0.000001"))
    except InvalidOperation:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _jpeg(image, size) -> bytes:
    copy = image.copy()
    # Shrink first where the mode resamples well, so only the small copy is converted.
    if copy.mode not in ("RGB", "RGBA", "L", "LA"):
        copy = copy.convert("RGB")
    copy.thumbnail(size)
    buffer = io.BytesIO()
    copy.convert("RGB").save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def _size_check(upload, field="image"):
    limit = settings.PHOTO_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {
                field: f"照片不能超过 {limit // (1024 * 1024)} MB（当前 {upload.size / 1048576:.1f} MB）。"
            }
        )


def _checked(upload) -> bytes:
    """The bytes of an upload found to be a whole image, or a ValidationError on "image".
    The decoded pixels are not kept (a batch of photos holds only their bytes)."""
    _size_check(upload)
    data = upload.read()
    decode_image(data, field="image", invalid=NOT_A_PHOTO)
    return data


def _store(inspection, data, *, user, caption, taken_at, latitude, longitude):
    image = decode_image(data, field="image", invalid=NOT_A_PHOTO)
    exif = image.getexif()
    stem = f"{timezone.now():%Y%m%d%H%M%S%f}"
    photo = InspectionPhoto(
        inspection=inspection,
        caption=caption,
        uploaded_by=user,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    when = _exif_time(exif)
    if when is not None:
        photo.taken_at, photo.taken_at_source = when, PositionSource.EXIF
    elif taken_at is not None:
        photo.taken_at, photo.taken_at_source = taken_at, PositionSource.DEVICE
    position = _exif_position(exif)
    source = PositionSource.EXIF
    if position is None:
        position, source = _device_position(latitude, longitude), PositionSource.DEVICE
    if position is not None:
        photo.latitude, photo.longitude = position
        photo.position_source = source
    photo.image.save(f"{stem}.{PHOTO_TYPES[image.format]}", ContentFile(data), save=False)
    upright = ImageOps.exif_transpose(image)
    photo.display.save(f"{stem}_display.jpg", ContentFile(_jpeg(upright, DISPLAY_SIZE)), save=False)
    photo.thumbnail.save(
        f"{stem}_thumb.jpg", ContentFile(_jpeg(upright, THUMBNAIL_SIZE)), save=False
    )
    photo.save()
    return photo


@transaction.atomic
def photo_add(
    *,
    inspection,
    upload,
    user,
    caption="",
    taken_at=None,
    latitude=None,
    longitude=None,
) -> InspectionPhoto:
    """Keep a photo as evidence: images only (JPEG, PNG, WebP), within the size and pixel
    limits (the pixel count is checked from the header, before decoding: core.uploads).
    ``taken_at``, ``latitude``, ``longitude``: the tablet's clock and position when the
    photo was chosen, used where the photo's EXIF has none."""
    return _store(
        inspection,
        _checked(upload),
        user=user,
        caption=caption,
        taken_at=taken_at,
        latitude=latitude,
        longitude=longitude,
    )


@transaction.atomic
def photos_add(
    *, inspection, uploads, user, caption="", taken_at=None, latitude=None, longitude=None
) -> list[InspectionPhoto]:
    """Several photos at once (the camera's batch): every file is checked first, then all
    are kept; a refusal names each refused file, at once, and keeps none."""
    if not uploads:
        raise ValidationError({"image": "请选择照片。"})
    if len(uploads) > PHOTOS_AT_ONCE:
        raise ValidationError(
            {"image": f"一次最多上传 {PHOTOS_AT_ONCE} 张照片（已选 {len(uploads)} 张）。"}
        )
    errors, checked = [], []
    for upload in uploads:
        try:
            checked.append(_checked(upload))
        except ValidationError as exc:
            errors.append(
                f"{upload.name}：{exc.messages[0]}" if len(uploads) > 1 else exc.messages[0]
            )
    if errors:
        raise ValidationError({"image": errors})
    return [
        _store(
            inspection,
            data,
            user=user,
            caption=caption,
            taken_at=taken_at,
            latitude=latitude,
            longitude=longitude,
        )
        for data in checked
    ]
