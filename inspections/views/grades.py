"""信誉度等级 pages: the current grades for publication (list and export), an assessment's
page with its 公示牌 (PDF), assessing a grade from an inspection, voiding one, and the
units whose visits this year fall short of their grade's planned frequency.

Thin: forms shape input, inspections.services.grades acts, core.lists lists."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from core.documents import pdf_response
from core.history import history_entries
from core.lists import ObjectListView
from core.views import RoleRequiredMixin, ServiceFormView
from inspections.choices import GradeRuleRow
from inspections.documents import grade_notice_document
from inspections.filters import GradeFilterSet, PlanFilterSet
from inspections.forms.grades import GradeAssessForm, GradeVoidForm
from inspections.models import GradeAssessment, GradeRule, Inspection
from inspections.models.grades import grade_for, units_behind_plan
from inspections.services.grades import grade_assess, grade_refusal, grade_void, unit_grade
from inspections.tables import GRADES, PLAN
from premises.models import Establishment


class GradeListView(ObjectListView):
    """The current grade of each public-place unit (its latest assessment not voided): the
    list published (公示) and exported."""

    permission_required = "inspections.view_gradeassessment"
    model = GradeAssessment
    filterset_class = GradeFilterSet
    template_name = "inspections/grade_list.html"
    title = "卫生信誉度等级（现行）"
    export_stem = "公共场所卫生信誉度等级"
    default_sort = "establishment"
    columns = GRADES

    def get_queryset(self):
        return GradeAssessment.objects.standing().select_related(
            "establishment__township", "establishment__category"
        )


class PlanListView(ObjectListView):
    """Units whose inspections this year are fewer than their grade's planned visits."""

    permission_required = "inspections.view_gradeassessment"
    model = Establishment
    filterset_class = PlanFilterSet
    template_name = "inspections/plan_list.html"
    title = "监督频次未达计划的单位"
    export_stem = "监督频次未达计划的单位"
    default_sort = "-missing"
    columns = PLAN

    def get_queryset(self):
        year = timezone.localdate().year
        return units_behind_plan(year=year).select_related("township", "category")

    def extra_context(self):
        rules = GradeRule.objects.by_row()  # in the grades' order, whatever the database
        plan = "；".join(
            f"{rules[row].get_row_display()} {rules[row].visits_per_year} 次"
            for row in GradeRuleRow.values
            if row in rules
        )
        return {"lead": f"{timezone.localdate().year} 年，按信誉度等级规则：{plan}。"}


def assessment_for_page(pk):
    return get_object_or_404(
        GradeAssessment.all_objects.select_related(
            "establishment__township",
            "establishment__category",
            "inspection__checklist",
            "assessed_by",
            "voided_by",
        ),
        pk=pk,
    )


class GradeDetailView(RoleRequiredMixin, View):
    permission_required = "inspections.view_gradeassessment"

    def get(self, request, pk):
        assessment = assessment_for_page(pk)
        current = unit_grade(assessment.establishment)
        return render(
            request,
            "inspections/grade_detail.html",
            {
                "object": assessment,
                "unit": assessment.establishment,
                "is_current": current is not None and current.pk == assessment.pk,
                "current": current,
                "rules": sorted(
                    assessment.rules.items(),
                    key=lambda kv: (
                        GradeRuleRow.values.index(kv[0]) if kv[0] in GradeRuleRow.values else 99
                    ),
                ),
                "row_labels": dict(GradeRuleRow.choices),
                "can_void": not assessment.is_voided
                and request.user.has_perm("inspections.void_gradeassessment"),
                "history": history_entries(assessment, hidden_fields=("created_at", "rules")),
            },
        )


class GradeNoticePdfView(RoleRequiredMixin, View):
    """The 信誉度等级公示牌 the unit displays: a current, graded assessment only."""

    permission_required = "inspections.view_gradeassessment"

    def get(self, request, pk):
        assessment = assessment_for_page(pk)
        if assessment.is_voided or not assessment.is_graded:
            messages.error(request, "已作废或不予定级的评定没有公示牌。")
            return redirect(assessment.get_absolute_url())
        name, content = grade_notice_document(assessment)
        return pdf_response(content, name)


class GradeAssessView(ServiceFormView):
    """Assess the unit's grade from an inspection's scored checklist: the page shows the
    score, the key items not met, the 合理缺项 and the grade the rules give today."""

    permission_required = "inspections.add_gradeassessment"
    template_name = "inspections/grade_form.html"
    title = "评定卫生信誉度等级"
    form_class = GradeAssessForm
    versioned = False  # adds an assessment beside the inspection; nothing of it changes

    def get_object(self):
        return get_object_or_404(
            Inspection.objects.select_related("establishment__category__domain", "checklist"),
            pk=self.kwargs["pk"],
        )

    def get_form(self, obj, data=None):
        return GradeAssessForm(data)

    def refusal(self, obj):
        problem = grade_refusal(obj)
        if problem is None:
            return None
        messages.error(self.request, problem)
        return redirect(obj.get_absolute_url())

    def get_context(self, obj):
        summary = obj.score_summary()
        proposed = None
        if summary and summary["standardised"] is not None:
            proposed = grade_for(
                standardised=summary["standardised"],
                key_failed=bool(summary["key_failed"]),
                rules=GradeRule.objects.by_row(),
            )
        return {
            "object": obj,
            "inspection": obj,
            "summary": summary,
            "proposed": proposed,
            "proposed_label": dict(GradeRuleRow.choices).get(proposed, ""),
            "current": unit_grade(obj.establishment),
        }

    def perform(self, form, obj):
        return grade_assess(
            user=self.request.user,
            inspection=obj,
            assessed_on=form.cleaned_data["assessed_on"],
            note=form.cleaned_data["note"],
        )

    def success_message(self, saved):
        return f"已评定：{saved.establishment.name} {saved.get_grade_display()}。"


class GradeVoidView(ServiceFormView):
    permission_required = "inspections.void_gradeassessment"
    template_name = "core/form_page.html"
    title = "作废信誉度等级评定"
    form_class = GradeVoidForm
    versioned = False

    def get_object(self):
        return assessment_for_page(self.kwargs["pk"])

    def get_form(self, obj, data=None):
        return GradeVoidForm(data)

    def refusal(self, obj):
        if not obj.is_voided:
            return None
        messages.error(self.request, "该评定已作废。")
        return redirect(obj.get_absolute_url())

    def get_context(self, obj):
        return {"object": obj, "submit_label": "确认作废"}

    def perform(self, form, obj):
        return grade_void(
            user=self.request.user, assessment=obj, reason=form.cleaned_data["reason"]
        )

    def success_message(self, saved):
        return "已作废该评定。"
