"""Inspection pages. Thin: forms shape input, services act, core.lists lists."""

from inspections.views.draws import (
    DrawCreateView,
    DrawDetailView,
    DrawExportView,
    DrawListView,
    DrawSubstituteView,
    DrawVerifyView,
)
from inspections.views.home import HomeView
from inspections.views.inspections import (
    InspectionCreateView,
    InspectionDetailView,
    InspectionListView,
    PhotoFileView,
    UnitSearchView,
)
from inspections.views.opinions import (
    OpinionAmendView,
    OpinionDetailView,
    OpinionIssueView,
    OpinionListView,
    OpinionPdfView,
    OverdueOpinionListView,
)
from inspections.views.photos import PhotoAddView
from inspections.views.planning import (
    CampaignCreateView,
    CampaignDetailView,
    CampaignListView,
    CampaignUpdateView,
)
from inspections.views.samples import SampleAddView, SampleResultView, SamplingRecordPdfView

__all__ = [
    "CampaignCreateView",
    "CampaignDetailView",
    "CampaignListView",
    "CampaignUpdateView",
    "DrawCreateView",
    "DrawDetailView",
    "DrawExportView",
    "DrawListView",
    "DrawSubstituteView",
    "DrawVerifyView",
    "HomeView",
    "InspectionCreateView",
    "InspectionDetailView",
    "InspectionListView",
    "OpinionAmendView",
    "OpinionDetailView",
    "OpinionIssueView",
    "OpinionListView",
    "OpinionPdfView",
    "OverdueOpinionListView",
    "PhotoAddView",
    "PhotoFileView",
    "SampleAddView",
    "SampleResultView",
    "SamplingRecordPdfView",
    "UnitSearchView",
]
