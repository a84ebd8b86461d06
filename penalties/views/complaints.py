"""Link a penalty case to the complaint (投诉举报) it grew from: a page on the complaint,
declared here because penalties sits above inspections (penalties/models/complaints.py)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from core.views import ServiceFormView
from inspections.models import Complaint
from inspections.services.complaints import may_handle
from penalties.models import PenaltyCase
from penalties.services.complaints import case_complaint_link


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.number} {obj.party_name}（{obj.get_status_display()}）"


class CaseLinkForm(forms.Form):
    case = CaseChoiceField(label="行政处罚案件", queryset=PenaltyCase.objects.none())

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        cases = PenaltyCase.objects.exclude(pk__in=complaint.case_links.values("case"))
        if complaint.establishment_id:
            cases = cases.filter(establishment_id=complaint.establishment_id)
        # The latest 200 (a sliced queryset cannot be validated against: their keys).
        latest = list(cases.order_by("-year", "-sequence").values_list("pk", flat=True)[:200])
        self.fields["case"].queryset = PenaltyCase.objects.filter(pk__in=latest).order_by(
            "-year", "-sequence"
        )


class ComplaintCaseLinkView(ServiceFormView):
    permission_required = ("inspections.handle_complaint", "penalties.view_penaltycase")
    template_name = "inspections/complaint_step.html"
    title = "关联行政处罚案件"
    versioned = False  # adds a link beside the complaint, changes nothing of it

    def get_object(self):
        return get_object_or_404(
            Complaint.objects.select_related("assigned_to"), pk=self.kwargs["pk"]
        )

    def get_form(self, obj, data=None):
        return CaseLinkForm(data, complaint=obj)

    def refusal(self, obj):
        if not may_handle(self.request.user, obj):
            raise PermissionDenied("只有承办人或管理者可以关联案件。")
        if obj.is_closed:
            return redirect(obj.get_absolute_url())
        return None

    def get_context(self, obj):
        return {"object": obj, "submit_label": "关联"}

    def perform(self, form, obj):
        case_complaint_link(user=self.request.user, complaint=obj, case=form.cleaned_data["case"])
        return obj

    def success_message(self, saved):
        return "已关联行政处罚案件。"
