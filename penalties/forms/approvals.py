"""Forms of the approvals: what an officer puts to the 负责人, the 负责人's answer, and the
合议 / 集体讨论 record."""

from django import forms
from django.contrib.auth import get_user_model

from core.people import PeopleChoiceField, PersonChoiceField
from penalties.choices import LegalReviewTrigger
from penalties.forms.steps import PENALTY_FIELDS, PenaltyFieldsForm, date_field, text_area
from penalties.models import DiscussionKind


class DecisionRequestForm(PenaltyFieldsForm):
    """The 案件调查终结报告 put to the 负责人, with the proposal the decision will follow."""

    requested_on = date_field("报请日期")
    facts = text_area("违法事实", rows=4)
    evidence = text_area("证据", rows=3)
    basis = text_area("处罚依据", rows=2)
    discretion = text_area("裁量理由（情节和幅度）", rows=3)
    legal_review_triggers = forms.MultipleChoiceField(
        label="法制审核情形（行政处罚法第五十八条）",
        choices=LegalReviewTrigger.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="举行过听证的自动计入；裁量基准要求或从重偏离的，另行计入。",
    )

    field_order = [
        "requested_on",
        "facts",
        "evidence",
        "basis",
        "severity",
        "discretion",
        *PENALTY_FIELDS,
        "departure_reason",
        "legal_review_triggers",
    ]


class ClosingRequestForm(forms.Form):
    requested_on = date_field("报请日期")
    summary = text_area("结案报告（处理结果和执行情况）", rows=5)


class ExtensionRequestForm(forms.Form):
    requested_on = date_field("报请日期")
    new_due = date_field("拟延长至", today=False)
    reason = text_area("延期理由")


class ApprovalDecideForm(forms.Form):
    decided_on = date_field("审批日期")
    approved = forms.ChoiceField(
        label="审批结论",
        choices=[("", "—"), ("1", "批准"), ("0", "不予批准")],
        error_messages={"required": "请选择审批结论（批准或不予批准）。"},
    )
    opinion = text_area("审批意见", required=False, help_text="不予批准的须写明理由。")

    def clean_approved(self):
        value = self.cleaned_data.get("approved")
        return None if value in (None, "") else value == "1"


class DiscussionForm(forms.Form):
    kind = forms.ChoiceField(label="讨论类型", choices=DiscussionKind.choices)
    held_on = date_field("讨论日期")
    place = forms.CharField(label="地点", max_length=100, required=False)
    # Offered by name (李明), not by login name.
    host = PersonChoiceField(label="主持人", queryset=get_user_model().objects.none())
    participants = PeopleChoiceField(label="参加人员", queryset=get_user_model().objects.none())
    recorder = PersonChoiceField(label="记录人", queryset=get_user_model().objects.none())
    facts = text_area("讨论的违法事实和证据", rows=4)
    discretion = text_area("裁量理由（情节与处罚幅度，如何行使裁量权）", rows=4)
    conclusion = text_area("讨论结论", rows=3)
    agreed = forms.BooleanField(label="同意拟处理意见", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True).order_by("first_name", "username")
        for name in ("host", "participants", "recorder"):
            self.fields[name].queryset = users
