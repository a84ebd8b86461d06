from django.urls import path

from penalties.views import reference as views

urlpatterns = [
    path("cases/<int:pk>/filing.pdf", views.CaseFilingPdfView.as_view(), name="case_filing_pdf"),
    path("cases/<int:pk>/notice.pdf", views.CaseNoticePdfView.as_view(), name="case_notice_pdf"),
    path(
        "cases/<int:pk>/decision.pdf", views.CaseDecisionPdfView.as_view(), name="case_decision_pdf"
    ),
    path("violations/", views.ViolationListView.as_view(), name="violation_list"),
    path("violations/<int:pk>/", views.ViolationDetailView.as_view(), name="violation_detail"),
    path("time-limits/", views.TimeLimitListView.as_view(), name="timelimit_list"),
]
