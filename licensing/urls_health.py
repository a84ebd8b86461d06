"""URLs of health certificates and training (merged into the "licensing" namespace)."""

from django.urls import path

from licensing.views import health, training

urlpatterns = [
    path("health/certificates/", health.CertificateListView.as_view(), name="certificate_list"),
    path(
        "health/certificates/import/",
        health.CertificateImportView.as_view(),
        name="certificate_import",
    ),
    path(
        "health/certificates/import/template/",
        health.CertificateImportTemplateView.as_view(),
        name="certificate_import_template",
    ),
    path(
        "health/certificates/<int:pk>/",
        health.CertificateDetailView.as_view(),
        name="certificate_detail",
    ),
    path(
        "health/practitioners/<int:pk>/certificates/add/",
        health.CertificateCreateView.as_view(),
        name="certificate_add",
    ),
    path(
        "health/missing/",
        health.MissingCertificateListView.as_view(),
        name="certificate_missing",
    ),
    path("health/trainings/", training.TrainingListView.as_view(), name="training_list"),
    path("health/trainings/add/", training.TrainingCreateView.as_view(), name="training_add"),
    path(
        "health/trainings/attendance/import/template/",
        training.AttendanceImportTemplateView.as_view(),
        name="attendance_import_template",
    ),
    path(
        "health/trainings/<int:pk>/", training.TrainingDetailView.as_view(), name="training_detail"
    ),
    path(
        "health/trainings/<int:pk>/attendance/add/",
        training.AttendanceAddView.as_view(),
        name="attendance_add",
    ),
    path(
        "health/trainings/<int:pk>/attendance/import/",
        training.AttendanceImportView.as_view(),
        name="attendance_import",
    ),
]
