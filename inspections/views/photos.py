"""The photo upload page: several photos at once from the tablet's camera
(static/js/photos.js adds the tablet's clock and position as a fallback for EXIF)."""

from django.http import QueryDict

from core.views import ServiceFormView
from inspections.forms.photos import PhotoForm
from inspections.services.photos import photos_add
from inspections.views.inspections import inspection_for_page


class PhotoAddView(ServiceFormView):
    permission_required = "inspections.add_inspectionphoto"
    template_name = "inspections/photo_form.html"
    title = "上传现场照片"
    versioned = False  # adds photos beside the inspection, changes nothing of it

    def get_object(self):
        return inspection_for_page(self.kwargs["pk"])

    def get_form(self, inspection, data: QueryDict | None = None):
        return PhotoForm() if data is None else PhotoForm(data, self.request.FILES)

    def perform(self, form, inspection):
        data = form.cleaned_data
        photos = photos_add(
            inspection=inspection,
            uploads=data["image"],
            caption=data["caption"],
            user=self.request.user,
            taken_at=data["device_time"],
            latitude=data["latitude"],
            longitude=data["longitude"],
        )
        return photos

    def success_message(self, photos):
        return f"已上传 {len(photos)} 张照片。"

    def get_success_url(self, photos):
        return photos[0].inspection.get_absolute_url() + "#photos"
