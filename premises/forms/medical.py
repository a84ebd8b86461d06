"""Page input for the medical register (premises/models/medical.py, medical_infection.py).
Validation lives in the models and services; forms only shape input."""

from django import forms

from premises.forms import DateInput
from premises.models import (
    ClinicalSubject,
    InfectionControl,
    MedicalLicence,
    MedicalStaff,
    PracticeScope,
    Practitioner,
)


class SubjectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}" if not obj.parent_id else f"　{obj.code} {obj.name}"


class MedicalLicenceForm(forms.ModelForm):
    """The 执业许可证 as the register holds it; with a current record, a change (变更原因)."""

    subjects = SubjectChoiceField(
        label="诊疗科目",
        queryset=ClinicalSubject.objects.filter(is_active=True).select_related("parent"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "subject-choices"}),
        help_text="按许可证副本登记；医学影像科可只选其下的专业。",
    )

    class Meta:
        model = MedicalLicence
        fields = [
            "registration_number",
            "subjects",
            "beds",
            "valid_from",
            "valid_until",
            "legal_representative",
            "principal",
            "verified_on",
            "verification_due_on",
            "issued_by",
            "change_reason",
        ]
        widgets = {
            name: DateInput()
            for name in ("valid_from", "valid_until", "verified_on", "verification_due_on")
        }

    def __init__(self, *args, establishment=None, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishment is not None:
            self.instance.establishment = establishment
        self.fields["beds"].widget.attrs.update({"inputmode": "numeric", "min": 0})
        if current is None:
            del self.fields["change_reason"]
        else:
            self.fields["change_reason"].required = True
            self.fields[
                "change_reason"
            ].help_text = (
                f"将取代现行记录（登记号 {current.registration_number}），原记录保留备查。"
            )

    def validate_unique(self):
        pass  # the service answers a repeat (idempotent) or supersedes the current record


class ScopeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.post}）"  # the unit is the page's


class MedicalStaffForm(forms.ModelForm):
    practitioner = PersonChoiceField(label="从业人员", queryset=Practitioner.objects.none())
    scope = ScopeChoiceField(
        label="执业范围",
        queryset=PracticeScope.objects.filter(is_active=True),
        required=False,
        help_text="须与执业类别一致；无执业资格的人员不填。",
    )

    class Meta:
        model = MedicalStaff
        fields = [
            "practitioner",
            "practice_type",
            "scope",
            "certificate_number",
            "registered_here",
            "started_on",
            "notes",
        ]
        widgets = {"started_on": DateInput()}

    def __init__(self, *args, establishment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishment is not None:
            self.instance.establishment = establishment
            self.fields["practitioner"].queryset = establishment.practitioners.filter(
                left_on__isnull=True
            ).order_by("name", "pk")
            self.fields[
                "practitioner"
            ].help_text = "从本单位在职从业人员中选择；尚未登记的请先在“从业人员”中登记。"

    def validate_unique(self):
        pass  # idempotent in the service


class MedicalStaffUpdateForm(forms.ModelForm):
    """A new certificate or scope, or the day the person left; never the person."""

    scope = ScopeChoiceField(
        label="执业范围", queryset=PracticeScope.objects.filter(is_active=True), required=False
    )

    class Meta:
        model = MedicalStaff
        fields = [
            "practice_type",
            "scope",
            "certificate_number",
            "registered_here",
            "started_on",
            "left_on",
            "notes",
        ]
        widgets = {"started_on": DateInput(), "left_on": DateInput()}


class InfectionControlForm(forms.ModelForm):
    class Meta:
        model = InfectionControl
        fields = [
            "checked_on",
            "triage",
            "fever_clinic",
            "disinfection_records",
            "disinfection_monitoring",
            "waste_storage",
            "waste_disposer",
            "waste_disposer_licence",
            "waste_contract_until",
            "waste_handover_kept",
            "waste_manifest_kept",
            "vaccination_site",
            "vaccination_designation",
            "vaccination_valid_until",
            "vaccinators",
            "vaccinators_trained",
            "notes",
        ]
        widgets = {
            "checked_on": DateInput(),
            "waste_contract_until": DateInput(),
            "vaccination_valid_until": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, establishment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishment is not None:
            self.instance.establishment = establishment
        for name in ("vaccinators", "vaccinators_trained"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "min": 0})

    def validate_unique(self):
        pass  # idempotent in the service
