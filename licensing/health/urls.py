"""URLs of health certificates and training (merged into the "licensing" namespace)."""

from django.urls import path

from licensing.health.views import certificates, training

urlpatterns = [
    path(
        "health/certificates/", certificates.CertificateListView.as_view(), name="certificate_list"
    ),
    path(
        "health/certificates/import/",
        certificates.CertificateImportView.as_view(),
        name="certificate_import",
    ),
    path(
        "health/certificates/import/template/",
        certificates.CertificateImportTemplateView.as_view(),
        name="certificate_import_template",
    ),
    path(
        "health/certificates/<int:pk>/",
        certificates.CertificateDetailView.as_view(),
        name="certificate_detail",
    ),
    path(
        "health/practitioners/<int:pk>/certificates/add/",
        certificates.CertificateCreateView.as_view(),
        name="certificate_add",
    ),
    path(
        "health/missing/",
        certificates.MissingCertificateListView.as_view(),
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
