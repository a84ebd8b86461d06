from django.urls import path

from reports.api.views import AnnualView, SummaryView

urlpatterns = [
    path("reports/summary/", SummaryView.as_view(), name="report-summary"),
    path("reports/annual/", AnnualView.as_view(), name="report-annual"),
]
