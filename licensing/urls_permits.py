from django.urls import path

from licensing.views import consultations
from licensing.views import permits as views

urlpatterns = [
    path("window/", views.WindowHomeView.as_view(), name="permit_home"),
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path("applications/add/", views.ApplicationCreateView.as_view(), name="application_add"),
    path(
        "applications/<int:pk>/",
        views.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path(
        "applications/<int:pk>/review/",
        views.ApplicationReviewView.as_view(),
        name="application_review",
    ),
    path(
        "applications/<int:pk>/decide/",
        views.ApplicationDecideView.as_view(),
        name="application_decide",
    ),
    path(
        "applications/<int:pk>/issue/",
        views.ApplicationIssueView.as_view(),
        name="application_issue",
    ),
    path(
        "applications/<int:pk>/decision.pdf",
        views.DecisionPdfView.as_view(),
        name="decision_pdf",
    ),
    path("permits/", views.PermitListView.as_view(), name="permit_list"),
    path("permits/expiring/", views.ExpiringPermitListView.as_view(), name="permit_expiring"),
    path("permits/unlicensed/", views.UnlicensedListView.as_view(), name="unlicensed_list"),
    path("permits/register/", views.PermitRegisterView.as_view(), name="permit_register"),
    path("permits/import/", views.PermitImportView.as_view(), name="permit_import"),
    path(
        "permits/import/template/",
        views.PermitImportTemplateView.as_view(),
        name="permit_import_template",
    ),
    path("permits/<int:pk>/", views.PermitDetailView.as_view(), name="permit_detail"),
    path("permits/<int:pk>/cancel/", views.PermitCancelView.as_view(), name="permit_cancel"),
    path("permits/<int:pk>/permit.pdf", views.PermitPdfView.as_view(), name="permit_pdf"),
    path("consultations/", consultations.ConsultationListView.as_view(), name="consultation_list"),
    path(
        "consultations/add/",
        consultations.ConsultationCreateView.as_view(),
        name="consultation_add",
    ),
]
