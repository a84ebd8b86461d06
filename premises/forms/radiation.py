"""Page input for the radiation-health register (premises/models/radiation.py). Validation
lives in the models and services; forms only shape input."""

from django import forms

from premises.forms import DateInput
from premises.models import (
    DoseReading,
    RadiationDevice,
    RadiationExam,
    RadiationProject,
    RadiationWorker,
)


class RadiationDeviceForm(forms.ModelForm):
    class Meta:
        model = RadiationDevice
        fields = [
            "device_type",
            "practice_category",
            "model_name",
            "serial_number",
            "manufacturer",
            "installed_on",
            "notes",
        ]
        widgets = {"installed_on": DateInput()}


class RadiationDeviceRetireForm(forms.Form):
    retired_on = forms.DateField(label="停用（报废）日期", widget=DateInput())
    retire_reason = forms.CharField(label="停用原因", max_length=200)


class RadiationWorkerForm(forms.ModelForm):
    class Meta:
        model = RadiationWorker
        fields = [
            "name",
            "id_number",
            "practice_category",
            "post",
            "started_on",
            "certificate_number",
            "certificate_issued_on",
            "certificate_valid_until",
        ]
        widgets = {
            "started_on": DateInput(),
            "certificate_issued_on": DateInput(),
            "certificate_valid_until": DateInput(),
        }
        help_texts = {"id_number": "与本单位从业人员台帐中身份证号码相同的，自动关联该从业人员。"}

    def __init__(self, *args, establishment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishment is not None:
            self.instance.establishment = establishment
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "maxlength": 18})

    def validate_unique(self):
        pass  # the service answers a repeated registration (idempotent) or refuses it


class RadiationWorkerUpdateForm(forms.ModelForm):
    """A worker's particulars and 放射工作人员证; the ID number is not retyped here."""

    class Meta:
        model = RadiationWorker
        fields = [
            "name",
            "practice_category",
            "post",
            "started_on",
            "left_on",
            "certificate_number",
            "certificate_issued_on",
            "certificate_valid_until",
        ]
        widgets = {
            "started_on": DateInput(),
            "left_on": DateInput(),
            "certificate_issued_on": DateInput(),
            "certificate_valid_until": DateInput(),
        }


class DoseReadingForm(forms.ModelForm):
    class Meta:
        model = DoseReading
        fields = ["period_start", "period_end", "dose_msv", "result", "service", "report_number"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args, worker=None, **kwargs):
        super().__init__(*args, **kwargs)
        if worker is not None:
            self.instance.worker = worker
        self.fields["dose_msv"].widget.attrs.update({"inputmode": "decimal", "step": "0.001"})

    def validate_unique(self):
        pass  # idempotent in the service


class RadiationExamForm(forms.ModelForm):
    class Meta:
        model = RadiationExam
        fields = ["kind", "examined_on", "institution", "conclusion", "notes"]
        widgets = {"examined_on": DateInput()}

    def __init__(self, *args, worker=None, **kwargs):
        super().__init__(*args, **kwargs)
        if worker is not None:
            self.instance.worker = worker

    def validate_unique(self):
        pass  # idempotent in the service


class RadiationProjectForm(forms.ModelForm):
    class Meta:
        model = RadiationProject
        fields = [
            "name",
            "kind",
            "practice_category",
            "pre_assessed_on",
            "pre_approved_on",
            "pre_approval_number",
            "control_assessed_on",
            "accepted_on",
            "acceptance_number",
            "notes",
        ]
        widgets = {
            name: DateInput()
            for name in ("pre_assessed_on", "pre_approved_on", "control_assessed_on", "accepted_on")
        }

    def __init__(self, *args, establishment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishment is not None:
            self.instance.establishment = establishment

    def validate_unique(self):
        pass  # idempotent in the service
