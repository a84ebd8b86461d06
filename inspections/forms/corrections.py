"""Forms of the correction pages (更正 / 作废): they shape input, the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from core.people import PeopleChoiceField
from core.roster import roster
from inspections.choices import InspectionResult
from inspections.forms.inspections import DateTimeInput
from inspections.models import ProblemType


class VoidForm(forms.Form):
    reason = forms.CharField(
        label="作废原因",
        max_length=200,
        required=False,  # the service says why an empty reason will not do
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如：重复录入、录错单位。作废后记录保留并标明“已作废”，不再计入列表和统计。",
    )


class InspectionAmendForm(forms.Form):
    """The inspection as it should read, with the reason; one field per checklist score."""

    reason = forms.CharField(
        label="更正原因",
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="更正记录保存原值与新值、更正人、时间和原因。",
    )
    inspected_at = forms.DateTimeField(
        label="检查时间", widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    inspectors = PeopleChoiceField(
        label="监督员（至少两名）",
        queryset=roster(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    person_present = forms.CharField(label="单位在场人员", max_length=50, required=False)
    findings = forms.CharField(
        label="检查情况", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    problems = forms.ModelMultipleChoiceField(
        label="发现问题",
        queryset=ProblemType.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    result = forms.ChoiceField(label="处理结果", choices=InspectionResult.choices)

    def __init__(self, *args, inspection, **kwargs):
        self.inspection = inspection
        self.score_rows = list(inspection.scores.select_related("item"))
        super().__init__(*args, initial=self.current(inspection), **kwargs)
        # the problems of the domain inspected, and those recorded (kept though foreign)
        self.fields["problems"].queryset = ProblemType.objects.filter(
            Q(pk__in=ProblemType.objects.for_domain(inspection.category.domain).values("pk"))
            | Q(pk__in=self.initial["problems"])
        )
        # The team as recorded stays choosable though someone has left the roster since.
        team = self.initial["inspectors"]
        self.fields["inspectors"].queryset = (
            get_user_model()
            .objects.filter(Q(pk__in=roster().values("pk")) | Q(pk__in=team))
            .order_by("id")
        )
        for row in self.score_rows:
            item = row.item
            self.fields[f"score_{item.pk}"] = forms.DecimalField(
                label=f"评分：{item.content[:40]}（{item.max_points.normalize():f} 分）",
                max_digits=6,
                decimal_places=2,
                required=False,
                help_text="留空：不适用（合理缺项）。",
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label="扣分说明", max_length=200, required=False
            )

    def current(self, inspection) -> dict:
        initial = {
            "inspected_at": timezone.localtime(inspection.inspected_at).replace(tzinfo=None),
            "inspectors": list(inspection.inspectors.values_list("pk", flat=True)),
            "person_present": inspection.person_present,
            "findings": inspection.findings,
            "problems": list(inspection.problems.values_list("pk", flat=True)),
            "result": inspection.result,
        }
        for row in self.score_rows:
            # As the entry page shows it: "10", never Decimal.normalize()'s "1E+1".
            shown = None if row.not_applicable else f"{row.score.normalize():f}"
            initial[f"score_{row.item_id}"] = shown
            initial[f"note_{row.item_id}"] = row.note
        return initial

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        scores = {}
        for row in self.score_rows:
            score = data.get(f"score_{row.item_id}")  # None: not applicable
            note = data.get(f"note_{row.item_id}") or ""
            was = None if row.not_applicable else row.score
            if score != was or note != row.note:
                scores[row.item_id] = (score, note)
        shown = timezone.localtime(self.inspection.inspected_at).replace(second=0, microsecond=0)
        moved = data["inspected_at"] != shown  # the page shows the minute
        return {
            "reason": data["reason"],
            "inspected_at": data["inspected_at"] if moved else None,
            "inspectors": list(data["inspectors"]),
            "person_present": data["person_present"],
            "findings": data["findings"],
            "problems": list(data["problems"]),
            "result": data["result"],
            "scores": scores or None,
        }
