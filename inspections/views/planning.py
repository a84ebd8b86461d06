"""Planning pages: special campaigns (专项整治). Random draws: inspections/views/draws.py."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views import View

from core.history import history_entries
from core.lists import ObjectListView
from core.views import RoleRequiredMixin, ServiceFormView
from inspections import services
from inspections.choices import InspectionResult
from inspections.filters import CampaignFilterSet
from inspections.forms import CampaignForm
from inspections.models import (
    Campaign,
    Inspection,
    ProblemType,
    SupervisionOpinion,
)
from inspections.services.draws import draw_candidates
from inspections.tables import CAMPAIGNS

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
        # A join bypasses Inspection.objects: leave the voided out here (corrections).
        return queryset.annotate(
            inspection_count=Count("inspections", filter=Q(inspections__voided_at__isnull=True))
        )


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
