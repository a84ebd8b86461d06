"""URLs of health certificates and training (merged into the "licensing" namespace)."""

from django.urls import path

from licensing.views import health as views

urlpatterns = [
    path("health/certificates/", views.CertificateListView.as_view(), name="certificate_list"),
    path(
        "health/certificates/import/",
        views.CertificateImportView.as_view(),
        name="certificate_import",
    ),
    path(
        "health/certificates/import/template/",
        views.CertificateImportTemplateView.as_view(),
        name="certificate_import_template",
    ),
    path(
        "health/certificates/<int:pk>/",
        views.CertificateDetailView.as_view(),
        name="certificate_detail",
    ),
    path(
        "health/practitioners/<int:pk>/certificates/add/",
        views.CertificateCreateView.as_view(),
        name="certificate_add",
    ),
    path(
        "health/missing/",
        views.MissingCertificateListView.as_view(),
        name="certificate_missing",
    ),
    path("health/trainings/", views.TrainingListView.as_view(), name="training_list"),
    path("health/trainings/add/", views.TrainingCreateView.as_view(), name="training_add"),
    path(
        "health/trainings/attendance/import/template/",
        views.AttendanceImportTemplateView.as_view(),
        name="attendance_import_template",
    ),
    path("health/trainings/<int:pk>/", views.TrainingDetailView.as_view(), name="training_detail"),
    path(
        "health/trainings/<int:pk>/attendance/add/",
        views.AttendanceAddView.as_view(),
        name="attendance_add",
    ),
    path(
        "health/trainings/<int:pk>/attendance/import/",
        views.AttendanceImportView.as_view(),
        name="attendance_import",
    ),
]
