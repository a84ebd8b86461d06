"""复核 and 校验: the permits due or overdue for their periodic check, and a permit's check
page (its schedule, the checks made, the record form), worded as the permit's type says. Thin: licensing.services.reviews acts."""

from django.contrib import messages
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from core.lists import ObjectListView
from core.views import ServiceFormView
from licensing.filters import ReviewDueFilterSet
from licensing.forms import PermitReviewForm
from licensing.models import Permit, permits_review_due
from licensing.models.reviews import REVIEW_SOON_DAYS
from licensing.services.reviews import permit_review_record, review_refusal, review_schedule
from licensing.tables import REVIEWS_DUE


class ReviewDueListView(ObjectListView):
    """Permits whose 复核 or 校验 is overdue or due within REVIEW_SOON_DAYS, earliest first."""

    permission_required = "licensing.view_permitreview"
    model = Permit
    filterset_class = ReviewDueFilterSet
    template_name = "licensing/review_list.html"
    title = "许可证复核与校验（到期与逾期）"
    export_stem = "许可证复核校验到期"
    default_sort = "due_on"
    columns = REVIEWS_DUE

    def get_queryset(self):
        return (
            permits_review_due()
            .annotate(review_anchor=Coalesce("last_reviewed_on", "valid_from"))
            .select_related("establishment__township", "permit_type")
        )

    def decorate(self, objects):
        for permit in objects:
            permit.review_url = reverse("licensing:permit_review", args=[permit.pk])
            permit.check_word = permit.permit_type.check_word
        return objects

    def extra_context(self):
        return {
            "overdue_count": permits_review_due(within_days=-1).count(),
            "soon_days": REVIEW_SOON_DAYS,
        }


class PermitReviewView(ServiceFormView):
    permission_required = "licensing.add_permitreview"
    template_name = "licensing/review_form.html"
    title = "许可证复核"  # 许可证校验 for a type verified (get_context)
    versioned = False  # adds a review beside the permit; nothing of it changes

    def get_object(self):
        return get_object_or_404(
            Permit.objects.select_related("establishment__township", "permit_type"),
            pk=self.kwargs["pk"],
        )

    def refusal(self, obj):
        problem = review_refusal(obj)
        if problem is None:
            return None
        messages.error(self.request, problem)
        return redirect(obj.get_absolute_url())

    def get_form(self, obj, data=None):
        return PermitReviewForm(data, permit=obj, user=self.request.user)

    def get_context(self, obj):
        return {
            "object": obj,
            "title": f"许可证{obj.permit_type.check_word or '复核'}",
            "schedule": review_schedule(obj),
            "reviews": list(obj.reviews.select_related("reviewed_by", "inspection")),
        }

    def perform(self, form, obj):
        data = form.cleaned_data
        return permit_review_record(
            user=self.request.user,
            permit=obj,
            reviewed_on=data["reviewed_on"],
            reviewed_by=data["reviewed_by"],
            result=data["result"],
            note=data["note"],
            inspection=data["inspection"],
            deferred_until=data.get("deferred_until"),
        )

    def success_message(self, saved):
        word = saved.permit.permit_type.check_word
        if saved.deferred_until:
            return f"已登记{word}：{saved.get_result_display()}，暂缓期至 {saved.deferred_until:%Y-%m-%d}。"
        return f"已登记{word}：{saved.get_result_display()}。"

    def success_level(self, saved):
        return messages.SUCCESS if saved.passed else messages.WARNING

    def get_success_url(self, saved):
        return reverse("licensing:permit_review", args=[saved.permit_id])
