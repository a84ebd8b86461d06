"""Input forms for health certificates and training; the services hold the rules."""

from django import forms

from licensing.health.choices import HealthResult
from licensing.health.models import HealthCertificate, TrainingSession
from premises.forms import DateInput
from premises.models import Establishment, Practitioner


class CertificateForm(forms.ModelForm):
    result = forms.ChoiceField(label="体检结论", choices=HealthResult.choices)

    class Meta:
        model = HealthCertificate
        fields = ["exam_date", "institution", "result", "number", "expires_on"]
        widgets = {"exam_date": DateInput(), "expires_on": DateInput()}

    def __init__(self, *args, rule=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].required = False
        if rule is not None:
            self.fields[
                "expires_on"
            ].help_text = f"空白时按规则自动计算：体检日期起 {rule.validity_months} 个月。"

    def _post_clean(self):
        """The service checks and saves; the model's own checks run there."""


class TrainingForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["date", "place", "topic", "organiser", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        """The service checks and saves."""


class UnitChoiceForm(forms.Form):
    establishment = forms.ModelChoiceField(
        label="单位",
        queryset=Establishment.objects.open().only("id", "name"),
        empty_label="请选择单位",
    )


class PractitionerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.post}）"


class AttendanceForm(forms.Form):
    practitioners = PractitionerChoiceField(
        label="参训人员",
        queryset=Practitioner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, establishment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioners"].queryset = (
            Practitioner.objects.current().filter(establishment=establishment).order_by("name")
        )
