"""Forms of the grade pages (信誉度等级): they shape input, inspections.services.grades decides."""

from django import forms
from django.utils import timezone

from premises.forms import DateInput


class GradeAssessForm(forms.Form):
    assessed_on = forms.DateField(
        label="评定日期",
        widget=DateInput(),
        help_text="等级自评定日期起生效，取代该单位此前的等级。",
    )
    note = forms.CharField(
        label="说明",
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"assessed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class GradeVoidForm(forms.Form):
    reason = forms.CharField(
        label="作废原因",
        max_length=200,
        required=False,  # the service says why an empty reason will not do
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如：评分录错、选错检查。作废后评定保留并标明“已作废”，"
        "该单位的等级恢复为此前的评定（没有则为未评定）。",
    )
