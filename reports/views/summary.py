"""The summary page (统计报表): the scope form, then every figure of
reports.figures.summary laid out by reports.presentation.page."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.views import View

from core.views import RoleRequiredMixin
from reports.figures import summary
from reports.filters import SummaryScopeForm
from reports.presentation.office import office_layout
from reports.presentation.page import layout
from reports.views.plans import plans_of_period

PERMISSION = "reports.view_summaryreport"


class SummaryView(RoleRequiredMixin, View):
    permission_required = PERMISSION
    template_name = "reports/summary.html"

    def get(self, request):
        form = SummaryScopeForm.from_query(request.GET)
        context = {"form": form, "title": "统计报表"}
        if not form.is_valid():
            return render(request, self.template_name, context, status=400)
        data = summary(form.scope)
        context.update(
            data=data,
            scope=form.scope,
            scope_query=urlencode(form.scope.as_params()),
            **layout(data, form.scope),
            **office_layout(data, form.scope),
            plans=plans_of_period(request.user, form.scope.period.start, form.scope.period.end),
        )
        context["title"] = f"统计报表：{form.scope.label}"
        return render(request, self.template_name, context)
