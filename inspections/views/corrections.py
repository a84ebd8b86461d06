"""Correction pages (更正 / 作废) of an inspection, its samples and photos. The services
decide who may and what can be corrected (inspections.services.corrections)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.views import ServiceFormView
from inspections.forms.corrections import InspectionAmendForm, VoidForm
from inspections.models import Inspection, InspectionPhoto, RecordKind, Sample
from inspections.services.corrections import (
    ANY,
    OWN,
    amendments_of,
    can_correct,
    can_correct_photo,
    inspection_amend,
    inspection_void,
    legal_records,
    photo_void,
    sample_void,
)


class CorrectionPage(ServiceFormView):
    """A page of those who may correct some field records (authors, managers); the record
    itself is checked in ``get_object`` (and again by the service)."""

    template_name = "inspections/correction_form.html"

    def has_permission(self):
        user = self.request.user
        return user.has_perm(OWN) or user.has_perm(ANY)

    def get_context(self, obj):
        return {"object": obj, "inspection": self.inspection_of(obj), "what": self.what(obj)}

    def inspection_of(self, obj):
        return obj

    def what(self, obj) -> str:
        return ""

    def get_success_url(self, saved):
        return self.inspection_of(saved).get_absolute_url()


def _inspection(pk):
    return get_object_or_404(
        Inspection.objects.select_related("establishment", "checklist", "recorded_by"), pk=pk
    )


class InspectionAmendView(CorrectionPage):
    title = "更正检查记录"

    def get_object(self):
        inspection = _inspection(self.kwargs["pk"])
        if not can_correct(self.request.user, inspection):
            raise PermissionDenied
        return inspection

    def get_form(self, inspection, data=None):
        return InspectionAmendForm(data, inspection=inspection)

    def perform(self, form, inspection):
        inspection_amend(inspection=inspection, user=self.request.user, **form.service_arguments())
        return inspection

    def success_message(self, inspection):
        return "检查记录已更正，更正记录（原值、新值、原因）已保存。"


class InspectionVoidView(CorrectionPage):
    title = "作废检查记录"

    def get_object(self):
        inspection = _inspection(self.kwargs["pk"])
        if not can_correct(self.request.user, inspection):
            raise PermissionDenied
        return inspection

    def get_form(self, inspection, data=None):
        return VoidForm(data)

    def get_context(self, inspection):
        return {
            **super().get_context(inspection),
            # An opinion or a case keeps the visit: the page says so before anyone types.
            "kept_by": legal_records(inspection),
        }

    def what(self, inspection):
        return "检查记录"

    def perform(self, form, inspection):
        return inspection_void(
            inspection=inspection, user=self.request.user, reason=form.cleaned_data["reason"]
        )

    def success_message(self, inspection):
        return "检查记录已作废：记录保留并标明“已作废”，不再计入列表和统计。"


class SampleVoidView(CorrectionPage):
    title = "作废样品"

    def get_object(self):
        sample = get_object_or_404(
            Sample.objects.select_related("inspection__establishment"), pk=self.kwargs["pk"]
        )
        if not can_correct(self.request.user, sample.inspection):
            raise PermissionDenied
        return sample

    def get_form(self, sample, data=None):
        return VoidForm(data)

    def inspection_of(self, sample):
        return sample.inspection

    def what(self, sample):
        return f"样品：{sample}（{sample.get_verdict_display()}）"

    def perform(self, form, sample):
        return sample_void(
            sample=sample, user=self.request.user, reason=form.cleaned_data["reason"]
        )

    def success_message(self, sample):
        return f"样品“{sample}”已作废。"


class PhotoVoidView(CorrectionPage):
    title = "作废照片"

    def get_object(self):
        photo = get_object_or_404(
            InspectionPhoto.objects.select_related("inspection__establishment"),
            pk=self.kwargs["pk"],
        )
        if not can_correct_photo(self.request.user, photo):
            raise PermissionDenied
        return photo

    def get_form(self, photo, data=None):
        return VoidForm(data)

    def inspection_of(self, photo):
        return photo.inspection

    def what(self, photo):
        return f"照片：{photo.caption or photo.image.name}"

    def perform(self, form, photo):
        return photo_void(photo=photo, user=self.request.user, reason=form.cleaned_data["reason"])

    def success_message(self, photo):
        return "照片已作废（文件保留）。"


def correction_context(inspection, user) -> dict:
    """What the inspection's page shows of its corrections: may the user correct it, and
    its amendments (old → new, reason, who, when)."""
    allowed = not inspection.is_voided and can_correct(user, inspection)
    return {
        "can_correct": allowed,
        "amendments": amendments_of(RecordKind.INSPECTION, [inspection.pk]).get(inspection.pk, []),
    }
