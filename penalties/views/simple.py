"""Pages of the simple procedure (简易程序): the on-the-spot decision on the tablet, the
decisions waiting for 备案 and the cash waiting to be handed in. Thin: the rules are
penalties.services.simple's."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from core.views import RoleRequiredMixin, ServiceFormView
from inspections.models import Inspection
from penalties.forms.simple import (
    CashHandInForm,
    OnSpotCloseForm,
    OnSpotFilingForm,
    SimpleCaseForm,
)
from penalties.models import OnSpotRule, OnSpotThreshold, PenaltyCase
from penalties.services import simple
from penalties.views.case_forms import _pk
from premises.models import Establishment


class SimpleCaseView(ServiceFormView):
    """当场行政处罚: one page on the tablet, signed by the party at its foot."""

    permission_required = "penalties.add_penaltycase"
    template_name = "penalties/simple_form.html"
    title = "当场行政处罚（简易程序）"

    def get_form(self, obj, data=None):
        self.inspection = self.unit = None
        if pk := _pk(self.request.GET.get("inspection")):
            self.inspection = get_object_or_404(
                Inspection.objects.select_related("establishment"), pk=pk
            )
        elif pk := _pk(self.request.GET.get("establishment")):
            self.unit = get_object_or_404(Establishment, pk=pk)
        return SimpleCaseForm(
            data, inspection=self.inspection, unit=self.unit, user=self.request.user
        )

    def get_context(self, obj):
        return {
            "inspection": self.inspection,
            "unit": self.unit,
            "thresholds": list(OnSpotThreshold.objects.all()),
            "rule": OnSpotRule.on(timezone.localdate()),
        }

    def perform(self, form, obj):
        return simple.simple_case_decide(
            user=self.request.user, inspection=self.inspection, **form.service_arguments()
        )

    def success_message(self, saved):
        return f"已作出当场行政处罚决定：{saved.number}。请打印或出示决定书交付当事人。"

    def render(self, form, obj, status=200):
        # A signature vouches for the decision the party saw: a form sent back to be
        # corrected is signed again (the pad shows blank; the kept signature is dropped).
        if form.is_bound and form.errors and form.data.get("signature"):
            form.data = form.data.copy()
            form.data["signature"] = ""
            if "signature" not in form.errors:
                form.add_error("signature", "决定内容需修改：修改后请当事人重新签名。")
        return super().render(form, obj, status=status)


class SimplePendingView(RoleRequiredMixin, View):
    """On-the-spot decisions not yet filed (备案) with the organ, and cash not yet handed in;
    the overdue marked."""

    permission_required = "penalties.view_penaltycase"

    def get(self, request):
        return render(
            request,
            "penalties/simple_pending.html",
            {
                "title": "当场处罚备案和罚款交纳",
                "filing": list(simple.filing_pending()),
                "cash": list(simple.cash_pending()),
                "rule": OnSpotRule.on(timezone.localdate()),
                "today": timezone.localdate(),
            },
        )


class _OnSpotActionView(ServiceFormView):
    permission_required = "penalties.change_penaltycase"
    template_name = "penalties/case_form.html"
    versioned = False

    def get_object(self):
        return get_object_or_404(
            PenaltyCase.objects.select_related("violation"), pk=self.kwargs["pk"]
        )

    def get_context(self, obj):
        return {"object": obj, "case": obj}

    def refusal(self, obj):
        why = self.nothing_to_do(obj)
        if why:
            messages.error(self.request, why)
            return redirect(obj.get_absolute_url())
        return None

    def nothing_to_do(self, case) -> str:
        if not case.is_simple:
            return f"案件 {case.number} 不是简易程序案件。"
        return ""

    def get_success_url(self, saved):
        return reverse("penalties:simple_pending")


class OnSpotFileView(_OnSpotActionView):
    title = "登记当场处罚决定备案"

    def nothing_to_do(self, case) -> str:
        if why := super().nothing_to_do(case):
            return why
        if case.on_spot.filed_with_organ_on is not None:
            return f"{case.number} 已于 {case.on_spot.filed_with_organ_on:%Y-%m-%d} 备案。"
        return ""

    def get_form(self, obj, data=None):
        return OnSpotFilingForm(data)

    def perform(self, form, case):
        return simple.simple_case_file(
            case=case, user=self.request.user, filed_on=form.cleaned_data["filed_on"]
        )

    def success_message(self, saved):
        return f"已登记 {saved.case.number} 备案。"


class CashHandInView(_OnSpotActionView):
    title = "登记当场收缴罚款交至机关"

    def nothing_to_do(self, case) -> str:
        if why := super().nothing_to_do(case):
            return why
        if case.on_spot.cash_amount is None:
            return f"{case.number} 没有当场收缴罚款。"
        if case.on_spot.cash_handed_in_on is not None:
            return f"{case.number} 当场收缴的罚款已交至机关。"
        return ""

    def get_form(self, obj, data=None):
        return CashHandInForm(data)

    def perform(self, form, case):
        return simple.simple_cash_hand_in(
            case=case, user=self.request.user, handed_in_on=form.cleaned_data["handed_in_on"]
        )

    def success_message(self, saved):
        return f"已登记 {saved.case.number} 当场收缴的罚款交至机关。"


class OnSpotCloseView(_OnSpotActionView):
    title = "简易程序案件结案"

    def nothing_to_do(self, case) -> str:
        if why := super().nothing_to_do(case):
            return why
        if case.status != "executed":
            return f"{case.number} 尚未登记执行完毕（罚款缴清后登记执行），不能结案。"
        return ""

    def get_form(self, obj, data=None):
        return OnSpotCloseForm(data)

    def perform(self, form, case):
        return simple.simple_case_close(
            case=case, user=self.request.user, done_on=form.cleaned_data["done_on"]
        )

    def get_success_url(self, saved):
        return saved.get_absolute_url()

    def success_message(self, saved):
        return f"{saved.number} 已结案。"
