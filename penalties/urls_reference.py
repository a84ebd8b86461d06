from django.urls import path

from penalties.views import reference as views

urlpatterns = [
    path("cases/<int:pk>/filing.pdf", views.CaseFilingPdfView.as_view(), name="case_filing_pdf"),
    path("cases/<int:pk>/notice.pdf", views.CaseNoticePdfView.as_view(), name="case_notice_pdf"),
    path(
        "cases/<int:pk>/decision.pdf", views.CaseDecisionPdfView.as_view(), name="case_decision_pdf"
    ),
]
