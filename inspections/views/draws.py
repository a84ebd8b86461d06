"""Random draw pages (双随机、一公开): list, draw with 回避 picked from lists, detail,
verification, publication workbook, and the substitution of a drawn inspector."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from core.lists import ObjectListView
from core.people import display_name
from core.views import RoleRequiredMixin, ServiceFormView, apply_form_errors
from core.xlsx import xlsx_response
from inspections.choices import GradeRuleRow
from inspections.filters import DrawFilterSet
from inspections.forms import DrawForm, DrawSubstitutionForm, ExclusionFormSet
from inspections.models import (
    DrawAssignment,
    DrawMethod,
    DrawSubstitution,
    Inspection,
    RandomDraw,
)
from inspections.services.draws import draw_make, draw_problems, draw_substitute
from inspections.tables import DRAWS
from inspections.views.draw_workbook import draw_workbook, local
from premises.models import Category, Domain, Establishment, Township

EXCLUSIONS_PREFIX = "exclusions"


class DrawListView(ObjectListView):
    permission_required = "inspections.view_randomdraw"
    model = RandomDraw
    filterset_class = DrawFilterSet
    title = "双随机抽查"
    export_stem = "双随机抽查"
    default_sort = "-created_at"
    add_url_name = "inspections:draw_add"
    add_permission = "inspections.add_randomdraw"
    columns = DRAWS

    def get_queryset(self):
        return RandomDraw.objects.all()


def _by_grade(params) -> str:
    """A draw by grade: each stratum's share and count (信誉度等级), "" otherwise."""
    counts = params.get("grade_counts")
    if not counts:
        return ""
    shares = params.get("grade_shares", {})
    labels = dict(GradeRuleRow.choices)
    return "；".join(
        f"{labels[row]} {shares.get(row, '0')}% 抽 {counts.get(row, 0)} 户"
        for row in GradeRuleRow.values
    )


def _names(model, ids):
    return "、".join(str(o) for o in model.objects.filter(pk__in=ids)) or "全部"


def draw_rows(draw):
    """Assignments with their substitutions and the inspection made on each (the latest),
    for page and export."""
    assignments = list(
        draw.assignments.select_related("establishment__township", "inspector_a", "inspector_b")
        .prefetch_related(
            Prefetch(
                "substitutions",
                queryset=DrawSubstitution.objects.select_related(
                    "replaced", "substitute", "approved_by", "recorded_by"
                ).order_by("recorded_at", "id"),
            )
        )
        .order_by("position")
    )
    done = {}
    for inspection in Inspection.objects.filter(draw_assignment__draw=draw).order_by(
        "inspected_at"
    ):
        done[inspection.draw_assignment_id] = inspection
    for a in assignments:
        a.inspection = done.get(a.pk)
    return assignments


class DrawDetailView(RoleRequiredMixin, View):
    permission_required = "inspections.view_randomdraw"

    def get(self, request, pk):
        draw = get_object_or_404(RandomDraw.objects.select_related("created_by"), pk=pk)
        params = draw.parameters
        users = get_user_model().objects.in_bulk([i for i, _u in draw.exclusions])
        units = Establishment.objects.in_bulk([u for _i, u in draw.exclusions])
        exclusions = [
            (display_name(users[i]) if i in users else i, units[u].name if u in units else u)
            for i, u in draw.exclusions
        ]
        return render(
            request,
            "inspections/draw_detail.html",
            {
                "object": draw,
                "derived": draw.method == DrawMethod.SNAPSHOT_SECRET,
                "created_local": local(draw.created_at),
                "scope": {
                    "监督专业": _names(Domain, params.get("domains", [])),
                    "类别": _names(Category, params.get("categories", [])),
                    "乡镇（街道）": _names(Township, params.get("townships", [])),
                },
                "share": params.get("share"),
                "count": params.get("count"),
                "by_grade": _by_grade(params),
                "exclusions": exclusions,
                "assignments": draw_rows(draw),
            },
        )


class DrawCreateView(ServiceFormView):
    """A draw: scope, size and 回避 rows (officer and unit picked from lists). "增加一行"
    sends the page back with one more row, without drawing."""

    permission_required = "inspections.add_randomdraw"
    template_name = "inspections/draw_form.html"
    form_class = DrawForm
    title = "新建双随机抽查"

    def get_formset(self, obj, data=None):
        if data is not None and "add_row" in data:
            data = data.copy()
            key = f"{EXCLUSIONS_PREFIX}-TOTAL_FORMS"
            data[key] = str(int(data.get(key) or 0) + 1)
        return ExclusionFormSet(data, prefix=EXCLUSIONS_PREFIX)

    def post(self, request, **kwargs):
        if "add_row" in request.POST:  # one more 回避 row; nothing is drawn
            self.formset = self.get_formset(None, request.POST)
            return self.render(DrawForm(request.POST), None)
        return super().post(request, **kwargs)

    def put_errors(self, form, exc):
        apply_form_errors(form, exc)  # 回避 errors land on the form, above the rows

    def perform(self, form, obj):
        return draw_make(
            user=self.request.user, **form.service_arguments(exclusions=self.formset.pairs())
        )

    def success_message(self, saved):
        return f"已抽取：{saved.name}（{saved.assignments.count()} 户）"


class DrawVerifyView(RoleRequiredMixin, View):
    permission_required = "inspections.view_randomdraw"
    http_method_names = ["post"]

    def post(self, request, pk):
        draw = get_object_or_404(RandomDraw, pk=pk)
        problems = draw_problems(draw=draw)
        if not problems:
            how = (
                "按记录的候选快照和秘密值重新导出随机种子并重新抽取"
                if draw.method == DrawMethod.SNAPSHOT_SECRET
                else "按记录的随机种子和快照重新抽取（旧方法）"
            )
            messages.success(request, f"验证结果：一致。{how}，结果相同。")
        else:
            messages.error(request, "验证结果：不一致。" + "".join(problems) + "请核查。")
        return redirect(draw.get_absolute_url())


class DrawExportView(RoleRequiredMixin, View):
    """The publication (一公开): results, candidates, parameters, commitment, secret, seed,
    local times and the procedure; scripts/verify_draw.py re-runs the draw from it."""

    permission_required = "inspections.view_randomdraw"

    def get(self, request, pk):
        draw = get_object_or_404(RandomDraw.objects.select_related("created_by"), pk=pk)
        content = draw_workbook(draw, draw_rows(draw))
        return xlsx_response(content, f"双随机抽查_{draw.pk}.xlsx")


class DrawSubstituteView(ServiceFormView):
    """Record that a drawn inspector is replaced for one assignment."""

    permission_required = "inspections.add_drawsubstitution"
    template_name = "core/form_page.html"
    title = "登记抽查人员替换"
    versioned = False  # adds a record beside the assignment; the service checks the pair

    def get_object(self):
        return get_object_or_404(
            DrawAssignment.objects.select_related("draw", "establishment"), pk=self.kwargs["pk"]
        )

    def get_form(self, obj, data=None):
        return DrawSubstitutionForm(data, assignment=obj)

    def get_context(self, obj):
        return {
            "object": obj.draw,
            "title": f"登记抽查人员替换：第{obj.position}号 {obj.establishment.name}",
        }

    def perform(self, form, obj):
        return draw_substitute(user=self.request.user, assignment=obj, **form.cleaned_data)

    def get_success_url(self, saved):
        return saved.assignment.draw.get_absolute_url()

    def success_message(self, saved):
        return f"已登记替换：{display_name(saved.replaced)} → {display_name(saved.substitute)}"
