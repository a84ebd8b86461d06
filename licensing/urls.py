from django.urls import path

from licensing.health.urls import urlpatterns as health_urls
from licensing.views import applications, consultations, home, permits, post_checks, reviews
from licensing.views.documents import (
    DecisionPdfView,
    LicensingDocumentPdfView,
    PermitVerifyView,
)

app_name = "licensing"

urlpatterns = [
    path("window/", home.WindowHomeView.as_view(), name="permit_home"),
    path("applications/", applications.ApplicationListView.as_view(), name="application_list"),
    path("applications/add/", applications.ApplicationCreateView.as_view(), name="application_add"),
    path(
        "applications/<int:pk>/",
        applications.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path(
        "applications/<int:pk>/review/",
        applications.ApplicationReviewView.as_view(),
        name="application_review",
    ),
    path(
        "applications/<int:pk>/decide/",
        applications.ApplicationDecideView.as_view(),
        name="application_decide",
    ),
    path(
        "applications/<int:pk>/accept/",
        applications.ApplicationAcceptView.as_view(),
        name="application_accept",
    ),
    path(
        "applications/<int:pk>/not-accept/",
        applications.ApplicationNotAcceptView.as_view(),
        name="application_not_accept",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        applications.ApplicationWithdrawView.as_view(),
        name="application_withdraw",
    ),
    path(
        "applications/<int:pk>/issue/",
        applications.ApplicationIssueView.as_view(),
        name="application_issue",
    ),
    # The old address of a decision: redirects to its numbered 决定书 (document_pdf).
    path(
        "applications/<int:pk>/decision.pdf",
        DecisionPdfView.as_view(),
        name="decision_pdf",
    ),
    path("permits/", permits.PermitListView.as_view(), name="permit_list"),
    path("permits/expiring/", permits.ExpiringPermitListView.as_view(), name="permit_expiring"),
    path("permits/unlicensed/", permits.UnlicensedListView.as_view(), name="unlicensed_list"),
    path("permits/register/", permits.PermitRegisterView.as_view(), name="permit_register"),
    path("permits/import/", permits.PermitImportView.as_view(), name="permit_import"),
    path(
        "permits/import/template/",
        permits.PermitImportTemplateView.as_view(),
        name="permit_import_template",
    ),
    path("permits/<int:pk>/", permits.PermitDetailView.as_view(), name="permit_detail"),
    path("permits/<int:pk>/cancel/", permits.PermitCancelView.as_view(), name="permit_cancel"),
    path("permits/<int:pk>/permit.pdf", permits.PermitPdfView.as_view(), name="permit_pdf"),
    path("post-checks/", post_checks.PostCheckListView.as_view(), name="post_check_list"),
    path(
        "applications/<int:pk>/post-check/",
        post_checks.PostCheckRecordView.as_view(),
        name="post_check_record",
    ),
    path("permits/<int:pk>/revoke/", post_checks.PermitRevokeView.as_view(), name="permit_revoke"),
    # 复核 every review_years of the type (licensing/views/reviews.py)
    path("reviews/", reviews.ReviewDueListView.as_view(), name="review_list"),
    path("permits/<int:pk>/review/", reviews.PermitReviewView.as_view(), name="permit_review"),
    path("consultations/", consultations.ConsultationListView.as_view(), name="consultation_list"),
    path(
        "consultations/add/",
        consultations.ConsultationCreateView.as_view(),
        name="consultation_add",
    ),
    # Numbered window documents (受理通知书 … 撤销决定书) and the public check of a permit's
    # QR code (no sign-in).
    path("documents/<int:pk>.pdf", LicensingDocumentPdfView.as_view(), name="document_pdf"),
    path("verify/<str:token>/", PermitVerifyView.as_view(), name="permit_verify"),
]

# Health certificates and training: the licensing/health sub-package, one namespace.
urlpatterns += health_urls
