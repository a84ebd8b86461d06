"""Pages of the complaints register (投诉举报): the list (due, overdue, status, source), a
complaint's page (the complainant masked unless revealed, each reveal logged), and one
form page per step. Thin: the services decide (inspections/services/complaints.py)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from core.history import history_entries
from core.lists import ObjectListView
from core.models import AccessChannel
from core.panels import panels_for
from core.personal_data import no_store, record_access
from core.views import RoleRequiredMixin, ServiceFormView
from inspections.filters import ComplaintFilterSet
from inspections.forms.complaints import (
    AcceptForm,
    AmendForm,
    AssignForm,
    CloseForm,
    ComplaintForm,
    ExtendForm,
    LinkInspectionForm,
    ReplyForm,
    VoidForm,
)
from inspections.models import Complaint
from inspections.models.complaints import (
    COMPLAINANT_MASKS,
    COMPLAINT_DUE_SOON_DAYS,
    ComplaintLimitCode,
    ComplaintStatus,
    ComplaintTimeLimit,
)
from inspections.services import complaints as services
from inspections.tables import COMPLAINTS

VIEW = "inspections.view_complaint"
# Kept by the system beside what a person wrote: not repeated in the page's history.
HISTORY_HIDDEN = ("registered_at", "year", "sequence", "next_due", "extended_days")


class ComplaintListView(ObjectListView):
    permission_required = VIEW
    model = Complaint
    filterset_class = ComplaintFilterSet
    template_name = "inspections/complaint_list.html"
    title = "投诉举报"
    export_stem = "投诉举报登记"
    add_url_name = "inspections:complaint_add"
    add_permission = services.ADD
    columns = COMPLAINTS

    def get_queryset(self):
        return Complaint.objects.select_related("establishment", "domain", "assigned_to")

    def extra_context(self):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=COMPLAINT_DUE_SOON_DAYS)
        figures = Complaint.objects.open().aggregate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(next_due__lt=today)),
            soon=Count("pk", filter=Q(next_due__gte=today, next_due__lte=soon)),
            waiting=Count("pk", filter=Q(status=ComplaintStatus.REGISTERED)),
        )
        return {"figures": figures, "due_soon_days": COMPLAINT_DUE_SOON_DAYS}


# ---------------------------------------------------------------- one complaint


def _complaint(pk):
    """Every complaint (the voided too: its page says so)."""
    return get_object_or_404(
        Complaint.all_objects.select_related(
            "establishment__township",
            "domain",
            "registered_by",
            "assigned_to",
            "assigned_by",
            "accepted_by",
            "replied_by",
            "closed_by",
            "extended_by",
            "voided_by",
        ),
        pk=pk,
    )


def _masked(complaint) -> dict:
    return {name: mask(getattr(complaint, name)) for name, mask in COMPLAINANT_MASKS.items()}


def _actions(complaint, user) -> list[tuple[str, str, bool]]:
    """(url name, label, primary) of the steps this user may take now."""
    if complaint.is_voided or complaint.is_closed:
        actions = []
    else:
        handles = services.may_handle(user, complaint)
        actions = []
        if user.has_perm(services.ASSIGN):
            actions.append(
                (
                    "inspections:complaint_assign",
                    "改派" if complaint.assigned_to_id else "分办",
                    not complaint.assigned_to_id,
                )
            )
        if handles and complaint.accepted_on is None:
            actions.append(("inspections:complaint_accept", "受理", True))
        if handles:
            actions.append(("inspections:complaint_link", "关联监督检查", False))
        if handles and services.may_reply_now(complaint):
            actions.append(
                ("inspections:complaint_reply", "答复", complaint.accepted_on is not None)
            )
        if handles:
            actions.append(
                ("inspections:complaint_close", "办结", complaint.replied_on is not None)
            )
        if user.has_perm(services.ASSIGN) and complaint.accepted_on and not complaint.extended_days:
            actions.append(("inspections:complaint_extend", "延长期限", False))
    if not complaint.is_voided and services.may_amend(user, complaint):
        actions.append(("inspections:complaint_amend", "更正", False))
    if not complaint.is_voided and user.has_perm(services.ASSIGN):
        actions.append(("inspections:complaint_void", "作废", False))
    return actions


def _label(name: str) -> str:
    try:
        return str(Complaint._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _detail(request, pk, *, full: bool):
    complaint = _complaint(pk)
    user = request.user
    may_see = services.may_see_complainant(user, complaint)
    if full:
        if not may_see:
            raise PermissionDenied("没有查看投诉人信息的权限。")
        record_access(request, complaint, field="complainant", channel=AccessChannel.PAGE)
    shown = (
        {name: getattr(complaint, name) for name in COMPLAINANT_MASKS}
        if full
        else _masked(complaint)
    )
    display = {} if full else dict(COMPLAINANT_MASKS)
    limits = {
        limit.code: limit
        for limit in (
            ComplaintTimeLimit.current(code, complaint.source) for code in ComplaintLimitCode
        )
    }
    response = render(
        request,
        "inspections/complaint_detail.html",
        {
            "object": complaint,
            "complainant": shown,
            "revealed": full,
            "may_reveal": may_see and not full and not complaint.anonymous,
            "has_particulars": any(getattr(complaint, name) for name in COMPLAINANT_MASKS),
            "overdue": complaint.is_overdue(),
            "today": timezone.localdate(),
            "limits": limits,
            "inspections": list(
                complaint.inspections.select_related("establishment").order_by("inspected_at")
            ),
            "amendments": [
                (a, [(_label(name), *change) for name, change in a.changes.items()])
                for a in complaint.amendments.select_related("amended_by")
            ],
            "actions": _actions(complaint, user),
            "history": history_entries(complaint, hidden_fields=HISTORY_HIDDEN, display=display),
            "panels": panels_for(complaint, request),
        },
    )
    return no_store(response) if full else response


class ComplaintDetailView(RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request, pk):
        return _detail(request, pk, full=False)


class ComplaintRevealView(RoleRequiredMixin, View):
    """显示投诉人信息: the same page with the complainant's particulars, on an explicit
    POST, for holders of ``view_complainant`` and the officer handling it; logged."""

    permission_required = VIEW
    http_method_names = ["post"]

    def post(self, request, pk):
        return _detail(request, pk, full=True)


# ---------------------------------------------------------------- forms


class ComplaintCreateView(ServiceFormView):
    permission_required = services.ADD
    template_name = "inspections/complaint_form.html"
    form_class = ComplaintForm
    title = "登记投诉举报"

    def get_form(self, obj, data=None):
        if data is None:  # from a unit's page (一户一档): that unit chosen
            unit = self.request.GET.get("establishment", "")
            return ComplaintForm(initial={"establishment": unit} if unit.isdigit() else None)
        return ComplaintForm(data)

    def get_context(self, obj):
        return {
            "object": None,
            "accept_limit": ComplaintTimeLimit.current(ComplaintLimitCode.ACCEPT),
        }

    def perform(self, form, obj):
        return services.complaint_register(user=self.request.user, **form.cleaned_data)

    def success_message(self, saved):
        return f"已登记投诉举报 {saved.number}，受理告知期限 {saved.accept_due:%Y-%m-%d}。"


class ComplaintStepView(ServiceFormView):
    """One step on a complaint: the form, the service, back to the complaint's page."""

    template_name = "inspections/complaint_step.html"
    service = None
    submit_label = "保存"
    message = "已保存。"

    def get_object(self):
        return _complaint(self.kwargs["pk"])

    def get_form(self, obj, data=None):
        return self.form_class(data)

    handler_only = False  # a step of the officer it is assigned to (or a manager)

    def refusal(self, obj):
        if self.handler_only and not services.may_handle(self.request.user, obj):
            raise PermissionDenied("只有承办人或管理者可以办理此投诉举报。")
        if obj.is_voided or obj.is_closed:
            messages.error(self.request, services.VOIDED if obj.is_voided else services.CLOSED)
            return redirect(obj.get_absolute_url())
        return None

    def get_context(self, obj):
        return {"object": obj, "submit_label": self.submit_label}

    def arguments(self, form) -> dict:
        return dict(form.cleaned_data)

    def perform(self, form, obj):
        type(self).service(user=self.request.user, complaint=obj, **self.arguments(form))
        return obj

    def success_message(self, saved):
        return self.message


class ComplaintAssignView(ComplaintStepView):
    permission_required = services.ASSIGN
    form_class = AssignForm
    title = "分办投诉举报"
    service = services.complaint_assign
    submit_label = "分办"
    message = "已分办。"


class ComplaintAcceptView(ComplaintStepView):
    permission_required = services.HANDLE
    handler_only = True
    form_class = AcceptForm
    title = "受理投诉举报"
    service = services.complaint_accept
    submit_label = "受理"
    message = "已受理，办结期限已计算。"


class ComplaintExtendView(ComplaintStepView):
    permission_required = services.ASSIGN
    form_class = ExtendForm
    title = "延长办理期限"
    service = services.complaint_extend
    submit_label = "批准延长"
    message = "已延长办理期限。"


class ComplaintLinkView(ComplaintStepView):
    permission_required = services.HANDLE
    handler_only = True
    form_class = LinkInspectionForm
    title = "关联监督检查"
    service = services.complaint_link_inspection
    submit_label = "关联"
    message = "已关联监督检查。"

    def get_form(self, obj, data=None):
        return LinkInspectionForm(data, complaint=obj)

    def get_context(self, obj):
        return {**super().get_context(obj), "add_inspection": True}


class ComplaintReplyView(ComplaintStepView):
    permission_required = services.HANDLE
    handler_only = True
    form_class = ReplyForm
    title = "答复投诉人"
    service = services.complaint_reply
    submit_label = "登记答复"
    message = "已登记答复。"


class ComplaintCloseView(ComplaintStepView):
    permission_required = services.HANDLE
    handler_only = True
    form_class = CloseForm
    title = "办结投诉举报"
    service = services.complaint_close
    submit_label = "办结"
    message = "已办结。办结后不能再修改，如有错误须由管理者更正。"

    def get_form(self, obj, data=None):
        return CloseForm(data, complaint=obj)


class ComplaintVoidView(ComplaintStepView):
    permission_required = services.ASSIGN
    form_class = VoidForm
    title = "作废投诉举报"
    service = services.complaint_void
    submit_label = "作废"
    message = "已作废。"

    def refusal(self, obj):
        if obj.is_voided:
            messages.error(self.request, services.VOIDED)
            return redirect(obj.get_absolute_url())
        return None


class ComplaintAmendView(ComplaintStepView):
    """更正: the fields the complaint's state allows; the complainant's particulars only
    for who may see them (that view is logged)."""

    permission_required = VIEW
    title = "更正投诉举报"
    submit_label = "保存更正"
    message = "已更正，更正记录已保存。"

    def amendable(self, obj) -> list[str]:
        fields = list(services.PARTICULARS)
        if not services.may_see_complainant(self.request.user, obj):
            fields = [f for f in fields if f not in COMPLAINANT_MASKS]
        if obj.replied_on:
            fields += services.AFTER_REPLY
        if obj.is_closed:
            fields += services.AFTER_CLOSE
        return fields

    def get_form(self, obj, data=None):
        return AmendForm(data, complaint=obj, fields=self.amendable(obj))

    def refusal(self, obj):
        if obj.is_voided or not services.may_amend(self.request.user, obj):
            raise PermissionDenied("没有更正此投诉举报的权限。")
        if services.may_see_complainant(self.request.user, obj) and any(
            getattr(obj, name) for name in COMPLAINANT_MASKS
        ):
            record_access(self.request, obj, field="complainant", channel=AccessChannel.PAGE)
        return None

    def render(self, form, obj, status=200):
        response = super().render(form, obj, status)
        return no_store(response)

    def perform(self, form, obj):
        services.complaint_amend(
            user=self.request.user,
            complaint=obj,
            reason=form.cleaned_data["reason"],
            **form.changes(),
        )
        return obj
