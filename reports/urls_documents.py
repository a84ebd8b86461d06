"""Saved summaries and the documents (PDF, .xlsx, the radiation 汇总表)."""

from django.urls import path

from reports.views import documents as views

urlpatterns = [
    path("summaries/", views.SummaryReportListView.as_view(), name="summary_report_list"),
    path("summaries/add/", views.SummaryReportCreateView.as_view(), name="summary_report_add"),
    path(
        "summaries/<int:pk>/", views.SummaryReportDetailView.as_view(), name="summary_report_detail"
    ),
    path(
        "summaries/<int:pk>/edit/",
        views.SummaryReportEditView.as_view(),
        name="summary_report_edit",
    ),
    path(
        "summaries/<int:pk>/publish/",
        views.SummaryReportPublishView.as_view(),
        name="summary_report_publish",
    ),
    path(
        "summaries/<int:pk>/recompute/",
        views.SummaryReportRecomputeView.as_view(),
        name="summary_report_recompute",
    ),
    path(
        "summaries/<int:pk>/pdf/", views.SummaryReportPdfView.as_view(), name="summary_report_pdf"
    ),
    path(
        "summaries/<int:pk>/xlsx/",
        views.SummaryReportXlsxView.as_view(),
        name="summary_report_xlsx",
    ),
    path("summary.pdf", views.LiveSummaryPdfView.as_view(), name="summary_pdf"),
    path("summary.xlsx", views.LiveSummaryXlsxView.as_view(), name="summary_xlsx"),
    path("radiation.xlsx", views.RadiationXlsxView.as_view(), name="radiation_xlsx"),
]
