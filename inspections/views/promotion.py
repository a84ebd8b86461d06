"""健康促进 pages: assessing a subject against a standard with its sheet (on a tablet), the
assessments' list, an assessment's page, voiding one; the year's plan with its figures per
subject group (in scope, 达标, share, target, gap), the subjects behind each number, and
the figures as .xlsx.

Thin: forms shape input, inspections.services.promotion acts and counts, core.lists lists."""

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from core.history import history_entries
from core.lists import ObjectListView
from core.views import RoleRequiredMixin, ServiceFormView
from core.xlsx import build_workbook, dated_filename, xlsx_response
from inspections.filters import PromotionFilterSet, PromotionSubjectFilterSet
from inspections.forms.promotion import PromotionAssessForm, PromotionVoidForm
from inspections.models import (
    ChecklistTemplate,
    PromotionAssessment,
    PromotionPlan,
    PromotionStandard,
)
from inspections.services.promotion import (
    SHOWS,
    figures_as_of,
    latest_assessment,
    promotion_assess,
    promotion_figures,
    promotion_subjects,
    promotion_void,
)
from inspections.tables import PROMOTION, PROMOTION_SUBJECTS
from premises.models import Establishment


class PromotionListView(ObjectListView):
    permission_required = "inspections.view_promotionassessment"
    model = PromotionAssessment
    filterset_class = PromotionFilterSet
    template_name = "inspections/promotion_list.html"
    title = "健康促进评估"
    export_stem = "健康促进评估"
    default_sort = "-assessed_on"
    columns = PROMOTION
    add_url_name = "inspections:promotion_assess"
    add_permission = "inspections.add_promotionassessment"

    def get_queryset(self):
        return PromotionAssessment.all_objects.select_related("subject__township", "standard")


def _standard(request):
    pk = request.POST.get("standard") or request.GET.get("standard")
    if not pk or not str(pk).isdigit():
        return None
    return PromotionStandard.objects.filter(pk=pk).first()


class PromotionAssessView(ServiceFormView):
    """Choose the standard, then score its sheet for a subject: the page says the total,
    the 转化得分 and 达标 after saving (the service computes them)."""

    permission_required = "inspections.add_promotionassessment"
    template_name = "inspections/promotion_form.html"
    title = "健康促进现场评估"
    versioned = False  # adds an assessment; nothing is overwritten

    def get_form(self, obj, data=None):
        self.standard = _standard(self.request)
        if self.standard is None:
            return None
        sheet = None
        posted = (data or {}).get("sheet")
        if posted and str(posted).isdigit():
            sheet = ChecklistTemplate.objects.filter(pk=posted).first()
        sheet = sheet or self.standard.current_sheet()
        subject = None
        wanted = self.request.GET.get("subject")
        if wanted and wanted.isdigit():
            subject = Establishment.objects.filter(pk=wanted).first()
        return PromotionAssessForm(data, standard=self.standard, sheet=sheet, subject=subject)

    def get_context(self, obj):
        standard = getattr(self, "standard", None)
        return {
            "standard": standard,
            "standards": PromotionStandard.objects.all(),
            "sections": self._sections(),
        }

    def _sections(self):
        form = getattr(self, "_form", None)
        return form.score_sections() if form is not None else []

    def render(self, form, obj, status=200):
        self._form = form
        return super().render(form, obj, status=status)

    def perform(self, form, obj):
        data = form.cleaned_data
        return promotion_assess(
            user=self.request.user,
            subject=data["subject"],
            standard=self.standard,
            sheet=data["sheet"],
            assessed_on=data["assessed_on"],
            assessors=data["assessors"],
            scores=form.scores(),
            note=data["note"],
        )

    def success_message(self, saved):
        converted = "" if saved.converted is None else f"，转化得分 {saved.converted.normalize():f}"
        return (
            f"已保存：{saved.subject.name} 得分 {saved.total.normalize():f}{converted}，"
            f"{saved.result_label}。"
        )


def assessment_for_page(pk):
    return get_object_or_404(
        PromotionAssessment.all_objects.select_related(
            "subject__township", "standard", "sheet", "recorded_by", "voided_by"
        ),
        pk=pk,
    )


class PromotionDetailView(RoleRequiredMixin, View):
    permission_required = "inspections.view_promotionassessment"

    def get(self, request, pk):
        assessment = assessment_for_page(pk)
        standing = latest_assessment(assessment.subject, assessment.standard)
        scores = list(assessment.scores.select_related("item"))
        return render(
            request,
            "inspections/promotion_detail.html",
            {
                "object": assessment,
                "scores": scores,
                "standing": standing,
                "is_standing": standing is not None and standing.pk == assessment.pk,
                "can_void": not assessment.is_voided
                and request.user.has_perm("inspections.void_promotionassessment"),
                "history": history_entries(assessment, hidden_fields=("created_at",)),
            },
        )


class PromotionVoidView(ServiceFormView):
    permission_required = "inspections.void_promotionassessment"
    template_name = "core/form_page.html"
    title = "作废健康促进评估"
    form_class = PromotionVoidForm
    versioned = False

    def get_object(self):
        return assessment_for_page(self.kwargs["pk"])

    def get_form(self, obj, data=None):
        return PromotionVoidForm(data)

    def refusal(self, obj):
        if not obj.is_voided:
            return None
        messages.error(self.request, "该评估已作废。")
        return redirect(obj.get_absolute_url())

    def get_context(self, obj):
        return {"object": obj, "submit_label": "确认作废"}

    def perform(self, form, obj):
        return promotion_void(
            user=self.request.user, assessment=obj, reason=form.cleaned_data["reason"]
        )

    def success_message(self, saved):
        return "已作废该评估。"


# ---------------------------------------------------------------- the plan and its figures


class PromotionPlanListView(RoleRequiredMixin, View):
    permission_required = "inspections.view_promotionplan"

    def get(self, request):
        plans = PromotionPlan.objects.all()
        return render(
            request, "inspections/promotion_plans.html", {"plans": plans, "title": "健康促进计划"}
        )


def _as_of(request, plan):
    value = request.GET.get("as_of", "")
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return figures_as_of(plan), bool(value)
    if day.year != plan.year:
        return figures_as_of(plan), True
    return day, False


class PromotionPlanView(RoleRequiredMixin, View):
    """The plan's figures: for each group, subjects in scope, meeting the standard, the
    share, the target and the gap, each number linking to its subjects."""

    permission_required = "inspections.view_promotionplan"

    def get(self, request, pk):
        plan = get_object_or_404(PromotionPlan, pk=pk)
        as_of, bad_date = _as_of(request, plan)
        if bad_date:
            messages.warning(request, f"统计日期应为 {plan.year} 年内的日期，已按默认日期统计。")
        figures = promotion_figures(plan, as_of)
        if request.GET.get("export") == "xlsx":
            return _figures_workbook(plan, figures, as_of)
        return render(
            request,
            "inspections/promotion_plan.html",
            {
                "plan": plan,
                "figures": figures,
                "as_of": as_of,
                "title": plan.title,
                "other_plans": PromotionPlan.objects.exclude(pk=plan.pk),
            },
        )


def _figures_workbook(plan, figures, as_of):
    headers = ["对象", "标准", "纳入范围", "达标", "达标比例（%）", "目标", "目标达标数", "尚差"]
    rows = [
        [
            f.standard.get_group_display(),
            f.standard.name,
            "" if f.in_scope is None else f.in_scope,
            f.met,
            "" if f.share is None else f.share,
            f.target_label,
            "" if f.needed is None else f.needed,
            "" if f.gap is None else f.gap,
        ]
        for f in figures
    ]
    title = f"{plan.title}（统计至 {as_of:%Y-%m-%d}）"
    content = build_workbook(title, headers, rows, widths=[14, 18, 10, 8, 12, 10, 12, 8])
    return xlsx_response(content, dated_filename(f"{plan.year}年健康促进目标完成情况"))


class PromotionSubjectsView(ObjectListView):
    """The subjects behind one number of the plan's figures."""

    permission_required = "inspections.view_promotionplan"
    model = Establishment
    filterset_class = PromotionSubjectFilterSet
    template_name = "inspections/promotion_subjects.html"
    columns = PROMOTION_SUBJECTS
    default_sort = "name"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.plan = get_object_or_404(PromotionPlan, pk=kwargs["pk"])
        self.standard = PromotionStandard.objects.filter(group=request.GET.get("group")).first()
        if self.standard is None:
            self.standard = PromotionStandard.objects.first()
        self.show = request.GET.get("show")
        if self.show not in SHOWS:
            self.show = "scope"
        self.as_of, _ = _as_of(request, self.plan)
        self.title = f"{self.standard.get_group_display()}（{SHOWS[self.show]}）"
        self.export_stem = f"{self.plan.year}年{self.standard.name}{SHOWS[self.show]}对象"

    def get(self, request, **kwargs):
        return super().get(request)

    def get_queryset(self):
        return promotion_subjects(self.plan, self.standard, self.as_of, self.show).select_related(
            "township", "category"
        )

    def extra_context(self):
        return {
            "lead": f"{self.plan.title}：{self.standard.name}，统计至 {self.as_of:%Y-%m-%d}。",
            "back_url": self.plan.get_absolute_url(),
        }
