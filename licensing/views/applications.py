"""The permit window's front page and applications: the list, receipt, each step
(review, decision, issue); the decision's PDF is its numbered document
(licensing.views.documents).

Thin, like the registry's pages: forms shape input, licensing.services acts, core.lists lists.
Permits themselves and the units without one are in licensing.views.permits.
"""

from django.shortcuts import get_object_or_404, render
from django.views import View

from core.history import history_entries
from core.lists import ObjectListView
from core.views import RoleRequiredMixin, ServiceFormView
from licensing import services
from licensing.choices import ApplicationKind, ApplicationStatus
from licensing.filters import ApplicationFilterSet
from licensing.forms import (
    AcceptForm,
    ApplicationForm,
    DecisionForm,
    IssueForm,
    NotAcceptForm,
    ReviewForm,
    WithdrawForm,
)
from licensing.models import Application, Permit
from licensing.services.applications import may_decide, needs_review
from licensing.services.intake import WITHDRAWABLE
from licensing.tables import APPLICATIONS, is_overdue
from premises.models import Establishment

DECIDED = (
    ApplicationStatus.APPROVED,
    ApplicationStatus.REFUSED,
    ApplicationStatus.ISSUED,
    ApplicationStatus.CLOSED,
)


def unit_from_query(request):
    pk = request.GET.get("establishment", "")
    if not pk.isdigit():
        return None
    return get_object_or_404(Establishment.objects.open().select_related("township"), pk=pk)


# ---------------------------------------------------------------- applications


class ApplicationListView(ObjectListView):
    permission_required = "licensing.view_application"
    model = Application
    filterset_class = ApplicationFilterSet
    template_name = "licensing/application_list.html"
    title = "许可申请"
    export_stem = "许可申请"
    default_sort = "-received_on"
    add_url_name = "licensing:application_add"
    add_permission = "licensing.add_application"
    columns = APPLICATIONS

    def get_queryset(self):
        return Application.objects.select_related("establishment__township", "permit_type")


class ApplicationCreateView(ServiceFormView):
    permission_required = "licensing.add_application"
    template_name = "licensing/application_form.html"
    title = "受理许可申请"

    def get_form(self, obj, data=None):
        self.unit = unit_from_query(self.request)
        self.q = self.request.GET.get("q", "")
        initial = {}
        for key in ("kind", "previous_permit", "permit_type", "path", "business_scope"):
            if self.request.GET.get(key):
                initial[key] = self.request.GET[key]
        if initial.get("previous_permit", "").isdigit():
            permit = Permit.objects.filter(pk=initial["previous_permit"]).first()
            if permit is not None:
                initial.setdefault("permit_type", permit.permit_type_id)
                initial.setdefault("business_scope", permit.business_scope)
        return ApplicationForm(data, unit=self.unit, q=self.q, initial=initial)

    def get_context(self, obj):
        return {"unit": self.unit, "q": self.q}

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        if data["kind"] == ApplicationKind.NEW:
            data["previous_permit"] = None
        return services.application_receive(user=self.request.user, **data)

    def success_message(self, saved):
        if saved.status == ApplicationStatus.ISSUED:
            return f"已受理并按告知承诺制发证：{saved.receipt_number}"
        if saved.status == ApplicationStatus.CORRECTION:
            return f"已登记 {saved.receipt_number}，待补正：请打印补正材料通知书交申请人。"
        if saved.status == ApplicationStatus.NOT_ACCEPTED:
            return f"已作出不予受理决定：{saved.receipt_number}，请打印决定书交申请人。"
        return f"已受理：{saved.receipt_number}，办理期限 {saved.due_on:%Y-%m-%d}"


def application_for_page(pk):
    return get_object_or_404(
        Application.objects.select_related(
            "establishment__township",
            "establishment__category",
            "permit_type",
            "previous_permit",
            "review_inspection",
            "received_by",
        ),
        pk=pk,
    )


class ApplicationDetailView(RoleRequiredMixin, View):
    permission_required = "licensing.view_application"

    def get(self, request, pk):
        return application_page(request, application_for_page(pk))


def _step_forms(user, application, forms) -> dict:
    """The steps ``user`` may take on ``application`` now, each with its form (or the one
    sent back with its errors)."""
    state = application.status
    offered = {}
    if user.has_perm("licensing.change_application") and state == ApplicationStatus.CORRECTION:
        offered["accept_form"] = AcceptForm
        offered["not_accept_form"] = NotAcceptForm
    if (
        user.has_perm("licensing.review_application")
        and state == ApplicationStatus.RECEIVED
        and needs_review(application)
    ):
        offered["review_form"] = lambda: ReviewForm(application=application)
    awaiting_decision = state == ApplicationStatus.REVIEWED or (
        state == ApplicationStatus.RECEIVED and not needs_review(application)
    )
    if awaiting_decision and may_decide(user, application):
        offered["decision_form"] = DecisionForm
    if (
        user.has_perm("licensing.add_permit")
        and state == ApplicationStatus.APPROVED
        and application.kind != ApplicationKind.CANCELLATION
    ):
        offered["issue_form"] = IssueForm
    if user.has_perm("licensing.change_application") and state in WITHDRAWABLE:
        offered["withdraw_form"] = WithdrawForm
    return {name: forms.get(name) or make() for name, make in offered.items()}


def _waiting_for(user, application) -> str:
    """Who the application waits for, when it is not this user."""
    state = application.status
    if state == ApplicationStatus.RECEIVED and needs_review(application):
        return "待审核"
    if state in (ApplicationStatus.RECEIVED, ApplicationStatus.REVIEWED):
        if may_decide(user, application):
            return ""
        if user.has_perm("licensing.decide_application"):
            return "待其他负责人决定（受理人不能决定自己受理的申请）"
        return "待负责人作出许可决定"
    return ""


def application_page(request, application, status=200, **forms):
    """The application's page, with the steps the user may take now; ``forms``: a step's
    form sent back with its errors, under its name (``review_form``...)."""
    user = request.user
    context = {
        "object": application,
        "title": f"许可申请 {application.receipt_number}",
        "overdue": is_overdue(application),
        "permit": Permit.objects.filter(application=application).first(),
        "decided": application.status in DECIDED,
        "waiting_for": _waiting_for(user, application),
        "history": history_entries(application),
    }
    context.update(_step_forms(user, application, forms))
    # A step sent from a page opened before the application moved on (another tab, the
    # Back button): its form is no longer offered, so its refusal is shown on top.
    context["step_errors"] = [
        message
        for name, form in forms.items()
        if name not in context
        for messages_ in form.errors.values()
        for message in messages_
    ]
    return render(request, "licensing/application_detail.html", context, status=status)


class _ApplicationStep(ServiceFormView):
    """A POST-only step on an application's page; errors show on that page's form."""

    http_method_names = ["post"]
    # The application's page carries no version: each step's service checks the
    # application's state under lock instead.
    versioned = False
    form_name = ""  # the step's form on the application's page

    def get_object(self):
        return application_for_page(self.kwargs["pk"])

    def render(self, form, obj, status=200):
        return application_page(self.request, obj, status=status, **{self.form_name: form})


class ApplicationReviewView(_ApplicationStep):
    permission_required = "licensing.review_application"
    form_name = "review_form"

    def get_form(self, obj, data=None):
        return ReviewForm(data, application=obj)

    def perform(self, form, obj):
        return services.application_review(
            application=obj,
            user=self.request.user,
            note=form.cleaned_data["note"],
            inspection=form.cleaned_data["inspection"],
            reviewed_on=form.cleaned_data["reviewed_on"],
        )

    def success_message(self, saved):
        return "已审核。"


class ApplicationDecideView(_ApplicationStep):
    permission_required = "licensing.decide_application"
    form_name = "decision_form"

    def get_form(self, obj, data=None):
        return DecisionForm(data)

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.application_decide(
            application=obj,
            user=self.request.user,
            approve=data["decision"] == "approve",
            reason=data["refusal_reason"],
            decided_on=data["decided_on"],
        )

    def success_message(self, saved):
        if saved.status == ApplicationStatus.CLOSED:
            return "已准予注销，原许可证已注销。"
        if saved.status == ApplicationStatus.APPROVED:
            return "已准予许可，请发证。"
        return "已作出不予许可决定。"


class ApplicationIssueView(_ApplicationStep):
    permission_required = "licensing.add_permit"
    form_name = "issue_form"

    def get_form(self, obj, data=None):
        return IssueForm(data)

    def perform(self, form, obj):
        return services.permit_issue(
            application=obj, user=self.request.user, issued_on=form.cleaned_data["issued_on"]
        )

    def success_message(self, saved):
        return f"已发证：{saved.number}"


class ApplicationAcceptView(_ApplicationStep):
    permission_required = "licensing.change_application"
    form_name = "accept_form"

    def get_form(self, obj, data=None):
        return AcceptForm(data)

    def perform(self, form, obj):
        return services.application_accept(
            application=obj, user=self.request.user, accepted_on=form.cleaned_data["accepted_on"]
        )

    def success_message(self, saved):
        return f"补正齐全，已受理；办理期限 {saved.due_on:%Y-%m-%d}。请打印受理通知书。"


class ApplicationNotAcceptView(_ApplicationStep):
    permission_required = "licensing.change_application"
    form_name = "not_accept_form"

    def get_form(self, obj, data=None):
        return NotAcceptForm(data)

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.application_not_accept(
            application=obj,
            user=self.request.user,
            reason=data["reason"],
            competent_organ=data["competent_organ"],
            decided_on=data["decided_on"],
        )

    def success_message(self, saved):
        return "已作出不予受理决定，请打印决定书交申请人。"


class ApplicationWithdrawView(_ApplicationStep):
    permission_required = "licensing.change_application"
    form_name = "withdraw_form"

    def get_form(self, obj, data=None):
        return WithdrawForm(data)

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.application_withdraw(
            application=obj,
            user=self.request.user,
            reason=data["reason"],
            withdrawn_on=data["withdrawn_on"],
        )

    def success_message(self, saved):
        return "申请已撤回；该单位可重新申请。"
