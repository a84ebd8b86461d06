"""Forms of the 健康促进 pages: they shape input, inspections.services.promotion decides."""

from django import forms
from django.utils import timezone

from inspections.choices import ChecklistPurpose
from inspections.forms.scoring import ChecklistScoringMixin
from inspections.models import ChecklistTemplate
from inspections.services.promotion import in_scope_condition
from premises.forms import DateInput
from premises.models import Establishment


class PromotionAssessForm(ChecklistScoringMixin, forms.Form):
    """The subject, date and assessors, and the standard's sheet scored item by item. The
    sheet is the one the page was loaded with (a hidden field): a sheet revised meanwhile,
    or another standard's, is refused by the service."""

    subject = forms.ModelChoiceField(label="评估对象", queryset=Establishment.objects.none())
    assessed_on = forms.DateField(label="评估日期", widget=DateInput())
    assessors = forms.CharField(
        label="评估人员",
        max_length=200,
        help_text="现场评估组成员，多人用顿号（、）分隔。",
    )
    note = forms.CharField(
        label="说明", max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    sheet = forms.ModelChoiceField(
        queryset=ChecklistTemplate.objects.filter(purpose=ChecklistPurpose.HEALTH_PROMOTION),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "该评分表不是健康促进评分表。"},
    )

    def __init__(self, data=None, *, standard, sheet, subject=None):
        initial = {"assessed_on": timezone.localdate(), "sheet": sheet.pk if sheet else None}
        if subject is not None:
            initial["subject"] = subject.pk
        super().__init__(data, initial=initial)
        self.standard = standard
        condition = in_scope_condition(standard, timezone.localdate())
        if condition is not None:
            self.fields["subject"].queryset = (
                Establishment.objects.open().filter(condition).order_by("name")
            )
        self.add_score_fields(sheet)

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("评估日期不能晚于今天。")
        return day

    def main_fields(self):
        return [f for f in super().main_fields() if f.name != "sheet"]


class PromotionVoidForm(forms.Form):
    reason = forms.CharField(
        label="作废原因",
        max_length=200,
        required=False,  # the service says why an empty reason will not do
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如：评分录错、选错对象。作废后评估保留并标明“已作废”，"
        "该对象的结果恢复为此前的评估（没有则为未评估），不再计入达标数。",
    )
