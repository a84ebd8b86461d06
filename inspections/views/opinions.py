"""Supervision opinions: issue, list, overdue, detail, correction and the printable PDF."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from core.documents import pdf_response
from core.lists import ObjectListView
from core.locking import VERSION_FIELD
from core.views import RoleRequiredMixin, ServiceFormView, apply_form_errors
from inspections import services
from inspections.choices import OpinionStatus
from inspections.documents import opinion_document
from inspections.filters import FollowUpFilterSet, OpinionFilterSet
from inspections.forms import OpinionAmendForm, OpinionIssueForm, OpinionItemFormSet, formset_items
from inspections.models import SupervisionOpinion
from inspections.models.opinion import DUE_SOON_DAYS
from inspections.tables import OPINIONS, overdue_flag
from inspections.views.inspections import inspection_for_page


def _put_errors(form, formset, exc):
    """Service errors: "items" belongs to the rows, the rest to the form."""
    if hasattr(exc, "error_dict") and "items" in exc.error_dict:
        formset._non_form_errors = formset.error_class(
            [m for e in exc.error_dict.pop("items") for m in e.messages]
        )
        if not exc.error_dict:
            return
    apply_form_errors(form, exc)


User = get_user_model()

MORE_ROWS = "_more_rows"  # the "添加一行" button without scripts: the page again, more rows
ROWS_ADDED = 3


def rows_with_more(data):
    """The rows as sent, with ROWS_ADDED blank ones after them (nothing is saved)."""
    data = data.copy()
    key = "items-TOTAL_FORMS"
    try:
        total = int(data.get(key, 0))
    except (TypeError, ValueError):
        total = 0
    data[key] = str(min(total, 200) + ROWS_ADDED)
    return OpinionItemFormSet(data, prefix="items")


class OpinionIssueView(ServiceFormView):
    """The opinion of an inspection: the form, and its items as rows (the problems a
    failed sample proposes filled in)."""

    permission_required = "inspections.add_supervisionopinion"
    template_name = "inspections/opinion_form.html"
    title = "下达卫生监督意见书"
    versioned = False  # issues an opinion beside the inspection, changes nothing of it

    def get_object(self):
        return inspection_for_page(self.kwargs["pk"])

    def refusal(self, inspection):
        if SupervisionOpinion.objects.filter(inspection=inspection).exists():
            messages.error(self.request, "该次检查已下达意见书。")
            return redirect(inspection.get_absolute_url())
        return None

    def get_form(self, inspection, data=None):
        if data is not None:
            return OpinionIssueForm(data)
        return OpinionIssueForm(
            initial={"deadline": timezone.localdate() + datetime.timedelta(days=15)}
        )

    def get_formset(self, inspection, data=None):
        if data is not None:
            return OpinionItemFormSet(data, prefix="items")
        proposed = services.opinion_proposed_items(inspection)
        return OpinionItemFormSet(
            initial=[{"problem": p, "requirement": r} for p, r in proposed], prefix="items"
        )

    def post(self, request, **kwargs):
        if MORE_ROWS in request.POST:
            inspection = self.get_object()
            self.formset = rows_with_more(request.POST)
            form = OpinionIssueForm(initial={"deadline": request.POST.get("deadline")})
            return self.render(form, inspection)
        return super().post(request, **kwargs)

    def get_context(self, inspection):
        return {"object": inspection, "submit": "签发"}

    def put_errors(self, form, exc):
        _put_errors(form, self.formset, exc)

    def perform(self, form, inspection):
        return services.opinion_issue(
            inspection=inspection,
            items=formset_items(self.formset),
            deadline=form.cleaned_data["deadline"],
            user=self.request.user,
        )

    def success_message(self, opinion):
        return f"已下达卫生监督意见书 {opinion.number}。"


class OpinionListView(ObjectListView):
    permission_required = "inspections.view_supervisionopinion"
    model = SupervisionOpinion
    filterset_class = OpinionFilterSet
    title = "卫生监督意见书"
    export_stem = "卫生监督意见书"
    default_sort = "-number"
    pdf_batch = "opinions"
    columns = OPINIONS

    def get_queryset(self):
        return SupervisionOpinion.objects.select_related("inspection__establishment__township")


class OverdueOpinionListView(OpinionListView):
    """The follow-up list: overdue opinions, or (``?when=week``) those falling due within
    DUE_SOON_DAYS (本周到期), with a switch between the two."""

    template_name = "inspections/opinion_follow_up_list.html"
    filterset_class = FollowUpFilterSet
    title = "逾期未整改意见书"
    export_stem = "逾期未整改意见书"
    pdf_batch = ""  # its own queryset: batches follow the full list
    default_sort = "deadline"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.this_week = request.GET.get("when") == "week"
        if self.this_week:
            self.title = self.export_stem = "本周到期意见书"

    def get_queryset(self):
        opinions = super().get_queryset()
        if self.this_week:
            return opinions.due_within(DUE_SOON_DAYS)
        return opinions.overdue()

    def extra_context(self):
        today = timezone.localdate()
        return {
            "this_week": self.this_week,
            "overdue_count": SupervisionOpinion.objects.overdue(today).count(),
            "due_soon_count": SupervisionOpinion.objects.due_within(DUE_SOON_DAYS, today).count(),
            "due_soon_days": DUE_SOON_DAYS,
        }


def opinion_for_page(pk):
    return get_object_or_404(
        SupervisionOpinion.objects.select_related(
            "inspection__establishment__township", "issued_by", "closed_by"
        ),
        pk=pk,
    )


class OpinionDetailView(RoleRequiredMixin, View):
    permission_required = "inspections.view_supervisionopinion"

    def get(self, request, pk):
        return opinion_page(request, opinion_for_page(pk))


def opinion_page(request, opinion, form=None, formset=None, status=200):
    """The opinion's page; with the correction form of a user who may amend it (as sent,
    with its errors, when a correction was refused)."""
    can_amend = opinion.status == OpinionStatus.ISSUED and request.user.has_perm(
        "inspections.add_opinionamendment"
    )
    items = list(opinion.items.all())
    if can_amend and form is None:
        form = OpinionAmendForm(initial={"deadline": opinion.deadline})
        formset = OpinionItemFormSet(
            initial=[{"problem": i.problem, "requirement": i.requirement} for i in items],
            prefix="items",
        )
    amendments = list(opinion.amendments.select_related("amended_by"))
    for amendment in amendments:
        amendment.deadline_change = amendment.changes.get("deadline")
        amendment.items_change = amendment.changes.get("items")
    return render(
        request,
        "inspections/opinion_detail.html",
        {
            "object": opinion,
            "inspection": opinion.inspection,
            "items": items,
            "amendments": amendments,
            "follow_ups": list(
                opinion.follow_ups.prefetch_related(
                    Prefetch("inspectors", queryset=User.objects.order_by("pk"))
                ).order_by("inspected_at")
            ),
            "overdue": bool(overdue_flag(opinion)),
            "can_amend": can_amend,
            # The version the amend form carries: on a POST the one submitted.
            "record_version": request.POST.get(VERSION_FIELD, "")
            if request.method == "POST"
            else services.opinion_version(opinion),
            "form": form,
            "formset": formset,
            "can_follow_up": opinion.status == OpinionStatus.ISSUED
            and request.user.has_perm("inspections.add_inspection"),
        },
        status=status,
    )


class OpinionAmendView(ServiceFormView):
    """The correction form on the opinion's page (POST only). The service refuses a
    correction based on the opinion as it was before another one (409)."""

    permission_required = "inspections.add_opinionamendment"
    http_method_names = ["post"]
    versioned = False  # the service compares the amendments the page saw (seen_amendment)

    def get_object(self):
        return opinion_for_page(self.kwargs["pk"])

    def get_form(self, opinion, data=None):
        return OpinionAmendForm(data)

    def get_formset(self, opinion, data=None):
        return OpinionItemFormSet(data, prefix="items")

    def put_errors(self, form, exc):
        _put_errors(form, self.formset, exc)

    def post(self, request, **kwargs):
        if MORE_ROWS in request.POST:
            opinion = self.get_object()
            self.formset = rows_with_more(request.POST)
            form = OpinionAmendForm(
                initial={
                    "reason": request.POST.get("reason", ""),
                    "deadline": request.POST.get("deadline"),
                }
            )
            return opinion_page(request, opinion, form, self.formset)
        return super().post(request, **kwargs)

    def perform(self, form, opinion):
        services.opinion_amend(
            opinion=opinion,
            user=self.request.user,
            reason=form.cleaned_data["reason"],
            deadline=form.cleaned_data["deadline"],
            items=formset_items(self.formset),
            # The opinion as the page showed it: an amendment made since is kept.
            seen_amendment=self.request.POST.get(VERSION_FIELD, ""),
        )
        return opinion

    def success_message(self, opinion):
        return f"意见书 {opinion.number} 已更正，更正记录已保存。"

    def render(self, form, opinion, status=200):
        return opinion_page(self.request, opinion, form, self.formset, status)


class OpinionPdfView(RoleRequiredMixin, View):
    permission_required = "inspections.view_supervisionopinion"

    def get(self, request, pk):
        name, content = opinion_document(opinion_for_page(pk))
        return pdf_response(content, name)
