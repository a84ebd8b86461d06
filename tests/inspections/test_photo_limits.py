"""Inspection photos and pixel bombs: a picture of too many pixels is refused from its header,
before it is decoded, on the page and through the API, with the reason on the field and
nothing stored (issue #13: a 12,000 × 12,000 PNG took +1 GB of server memory)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from inspections.models import InspectionPhoto
from inspections.services.photos import NOT_A_PHOTO
from tests.inspections.factories import inspectors, record
from tests.uploads import LoadSpy, huge_png, image_bytes, noisy_image, png_claiming, truncated

pytestmark = [
    pytest.mark.django_db,
    # Pillow warns (only) past its own limit when the header is read; we refuse there.
    pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
]

BOMB_MESSAGE = "图片像素过多（12000×12000，上限 4000 万像素），请缩小后再上传。"


@pytest.fixture
def inspection(inspector):
    return record(team=[inspector, inspectors()[1]])


def stored_files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def upload_page(client, inspection, data: bytes, name="现场.png"):
    return client.post(
        reverse("inspections:photo_add", args=[inspection.pk]),
        {"image": SimpleUploadedFile(name, data, content_type="image/png"), "caption": "后厨"},
    )


def upload_api(client, inspection, data: bytes, name="现场.png"):
    return client.post(
        reverse("inspection-photos", args=[inspection.pk]),
        {"image": SimpleUploadedFile(name, data, content_type="image/png"), "caption": "后厨"},
    )


def page_errors(response, field="image") -> str:
    return " ".join(response.context["form"].errors[field])


def test_a_12000_by_12000_png_is_refused_on_the_page(client_as, inspector, inspection, settings):
    data = huge_png()
    assert len(data) < 500 * 1024  # small on disk; 144 million pixels once decoded
    response = upload_page(client_as(inspector), inspection, data)
    assert response.status_code == 400
    assert page_errors(response) == BOMB_MESSAGE
    assert BOMB_MESSAGE in response.content.decode()
    assert not InspectionPhoto.objects.exists()
    assert stored_files(settings) == []


def test_a_12000_by_12000_png_is_refused_through_the_api(
    client_as, inspector, inspection, settings
):
    response = upload_api(client_as(inspector), inspection, huge_png())
    assert response.status_code == 400
    assert response.json()["image"] == [BOMB_MESSAGE]
    assert not InspectionPhoto.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("upload", [upload_page, upload_api], ids=["page", "api"])
def test_the_bomb_is_refused_from_its_header_without_decoding(
    upload, client_as, inspector, inspection, settings, monkeypatch
):
    """A header claiming 12,000 × 12,000 over 100 bytes of data: decoding it would allocate
    576 MB before finding the data missing. The spy fails the request on any decode."""
    spy = LoadSpy(monkeypatch)
    response = upload(client_as(inspector), inspection, png_claiming(12_000, 12_000))
    assert response.status_code == 400
    errors = page_errors(response) if upload is upload_page else response.json()["image"][0]
    assert BOMB_MESSAGE in errors
    assert spy.calls == [], "nothing is decoded"
    assert not InspectionPhoto.objects.exists() and stored_files(settings) == []


def test_the_pixel_limit_is_a_setting(client_as, inspector, inspection, settings):
    settings.IMAGE_MAX_PIXELS = 2_000_000
    client = client_as(inspector)
    response = upload_page(client, inspection, image_bytes("JPEG", (2000, 1001)), "大.jpg")
    assert response.status_code == 400
    assert page_errors(response) == ("图片像素过多（2000×1001，上限 200 万像素），请缩小后再上传。")
    response = upload_page(client, inspection, image_bytes("JPEG", (2000, 1000)), "可.jpg")
    assert response.status_code == 302
    photo = InspectionPhoto.objects.get()
    assert photo.image.name.endswith(".jpg") and photo.caption == "后厨"


def test_a_photo_within_the_limit_is_kept_with_its_thumbnail(client_as, inspector, inspection):
    """A phone photo (4000 × 3000, 12 megapixels) passes; its thumbnail is a small JPEG."""
    response = upload_api(client_as(inspector), inspection, image_bytes("PNG", (4000, 3000)))
    assert response.status_code == 201, response.content
    photo = InspectionPhoto.objects.get()
    with Image.open(photo.thumbnail.path) as thumb:
        assert thumb.format == "JPEG" and thumb.size == (320, 240)


def test_a_truncated_photo_is_refused(client_as, inspector, inspection, settings):
    response = upload_page(client_as(inspector), inspection, truncated(noisy_image("PNG")))
    assert response.status_code == 400
    assert page_errors(response) == NOT_A_PHOTO
    assert not InspectionPhoto.objects.exists() and stored_files(settings) == []


def test_a_truncated_jpeg_is_refused_after_the_process_made_a_pdf(
    client_as, inspector, inspection, settings, monkeypatch
):
    """WeasyPrint, imported by the first PDF a process makes, turns Pillow's global
    LOAD_TRUNCATED_IMAGES on; a cut-off JPEG must still be refused after that."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    cut = truncated(noisy_image("JPEG"))
    response = upload_page(client_as(inspector), inspection, cut, "现场.jpg")
    assert response.status_code == 400
    assert page_errors(response) == NOT_A_PHOTO
    assert not InspectionPhoto.objects.exists() and stored_files(settings) == []
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True, "PDFs keep their setting"
