"""Input forms for inspections. Rules live in the services; forms only shape input."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from core.people import PeopleChoiceField
from core.roster import roster
from inspections.choices import InspectionKind, InspectionResult
from inspections.forms.scoring import ChecklistScoringMixin
from inspections.models import (
    Campaign,
    ChecklistTemplate,
    DrawAssignment,
    ProblemType,
    SupervisionOpinion,
)
from premises.choices import EstablishmentStatus
from premises.forms import DateInput
from premises.models import Domain, Establishment

YES_NO = [("", "—"), ("1", "是"), ("0", "否")]


def yes_no(value):
    return {"1": True, "0": False}.get(value)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        super().__init__(**kwargs)


class InspectionForm(ChecklistScoringMixin, forms.Form):
    """One inspection; with a checklist chosen, one score (and note) field per item."""

    establishment = forms.ModelChoiceField(
        label="被检查单位",
        queryset=Establishment.objects.exclude(status=EstablishmentStatus.CLOSED).order_by("name"),
        # a unit chosen: the page again with its checklists and problems (static/js/forms.js)
        widget=forms.Select(attrs={"data-click": "load-checklist"}),
    )
    inspected_at = forms.DateTimeField(
        label="检查时间", widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    inspectors = PeopleChoiceField(
        label="监督员（至少两名）",
        queryset=roster(),
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the service says why fewer than two will not do
    )
    domain = forms.ModelChoiceField(
        label="检查专业",
        queryset=Domain.objects.all(),
        required=False,
        empty_label="单位主专业",
        help_text="单位纳入多个监督专业时（如医院的放射诊疗），选择本次检查的专业；"
        "评分表和发现问题随专业列出。",
        widget=forms.Select(attrs={"data-click": "load-checklist"}),
    )
    kind = forms.ChoiceField(label="检查类型", choices=InspectionKind.choices)
    campaign = forms.ModelChoiceField(
        label="所属专项整治", queryset=Campaign.objects.all(), required=False
    )
    draw_assignment = forms.ModelChoiceField(
        label="双随机抽查任务",
        queryset=DrawAssignment.objects.select_related("draw", "establishment"),
        required=False,
    )
    follows_opinion = forms.ModelChoiceField(
        label="复查的意见书",
        queryset=SupervisionOpinion.objects.open().select_related("inspection__establishment"),
        required=False,
    )
    rectified = forms.ChoiceField(label="复查结论：已整改", choices=YES_NO, required=False)
    person_present = forms.CharField(label="单位在场人员", max_length=50)
    findings = forms.CharField(
        label="检查情况", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    problems = forms.ModelMultipleChoiceField(
        label="发现问题",
        queryset=ProblemType.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    result = forms.ChoiceField(label="处理结果", choices=InspectionResult.choices)
    checklist = forms.ModelChoiceField(
        label="评分表",
        queryset=ChecklistTemplate.objects.for_inspections(),
        required=False,
        empty_label="不使用评分表",
        # static/js/forms.js: choosing a sheet loads its items (the button does it too).
        widget=forms.Select(attrs={"data-click": "load-checklist"}),
    )

    MULTI = ("inspectors", "problems")

    def __init__(self, *args, establishment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["draw_assignment"].label_from_instance = lambda a: (
            f"{a.draw.name} 第{a.position}号：{a.establishment.name}"
        )
        self.fields["follows_opinion"].label_from_instance = lambda o: (
            f"{o.number}（{o.inspection.establishment.name}，期限 {o.deadline:%Y-%m-%d}）"
        )
        if establishment is not None:
            self.fields["establishment"].widget = forms.HiddenInput()
            if not self.is_bound:  # as sent, any domain: the service says what is wrong
                self._offer_the_unit_s_domains(establishment)
            self._offer_what_fits(self._inspected_kind(establishment))
            self.fields["draw_assignment"].queryset = self.fields[
                "draw_assignment"
            ].queryset.filter(establishment=establishment)
            self.fields["follows_opinion"].queryset = self.fields[
                "follows_opinion"
            ].queryset.filter(inspection__establishment=establishment)
        self.add_score_fields(self._chosen_checklist())

    def _offer_the_unit_s_domains(self, establishment):
        """Only the domains the unit is supervised under, its main one first and chosen;
        none to choose for a unit of one domain."""
        kinds = establishment.kinds_on()
        if len(kinds) < 2:
            del self.fields["domain"]
            return
        field = self.fields["domain"]
        field.queryset = Domain.objects.filter(pk__in=[k.domain_id for k in kinds])
        field.empty_label = None
        field.initial = kinds[0].domain_id
        main = kinds[0].domain_id
        field.label_from_instance = lambda d: next(
            f"{d.name}（{k.name}）" + ("·主专业" if d.pk == main else "")
            for k in kinds
            if k.domain_id == d.pk
        )

    def _inspected_kind(self, establishment):
        """The unit's kind in the domain chosen on the form (its main kind if none)."""
        raw = self.data.get("domain") if self.is_bound else self.initial.get("domain")
        raw = getattr(raw, "pk", raw)
        kinds = establishment.kinds_on() or [establishment.category]
        return next((k for k in kinds if str(k.domain_id) == str(raw)), kinds[0])

    def _offer_what_fits(self, category):
        """Only the checklists and problem types of the domain (and kind) inspected: a
        school's 一案八制, not a hotel's sheet. What was sent stays choosable, so that the
        service names on the field why it does not fit (nothing is written)."""
        sent_checklist, sent_problems = [], []
        if self.is_bound:
            sent_checklist = [v for v in [self.data.get("checklist")] if str(v).isdigit()]
            sent = getattr(self.data, "getlist", None)
            sent = sent("problems") if sent else self.data.get("problems") or []
            sent_problems = [v for v in sent if str(v).isdigit()]
        fitting = ChecklistTemplate.objects.for_inspection(category.domain, category)
        field = self.fields["checklist"]
        field.queryset = field.queryset.filter(
            Q(pk__in=fitting.values("pk")) | Q(pk__in=sent_checklist)
        )
        field = self.fields["problems"]
        field.queryset = ProblemType.objects.filter(
            Q(pk__in=ProblemType.objects.for_domain(category.domain).values("pk"))
            | Q(pk__in=sent_problems)
        )

    def _chosen_checklist(self):
        raw = self.data.get("checklist") if self.is_bound else self.initial.get("checklist")
        if isinstance(raw, ChecklistTemplate):
            raw = raw.pk
        if not raw:
            return None
        try:  # of those offered: a sheet of another domain shows no items to score
            return self.fields["checklist"].queryset.get(pk=int(raw))
        except (ValueError, ChecklistTemplate.DoesNotExist):
            return None

    def visible_main_fields(self):
        return self.main_fields()

    def service_arguments(self):
        data = self.cleaned_data
        kind = data["kind"]
        checklist = data["checklist"]
        scores = self.scores() if checklist is not None else None
        return {
            "establishment": data["establishment"],
            "domain": data.get("domain"),
            "inspected_at": data["inspected_at"],
            "inspectors": list(data["inspectors"]),
            "kind": kind,
            "campaign": data["campaign"] if kind == InspectionKind.CAMPAIGN else None,
            "draw_assignment": data["draw_assignment"] if kind == InspectionKind.RANDOM else None,
            "follows_opinion": (
                data["follows_opinion"] if kind == InspectionKind.FOLLOW_UP else None
            ),
            "rectified": yes_no(data["rectified"]) if kind == InspectionKind.FOLLOW_UP else None,
            "person_present": data["person_present"],
            "findings": data["findings"],
            "problems": list(data["problems"]),
            "result": data["result"],
            "checklist": checklist,
            "scores": scores,
        }


def initial_from_post(form_class, data):
    """Typed-in values of a form being reloaded (to show a checklist's items)."""
    return {
        name: data.getlist(name) if name in form_class.MULTI else data.get(name)
        for name in data
        if name != "csrfmiddlewaretoken"
    }


class OpinionItemForm(forms.Form):
    problem = forms.CharField(
        label="发现的问题", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    requirement = forms.CharField(
        label="整改要求", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


OpinionItemFormSet = forms.formset_factory(OpinionItemForm, extra=2)


def formset_items(formset):
    return [
        (f.cleaned_data.get("problem", ""), f.cleaned_data.get("requirement", ""))
        for f in formset.forms
    ]


class OpinionIssueForm(forms.Form):
    deadline = forms.DateField(label="整改期限", widget=DateInput())


class OpinionAmendForm(forms.Form):
    reason = forms.CharField(label="更正原因", max_length=200)
    deadline = forms.DateField(label="整改期限", widget=DateInput(), required=False)


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name",
            "start_date",
            "end_date",
            "domains",
            "categories",
            "townships",
            "problem_types",
            "description",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "domains": forms.CheckboxSelectMultiple,
            "townships": forms.CheckboxSelectMultiple,
            "problem_types": forms.CheckboxSelectMultiple,
            "categories": forms.SelectMultiple(attrs={"size": 8}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


def now_local_minutes():
    return timezone.localtime().replace(second=0, microsecond=0)
