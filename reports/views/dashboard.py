"""The dashboard page: figures of this year so far against last year, coverage by
township, inspections per month, and what needs attention."""

from django.shortcuts import render
from django.views import View

from core.views import RoleRequiredMixin
from reports.presentation import dashboard


class DashboardView(RoleRequiredMixin, View):
    permission_required = "reports.view_summaryreport"

    def get(self, request):
        context = {"title": "工作概况", **dashboard.full()}
        return render(request, "reports/dashboard.html", context)
