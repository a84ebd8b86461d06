"""Reports' pages: the summary and its drill-downs, saved summaries and the documents (PDF,
.xlsx, the radiation 汇总表), the dashboard and reporting upward.

Each card kind of reporting upward has its own paths (reporting/unit/, reporting/inspection/
...) under one name with the kind as a fixed argument: ``{% url 'reports:reporting_list'
kind='unit' %}`` works, and an unknown kind is a 404 without a check in the view.

The case kinds come first and last on purpose: reversing a name without its kind (the
URL walk of tests/test_url_permissions.py does) gives the last pattern, and the walk
picks the object from the first one's path segment; both are penalty cases."""

from django.urls import path

from reports.models import CardKind
from reports.views import documents, plans
from reports.views.dashboard import DashboardView
from reports.views.drill import DrillView
from reports.views.occupational import OccupationalXlsxView
from reports.views.reporting import (
    CardBulkRecordView,
    CardRecordView,
    ReportingCardsXlsxView,
    ReportingListView,
    ReportingOverviewView,
)
from reports.views.summary import SummaryView

app_name = "reports"

KIND_ORDER = (
    CardKind.CASE_DECISION,
    CardKind.UNIT,
    CardKind.INSPECTION,
    CardKind.DRAW_PUBLICATION,
    CardKind.CASE_SINGLE,
    CardKind.CASE_CLOSURE,
)


def _per_kind(route, view, name):
    return [
        path(f"reporting/{kind.value}/{route}", view, {"kind": kind.value}, name=name)
        for kind in KIND_ORDER
    ]


urlpatterns = [
    # The summary and its drill-downs.
    path("summary/", SummaryView.as_view(), name="summary"),
    # e.g. drill/units/?start=2024-01-01&end=2024-12-31
    path("drill/<slug:key>/", DrillView.as_view(), name="drill"),
    # Saved summaries and the documents.
    path("summaries/", documents.SummaryReportListView.as_view(), name="summary_report_list"),
    path("summaries/add/", documents.SummaryReportCreateView.as_view(), name="summary_report_add"),
    path(
        "summaries/<int:pk>/",
        documents.SummaryReportDetailView.as_view(),
        name="summary_report_detail",
    ),
    path(
        "summaries/<int:pk>/edit/",
        documents.SummaryReportEditView.as_view(),
        name="summary_report_edit",
    ),
    path(
        "summaries/<int:pk>/publish/",
        documents.SummaryReportPublishView.as_view(),
        name="summary_report_publish",
    ),
    path(
        "summaries/<int:pk>/discard/",
        documents.SummaryReportDiscardView.as_view(),
        name="summary_report_discard",
    ),
    path(
        "summaries/<int:pk>/recompute/",
        documents.SummaryReportRecomputeView.as_view(),
        name="summary_report_recompute",
    ),
    path(
        "summaries/<int:pk>/pdf/",
        documents.SummaryReportPdfView.as_view(),
        name="summary_report_pdf",
    ),
    path(
        "summaries/<int:pk>/docx/",
        documents.SummaryReportDocxView.as_view(),
        name="summary_report_docx",
    ),
    path(
        "summaries/<int:pk>/xlsx/",
        documents.SummaryReportXlsxView.as_view(),
        name="summary_report_xlsx",
    ),
    path("summary.pdf", documents.LiveSummaryPdfView.as_view(), name="summary_pdf"),
    path("summary.xlsx", documents.LiveSummaryXlsxView.as_view(), name="summary_xlsx"),
    path("radiation.xlsx", documents.RadiationXlsxView.as_view(), name="radiation_xlsx"),
    path("occupational.xlsx", OccupationalXlsxView.as_view(), name="occupational_xlsx"),
    # Focused inspection plans (重点监督检查计划) and their tables sent to the city.
    path("plans/", plans.PlanListView.as_view(), name="plan_list"),
    path("plans/add/", plans.PlanCreateView.as_view(), name="plan_add"),
    path("plans/<int:pk>/", plans.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.PlanUpdateView.as_view(), name="plan_edit"),
    path("plans/<int:pk>/unchecked/", plans.PlanUncheckedView.as_view(), name="plan_unchecked"),
    path("plans/<int:pk>/xlsx/", plans.PlanXlsxView.as_view(), name="plan_xlsx"),
    path("plans/<int:pk>/submit/", plans.PlanSubmitView.as_view(), name="plan_submit"),
    path(
        "plan-submissions/<int:pk>/file/",
        plans.PlanSubmissionFileView.as_view(),
        name="plan_submission_file",
    ),
    # The dashboard and reporting upward.
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("reporting/", ReportingOverviewView.as_view(), name="reporting"),
    path("reporting/cards.xlsx", ReportingCardsXlsxView.as_view(), name="reporting_cards_xlsx"),
    *_per_kind("", ReportingListView.as_view(), "reporting_list"),
    *_per_kind("record/", CardBulkRecordView.as_view(), "reporting_record_many"),
    *_per_kind("<int:object_id>/record/", CardRecordView.as_view(), "reporting_record"),
]
