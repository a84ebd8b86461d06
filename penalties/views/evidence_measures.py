"""Pages of the evidence measures: a sample as evidence, 先行登记保存 (request, measure,
处理决定, the due list), 案件移送, 取缔 and other measures, and a case's 询问笔录. Thin: the services decide."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from core.views import RoleRequiredMixin, ServiceFormView, apply_form_errors
from penalties.forms.evidence_measures import (
    EvidenceSampleForm,
    InterviewForm,
    MeasureForm,
    PreservationDisposeForm,
    PreservationForm,
    PreservationTakeForm,
    PreservedItemFormSet,
    TransferForm,
)
from penalties.models import EvidencePreservation
from penalties.services.evidence import case_samples, evidence_attach_sample
from penalties.services.interviews import interview_make
from penalties.services.orders import measure_record
from penalties.services.preservation import (
    preservation_dispose,
    preservation_request,
    preservation_take,
    preservations_due,
)
from penalties.services.transfer import case_transfer
from penalties.views.case_forms import _CaseFormView, evidence_open_check, measure_open_check

ITEM_FIELDS = (
    "name",
    "specification",
    "quantity",
    "unit",
    "producer",
    "production_date",
    "batch_number",
    "note",
)


class EvidenceSampleAttachView(_CaseFormView):
    """Samples of the party's inspections (with their results) become evidence of the
    case, nothing uploaded again; the same sample twice gives the evidence once."""

    title = "附加检测样品为证据"
    open_check = staticmethod(evidence_open_check)
    versioned = False

    def get_form(self, case, data=None):
        return EvidenceSampleForm(data, samples=case_samples(case))

    def perform(self, form, case):
        samples = list(form.cleaned_data["samples"])
        return [
            evidence_attach_sample(
                case=case, sample=s, user=self.request.user, note=form.cleaned_data["note"]
            )
            for s in samples
        ]

    def success_message(self, saved):
        return f"已附加 {len(saved)} 份检测样品为证据。"


class PreservationRequestView(_CaseFormView):
    title = "报请证据先行登记保存"
    template_name = "penalties/preservation_form.html"
    open_check = staticmethod(evidence_open_check)
    versioned = False

    def get_form(self, case, data=None):
        return PreservationForm(data, case=case)

    def get_formset(self, case, data=None):
        return PreservedItemFormSet(data, prefix="items")

    def get(self, request, **kwargs):
        self.formset = PreservedItemFormSet(prefix="items")
        return super().get(request, **kwargs)

    def post(self, request, **kwargs):
        case = self.get_object()
        form = self.get_form(case, request.POST)
        self.formset = PreservedItemFormSet(request.POST, prefix="items")
        if form.is_valid() and self.formset.is_valid():
            data = form.cleaned_data
            items = [
                {name: row.get(name, "") for name in ITEM_FIELDS}
                for row in self.formset.cleaned_data
                if row
            ]
            try:
                preservation = preservation_request(
                    case=case,
                    user=request.user,
                    requested_on=data["requested_on"],
                    reason=data["reason"],
                    place_kept=data["place_kept"],
                    keeper=data["keeper"],
                    officers=list(data["officers"]),
                    items=items,
                )
            except ValidationError as exc:
                apply_form_errors(form, exc)
            else:
                messages.success(request, "已报请负责人审批先行登记保存；批准后再实施。")
                return redirect(preservation.case.get_absolute_url() + "#preservations")
        return self.render(form, case, status=400)


def _preservation(pk):
    return get_object_or_404(
        EvidencePreservation.objects.select_related("case", "approval").prefetch_related("items"),
        pk=pk,
    )


class _PreservationStepView(ServiceFormView):
    permission_required = "penalties.change_penaltycase"
    template_name = "core/form_page.html"
    versioned = False  # the service checks the preservation's state

    def get_object(self):
        return _preservation(self.kwargs["pk"])

    def get_context(self, preservation):
        return {"object": preservation.case, "preservation": preservation}

    def get_success_url(self, preservation):
        return preservation.case.get_absolute_url() + "#preservations"


class PreservationTakeView(_PreservationStepView):
    title = "实施证据先行登记保存"
    form_class = PreservationTakeForm

    def get_form(self, preservation, data=None):
        return PreservationTakeForm(data)

    def perform(self, form, preservation):
        return preservation_take(
            preservation=preservation, user=self.request.user, **form.cleaned_data
        )

    def success_message(self, preservation):
        return (
            f"已实施先行登记保存（{preservation.number}），"
            f"请于 {preservation.due:%Y-%m-%d} 前作出处理决定。"
        )


class PreservationDisposeView(_PreservationStepView):
    title = "先行登记保存物品处理决定"

    def get_form(self, preservation, data=None):
        return PreservationDisposeForm(data, items=preservation.items.all())

    def perform(self, form, preservation):
        return preservation_dispose(
            preservation=preservation,
            user=self.request.user,
            disposed_on=form.cleaned_data["disposed_on"],
            per_item=form.per_item(),
            note=form.cleaned_data["note"],
        )

    def success_message(self, preservation):
        return f"已作出处理决定（{preservation.disposal_number}）。"


class PreservationDueView(RoleRequiredMixin, View):
    """Preservations whose 7 working days end soon or have ended without a decision."""

    permission_required = "penalties.view_penaltycase"

    def get(self, request):
        today = timezone.localdate()
        rows = list(preservations_due(today))
        return render(
            request,
            "penalties/preservation_due.html",
            {"rows": rows, "today": today, "title": "先行登记保存临期和超期"},
        )


class CaseTransferView(_CaseFormView):
    title = "案件移送"
    open_check = staticmethod(evidence_open_check)
    versioned = False

    def get_form(self, case, data=None):
        return TransferForm(data)

    def perform(self, form, case):
        return case_transfer(case=case, user=self.request.user, **form.cleaned_data)

    def success_message(self, transfer):
        return f"已移送{transfer.organ}（{transfer.number}），案件以“移送其他机关”结案。"


class MeasureRecordView(_CaseFormView):
    """取缔 (of unlicensed practice) or an order to stop, recorded as the measure it is:
    not a penalty; the decision states it apart from the penalties."""

    title = "登记取缔等措施"
    open_check = staticmethod(measure_open_check)
    versioned = False

    def get_form(self, case, data=None):
        return MeasureForm(data)

    def perform(self, form, case):
        return measure_record(case=case, user=self.request.user, **form.cleaned_data)

    def success_message(self, measure):
        return f"已登记{measure.get_kind_display()}（{measure.taken_on:%Y-%m-%d}）。"


class InterviewMakeView(_CaseFormView):
    # A case officer who makes on-site records.
    permission_required = ("penalties.change_penaltycase", "inspections.add_onsiterecord")
    title = "制作询问笔录"
    open_check = staticmethod(evidence_open_check)
    versioned = False

    def get_form(self, case, data=None):
        return InterviewForm(data, case=case)

    def perform(self, form, case):
        return interview_make(case=case, user=self.request.user, **form.cleaned_data)

    def post(self, request, **kwargs):
        case = self.get_object()
        form = self.get_form(case, request.POST)
        if form.is_valid():
            try:
                interview = self.perform(form, case)
            except ValidationError as exc:
                apply_form_errors(form, exc)
            else:
                messages.success(request, "已制作询问笔录，请填写被询问人和问答后签名。")
                return redirect("inspections:record_edit", interview.record_id)
        return self.render(form, case, status=400)
