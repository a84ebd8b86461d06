"""Planning pages: special campaigns (专项整治) and random draws (双随机、一公开)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from core.history import history_entries
from core.lists import ObjectListView
from core.people import display_name
from core.views import RoleRequiredMixin, ServiceFormView
from core.xlsx import build_workbook, xlsx_response
from inspections import services
from inspections.choices import InspectionResult
from inspections.filters import CampaignFilterSet, DrawFilterSet
from inspections.forms import CampaignForm, DrawForm
from inspections.models import (
    Campaign,
    Inspection,
    ProblemType,
    RandomDraw,
    SupervisionOpinion,
)
from inspections.services.draws import draw_candidates
from inspections.tables import CAMPAIGNS, DRAWS
from premises.models import Category, Domain, Establishment, Township

# ---------------------------------------------------------------- campaigns


class CampaignListView(ObjectListView):
    permission_required = "inspections.view_campaign"
    model = Campaign
    filterset_class = CampaignFilterSet
    title = "专项整治"
    export_stem = "专项整治"
    default_sort = "-start_date"
    add_url_name = "inspections:campaign_add"
    add_permission = "inspections.add_campaign"
    columns = CAMPAIGNS

    def get_queryset(self):
        return Campaign.objects.all()

    def decorate(self, objects):
        counts = dict(
            Inspection.objects.filter(campaign__in=objects)
            .values("campaign")
            .annotate(n=Count("id"))
            .values_list("campaign", "n")
        )
        for obj in objects:
            obj.inspection_count = counts.get(obj.pk, 0)
        return objects

    def export_queryset(self, queryset):
        return queryset.annotate(inspection_count=Count("inspections"))


class CampaignDetailView(RoleRequiredMixin, View):
    permission_required = "inspections.view_campaign"

    def get(self, request, pk):
        campaign = get_object_or_404(Campaign.objects.select_related("created_by"), pk=pk)
        domains = list(campaign.domains.all())
        categories = list(campaign.categories.all())
        townships = list(campaign.townships.all())
        targets = draw_candidates(domains=domains, categories=categories, townships=townships)
        target_count = targets.count()
        inspected = (
            Inspection.objects.filter(
                establishment__in=targets,
                inspected_at__date__gte=campaign.start_date,
                inspected_at__date__lte=campaign.end_date,
            )
            .values("establishment")
            .distinct()
            .count()
        )
        mine = Inspection.objects.filter(campaign=campaign)
        figures = mine.aggregate(
            visits=Count("id"),
            units=Count("establishment", distinct=True),
            referred=Count("id", filter=Q(result=InspectionResult.REFERRED)),
        )
        problems = list(
            ProblemType.objects.filter(inspection__campaign=campaign)
            .annotate(n=Count("inspection"))
            .order_by("-n", "order")
        )
        return render(
            request,
            "inspections/campaign_detail.html",
            {
                "object": campaign,
                "domains": domains,
                "categories": categories,
                "townships": townships,
                "focus": list(campaign.problem_types.all()),
                "target_count": target_count,
                "inspected": inspected,
                "progress": round(100 * inspected / target_count, 1) if target_count else None,
                "figures": figures,
                "problems": problems,
                "opinions": list(
                    SupervisionOpinion.objects.filter(inspection__campaign=campaign)
                    .select_related("inspection__establishment")
                    .order_by("-issued_at")[:100]
                ),
                "referred": list(
                    mine.filter(result=InspectionResult.REFERRED)
                    .select_related("establishment")
                    .order_by("-inspected_at")[:100]
                ),
                "history": history_entries(campaign),
            },
        )


class CampaignCreateView(ServiceFormView):
    permission_required = "inspections.add_campaign"
    template_name = "core/form_page.html"
    form_class = CampaignForm
    title = "新建专项整治"

    def perform(self, form, obj):
        return services.campaign_save(user=self.request.user, **form.cleaned_data)

    def success_message(self, saved):
        return f"已保存专项整治：{saved.name}"


class CampaignUpdateView(CampaignCreateView):
    permission_required = "inspections.change_campaign"
    title = "修改专项整治"

    def get_object(self):
        return get_object_or_404(Campaign, pk=self.kwargs["pk"])

    def perform(self, form, obj):
        return services.campaign_save(user=self.request.user, campaign=obj, **form.cleaned_data)


# ---------------------------------------------------------------- random draws


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


def _names(model, ids):
    return "、".join(str(o) for o in model.objects.filter(pk__in=ids)) or "全部"


def draw_rows(draw):
    """Assignments with the inspection made on each (the latest), for page and export."""
    assignments = list(
        draw.assignments.select_related(
            "establishment__township", "inspector_a", "inspector_b"
        ).order_by("position")
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
                "scope": {
                    "监督专业": _names(Domain, params.get("domains", [])),
                    "类别": _names(Category, params.get("categories", [])),
                    "乡镇（街道）": _names(Township, params.get("townships", [])),
                },
                "share": params.get("share"),
                "count": params.get("count"),
                "exclusions": exclusions,
                "assignments": draw_rows(draw),
            },
        )


class DrawCreateView(ServiceFormView):
    permission_required = "inspections.add_randomdraw"
    template_name = "core/form_page.html"
    form_class = DrawForm
    title = "新建双随机抽查"

    def perform(self, form, obj):
        return services.draw_make(user=self.request.user, **form.service_arguments())

    def success_message(self, saved):
        return f"已抽取：{saved.name}（{saved.assignments.count()} 户）"


class DrawVerifyView(RoleRequiredMixin, View):
    permission_required = "inspections.view_randomdraw"
    http_method_names = ["post"]

    def post(self, request, pk):
        draw = get_object_or_404(RandomDraw, pk=pk)
        try:
            same = services.draw_verify(draw=draw)
        except ValidationError as exc:
            same = False
            messages.error(request, "；".join(exc.messages))
        if same:
            messages.success(request, "验证结果：一致。按记录的随机种子和快照重新抽取，结果相同。")
        else:
            messages.error(request, "验证结果：不一致。重新抽取的结果与记录不同，请核查。")
        return redirect(draw.get_absolute_url())


class DrawExportView(RoleRequiredMixin, View):
    """The drawn units and, once inspected, their results: for publication (一公开)."""

    permission_required = "inspections.view_randomdraw"

    def get(self, request, pk):
        draw = get_object_or_404(RandomDraw, pk=pk)
        rows = (
            [
                a.position,
                a.establishment.name,
                a.establishment.credit_code,
                a.establishment.township.name,
                a.establishment.address,
                display_name(a.inspector_a),
                display_name(a.inspector_b),
                a.inspection.inspected_at.date() if a.inspection else None,
                a.inspection.get_result_display() if a.inspection else "未检查",
            ]
            for a in draw_rows(draw)
        )
        content = build_workbook(
            draw.name,
            [
                "序号",
                "单位名称",
                "统一社会信用代码",
                "乡镇（街道）",
                "地址",
                "监督员一",
                "监督员二",
                "检查日期",
                "检查结果",
            ],
            rows,
            widths=[6, 30, 22, 14, 30, 10, 10, 12, 18],
            notes=[
                f"抽查名称：{draw.name}",
                f"抽取时间：{draw.created_at:%Y-%m-%d %H:%M}",
                f"随机种子：{draw.seed}",
            ],
        )
        return xlsx_response(content, f"双随机抽查_{draw.pk}.xlsx")
