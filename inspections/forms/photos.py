"""The photo upload form: a batch from the tablet's camera, with the tablet's clock and
position as a fallback for photos whose EXIF has none."""

import datetime

from django import forms
from django.utils import timezone


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (the camera's batch): a list of uploads."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            if not data:
                return single(None, initial)
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class PhotoForm(forms.Form):
    # Plain file fields: the service decides what counts as an image and says so.
    # capture="environment": the tablet offers its back camera; multiple: a batch.
    image = MultipleFileField(
        label="照片",
        widget=MultipleImageInput(
            attrs={"accept": "image/*", "capture": "environment", "data-photo-input": ""}
        ),
        help_text="可一次选择或拍摄多张。",
    )
    caption = forms.CharField(label="说明", max_length=100, required=False)
    # Filled by static/js/photos.js from the tablet's clock and geolocation: used when a
    # photo's EXIF has no capture time or position.
    device_time = forms.CharField(widget=forms.HiddenInput, required=False)
    latitude = forms.DecimalField(
        widget=forms.HiddenInput, required=False, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        widget=forms.HiddenInput, required=False, min_value=-180, max_value=180
    )

    def clean_device_time(self):
        """An ISO time from the tablet (``Date.toISOString()``); None if unreadable."""
        value = (self.cleaned_data["device_time"] or "").strip()
        if not value:
            return None
        try:
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment
