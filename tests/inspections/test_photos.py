"""Photos on site (issue #15): several at once from the camera; the original kept byte for
byte with its SHA-256, the display copy and thumbnail turned upright by EXIF; capture time
and position from EXIF, else from the tablet; attached to a penalty case as evidence
without a second upload, once."""

import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from inspections.models import InspectionPhoto
from inspections.models.photos import PositionSource
from inspections.services import photo_add
from penalties.models import CaseEvidence
from penalties.services.evidence import case_photos, evidence_attach_photo
from tests.inspections.factories import inspectors, record
from tests.penalties.factories import file_case
from tests.uploads import image_bytes

pytestmark = pytest.mark.django_db


def jpeg(size=(40, 20), *, orientation=None, taken=None, gps=None, color="red") -> bytes:
    image = Image.new("RGB", size, color)
    # A marker in the top-left corner, to see where it ends up once turned upright.
    for x in range(8):
        for y in range(4):
            image.putpixel((x, y), (0, 0, 255))
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if taken:
        exif.get_ifd(0x8769)[36867] = taken
    if gps:
        (lat, lat_ref), (lon, lon_ref) = gps
        exif.get_ifd(0x8825).update({1: lat_ref, 2: lat, 3: lon_ref, 4: lon})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def upload(data, name="现场.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.fixture
def inspection(inspector):
    return record(team=[inspector, inspectors(1)[0]])


def test_several_photos_at_once_from_the_page(client_as, inspector, inspection):
    files = [upload(jpeg(color=c), f"{c}.jpg") for c in ("red", "green", "blue")]
    page = client_as(inspector).get(reverse("inspections:photo_add", args=[inspection.pk]))
    body = page.content.decode()
    assert "multiple" in body and 'capture="environment"' in body and 'accept="image/*"' in body
    response = client_as(inspector).post(
        reverse("inspections:photo_add", args=[inspection.pk]),
        {"image": files, "caption": "后厨"},
    )
    assert response.status_code == 302
    photos = list(InspectionPhoto.objects.order_by("pk"))
    assert len(photos) == 3 and {p.caption for p in photos} == {"后厨"}


def test_one_bad_file_in_a_batch_keeps_none_and_names_it(client_as, inspector, inspection):
    response = client_as(inspector).post(
        reverse("inspections:photo_add", args=[inspection.pk]),
        {"image": [upload(jpeg(), "好.jpg"), upload(b"not an image", "坏.jpg")]},
    )
    assert response.status_code == 400
    assert "坏.jpg：" in response.content.decode()
    assert not InspectionPhoto.objects.exists()


def test_the_original_is_kept_untouched_and_the_copies_are_upright(inspector, inspection):
    data = jpeg((40, 20), orientation=6)  # the camera held upright: turn 90° clockwise
    photo = photo_add(inspection=inspection, upload=upload(data), user=inspector)
    assert photo.image.read() == data
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    for copy in (photo.display, photo.thumbnail):
        with Image.open(copy) as shown:
            assert shown.size == (20, 40)
            # The marker of the top-left corner is now at the top right.
            r, g, b = shown.convert("RGB").getpixel((shown.width - 2, 1))
            assert b > 150 and r < 100


def test_capture_time_and_position_come_from_exif(inspector, inspection):
    data = jpeg(
        taken="2026:11:20 09:15:30",
        gps=(((28, 12, 36), "N"), ((112, 58, 12), "E")),
    )
    photo = photo_add(
        inspection=inspection,
        upload=upload(data),
        user=inspector,
        taken_at=timezone.now(),
        latitude="10",
        longitude="10",
    )
    assert timezone.localtime(photo.taken_at).replace(tzinfo=None) == datetime.datetime(
        2026, 11, 20, 9, 15, 30
    )
    assert photo.taken_at_source == PositionSource.EXIF
    assert photo.latitude == Decimal("28.210000") and photo.longitude == Decimal("112.970000")
    assert photo.position_source == PositionSource.EXIF


def test_without_exif_the_tablet_time_and_position_are_kept(client_as, inspector, inspection):
    sent = "2026-12-01T02:03:04.000Z"
    client_as(inspector).post(
        reverse("inspections:photo_add", args=[inspection.pk]),
        {
            "image": [upload(image_bytes("PNG"), "屏幕.png")],
            "device_time": sent,
            "latitude": "28.2",
            "longitude": "-112.5",
        },
    )
    photo = InspectionPhoto.objects.get()
    assert photo.taken_at == datetime.datetime(2026, 12, 1, 2, 3, 4, tzinfo=datetime.UTC)
    assert photo.taken_at_source == PositionSource.DEVICE
    assert (photo.latitude, photo.longitude) == (Decimal("28.2"), Decimal("-112.5"))
    assert photo.position_source == PositionSource.DEVICE
    page = client_as(inspector).get(inspection.get_absolute_url())
    assert photo.sha256 in page.content.decode()


def test_a_photo_is_attached_to_a_case_once_with_the_same_file_and_hash(inspector, inspection):
    photo = photo_add(inspection=inspection, upload=upload(jpeg()), user=inspector)
    case = file_case(establishment=inspection.establishment)
    assert list(case_photos(case)) == [photo]
    evidence = evidence_attach_photo(case=case, photo=photo, user=inspector)
    assert evidence.file.name == photo.image.name  # the same stored file, not a copy
    assert evidence.sha256 == photo.sha256 == hashlib.sha256(evidence.file.read()).hexdigest()
    assert evidence.inspection_photo == photo
    assert list(case_photos(case)) == []
    # Attached again (a retry, a second click): the evidence already there, once.
    assert evidence_attach_photo(case=case, photo=photo, user=inspector) == evidence
    assert CaseEvidence.objects.count() == 1
    # Collected by the inspection's officers at the photo's time, not by who attached it.
    assert set(evidence.collectors.all()) == set(inspection.inspectors.all())
    assert evidence.collected_at is not None


def test_a_photo_of_another_unit_is_refused(inspector, inspection):
    photo = photo_add(inspection=inspection, upload=upload(jpeg()), user=inspector)
    case = file_case()
    with pytest.raises(ValidationError) as refused:
        evidence_attach_photo(case=case, photo=photo, user=inspector)
    assert "photo" in refused.value.message_dict


def test_the_case_page_attaches_photos(client_as, inspector, inspection, manager):
    photo = photo_add(inspection=inspection, upload=upload(jpeg()), user=inspector)
    case = file_case(establishment=inspection.establishment)
    url = reverse("penalties:evidence_photos", args=[case.pk])
    client = client_as(case.officers.first())
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"photos": [photo.pk], "note": "现场取证"})
    assert response.status_code == 302
    evidence = CaseEvidence.objects.get()
    assert evidence.inspection_photo == photo
    detail = client.get(case.get_absolute_url()).content.decode()
    assert photo.sha256 in detail
