"""Focused inspection plans (重点监督检查计划): the list with what is due, a plan's page with
its progress and targets, the units not yet checked, the tables as .xlsx, and the record
of a table sent to the city (its file kept as sent). Thin: reports.services.plans acts,
reports.counting.plan_progress counts."""

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from core.views import RoleRequiredMixin, ServiceFormView
from core.xlsx import xlsx_response
from premises.models import Establishment
from reports import services
from reports.counting.plan_progress import plan_progress, scope_of
from reports.forms import PlanForm, PlanSubmissionForm, PlanTargetFormSet
from reports.models import STATE_LABELS, FocusedPlan, PlanSubmission, PlanTable
from reports.presentation.plan_tables import general_table, plan_filename, plan_workbook

VIEW = "reports.view_focusedplan"


def plan_rows(plans, today) -> list[dict]:
    """Each plan with its state and its tables' last submissions (loaded with with_parts)."""
    rows = []
    for plan in plans:
        latest = plan.latest_submissions()
        state = plan.state(today)
        rows.append(
            {
                "plan": plan,
                "state": state,
                "state_label": STATE_LABELS[state],
                "days_left": (plan.due_date - today).days,
                "days_late": (today - plan.due_date).days,
                "late_submission": plan.submitted_late(),
                "tables": [
                    {"key": key, "label": label, "submission": latest.get(key)}
                    for key, label in plan.table_labels()
                ],
            }
        )
    return rows


def plans_of_period(user, start, end) -> list[dict]:
    """The plans of the years from ``start`` to ``end`` with their tables and due dates,
    for the summary pages (issue #19): two queries, none without the permission."""
    if not user.has_perm(VIEW):
        return []
    plans = FocusedPlan.objects.with_parts().filter(year__gte=start.year, year__lte=end.year)
    return plan_rows(plans, timezone.localdate())


class PlanListView(RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request):
        today = timezone.localdate()
        plans = FocusedPlan.objects.with_parts()
        year = request.GET.get("year", "")
        if year.isdigit():
            plans = plans.filter(year=int(year))
        return render(
            request,
            "reports/plan_list.html",
            {
                "title": "重点监督检查计划",
                "rows": plan_rows(plans, today),
                "year": year if year.isdigit() else "",
                "can_add": request.user.has_perm("reports.add_focusedplan"),
            },
        )


class PlanDetailView(RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request, pk):
        plan = get_object_or_404(FocusedPlan.objects.with_parts(), pk=pk)
        today = timezone.localdate()
        progress = plan_progress(plan)
        domains, categories, townships = scope_of(plan)
        submissions = sorted(plan.submissions.all(), key=lambda s: (s.table, s.recorded_at))
        return render(
            request,
            "reports/plan_detail.html",
            {
                "object": plan,
                "row": plan_rows([plan], today)[0],
                "progress": progress,
                "general": general_table(progress).shown(),
                "domains": domains,
                "categories": categories,
                "townships": townships,
                "submissions": submissions,
                "can_change": request.user.has_perm("reports.change_focusedplan"),
                "can_submit": request.user.has_perm("reports.add_plansubmission"),
            },
        )


class PlanUncheckedView(RoleRequiredMixin, View):
    """The units in the plan's scope without a relevant inspection yet."""

    permission_required = VIEW

    def get(self, request, pk):
        plan = get_object_or_404(FocusedPlan.objects.select_related("campaign"), pk=pk)
        progress = plan_progress(plan)
        units = (
            Establishment.objects.filter(pk__in=progress.unchecked_ids)
            .select_related("township", "category")
            .order_by("township__name", "name")
        )
        return render(
            request,
            "reports/plan_unchecked.html",
            {"object": plan, "units": units, "progress": progress},
        )


class PlanXlsxView(RoleRequiredMixin, View):
    """One of the plan's tables (``?table=``, the first by default) as built now."""

    permission_required = VIEW

    def get(self, request, pk):
        plan = get_object_or_404(FocusedPlan.objects.select_related("campaign"), pk=pk)
        table = request.GET.get("table") or (plan.tables[0] if plan.tables else "general")
        if table not in PlanTable.values:
            raise Http404("no such table")
        return xlsx_response(plan_workbook(plan, table), plan_filename(plan, table))


class PlanCreateView(ServiceFormView):
    permission_required = "reports.add_focusedplan"
    template_name = "reports/plan_form.html"
    title = "新建重点监督检查计划"

    def get_form(self, plan, data=None):
        if data is not None:
            return PlanForm(data)
        if plan is not None:
            return PlanForm(initial=PlanForm.initial_of(plan))
        year = timezone.localdate().year
        return PlanForm(initial={"year": year, "tables": [PlanTable.GENERAL]})

    def get_formset(self, plan, data=None):
        if data is not None:
            return PlanTargetFormSet(data, prefix="targets")
        initial = []
        if plan is not None:
            initial = [
                {"item": t.item, "measure": t.measure, "target": t.target}
                for t in plan.targets.all()
            ]
        return PlanTargetFormSet(initial=initial, prefix="targets")

    def get_context(self, plan):
        return {"object": plan}

    def perform(self, form, plan):
        targets = [f.cleaned_data for f in self.formset if f.cleaned_data.get("item")]
        return services.plan_save(
            user=self.request.user, plan=plan, targets=targets, **form.cleaned_data
        )

    def success_message(self, plan):
        return f"已保存重点监督检查计划：{plan.title}"


class PlanUpdateView(PlanCreateView):
    permission_required = "reports.change_focusedplan"
    title = "修改重点监督检查计划"

    def get_object(self):
        return get_object_or_404(
            FocusedPlan.objects.select_related("campaign"), pk=self.kwargs["pk"]
        )


class PlanSubmitView(ServiceFormView):
    """Record a table as sent to the city: a new record beside the plan, never a change."""

    permission_required = "reports.add_plansubmission"
    template_name = "reports/plan_submit.html"
    title = "登记汇总表上报"
    versioned = False

    def get_object(self):
        return get_object_or_404(FocusedPlan.objects.with_parts(), pk=self.kwargs["pk"])

    def refusal(self, plan):
        if not plan.tables:
            messages.error(self.request, "该计划没有需上报的汇总表。")
            return redirect(plan.get_absolute_url())
        return None

    def get_form(self, plan, data=None):
        if data is not None:
            return PlanSubmissionForm(data, self.request.FILES, plan=plan)
        table = self.request.GET.get("table")
        return PlanSubmissionForm(
            plan=plan,
            initial={
                "submitted_on": timezone.localdate(),
                "table": table if table in plan.tables else plan.tables[0],
            },
        )

    def get_context(self, plan):
        return {"object": plan, "latest": plan.latest_submissions()}

    def perform(self, form, plan):
        data = form.cleaned_data
        return services.plan_submission_record(
            user=self.request.user,
            plan=plan,
            table=data["table"],
            submitted_on=data["submitted_on"],
            reason=data["reason"],
            note=data["note"],
            upload=data["upload"],
        )

    def get_success_url(self, submission):
        return submission.plan.get_absolute_url()

    def success_message(self, submission):
        return f"已登记上报：{submission.get_table_display()}（{submission.submitted_on:%Y-%m-%d}）"


class PlanSubmissionFileView(RoleRequiredMixin, View):
    """The exact file recorded as sent."""

    permission_required = "reports.view_plansubmission"

    def get(self, request, pk):
        submission = get_object_or_404(PlanSubmission, pk=pk)
        content = bytes(submission.content)
        if submission.filename.lower().endswith(".xlsx"):
            return xlsx_response(content, submission.filename)
        response = HttpResponse(content, content_type="application/octet-stream")
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote(submission.filename)}"
        )
        return response
