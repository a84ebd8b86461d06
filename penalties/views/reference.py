"""The pages of violations with their discretion tables, and the time limits."""

import logging

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views import View

from core.history import history_entries
from core.lists import ObjectListView
from core.views import RoleRequiredMixin
from penalties.choices import TimeLimitCode
from penalties.filters import ViolationFilterSet
from penalties.models import ProcedureRule, TimeLimit, Violation
from penalties.tables import VIOLATIONS

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------- violations


class ViolationListView(ObjectListView):
    permission_required = "penalties.view_violation"
    model = Violation
    filterset_class = ViolationFilterSet
    title = "违法行为与裁量基准"
    export_stem = "违法行为与裁量基准"
    template_name = "penalties/violation_list.html"
    columns = VIOLATIONS

    def get_queryset(self):
        return (
            Violation.objects.select_related("domain")
            .annotate(level_count=Count("levels"))
            .order_by("order", "code")
        )


class ViolationDetailView(RoleRequiredMixin, View):
    permission_required = "penalties.view_violation"

    def get(self, request, pk):
        violation = get_object_or_404(Violation.objects.select_related("domain"), pk=pk)
        return render(
            request,
            "penalties/violation_detail.html",
            {
                "title": violation.name,
                "object": violation,
                "levels": list(violation.levels.all()),
                "can_edit": request.user.has_perm("penalties.change_violation"),
                "history": history_entries(violation),
            },
        )


def _procedure_order(limit) -> int:
    codes = list(TimeLimitCode.values)
    return codes.index(limit.code) if limit.code in codes else len(codes)


class TimeLimitListView(RoleRequiredMixin, View):
    permission_required = "penalties.view_timelimit"

    def get(self, request):
        return render(
            request,
            "penalties/timelimit_list.html",
            {
                "title": "处罚程序时限",
                "limits": sorted(TimeLimit.objects.all(), key=_procedure_order),
                "rules": list(ProcedureRule.objects.all()),
                "can_edit": request.user.has_perm("penalties.change_timelimit"),
            },
        )
