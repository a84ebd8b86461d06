"""The kernel's pages: background jobs (core.jobs) and batches of PDFs."""

from django.urls import path

from core import views_imports
from core import views_jobs as views

app_name = "core"

urlpatterns = [
    path("jobs/", views.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/file/", views.JobFileView.as_view(), name="job_file"),
    # POST the query string of a list page: the PDFs of its records, as one .zip.
    path("jobs/pdf/<slug:batch>/", views.PdfBatchStartView.as_view(), name="pdf_batch"),
    # Import batches: preview, import, the rows left out, undo (core.views_imports).
    path("imports/", views_imports.ImportBatchListView.as_view(), name="import_list"),
    path("imports/<int:pk>/", views_imports.ImportBatchView.as_view(), name="import_batch"),
    path(
        "imports/<int:pk>/rejects/",
        views_imports.ImportRejectsView.as_view(),
        name="import_rejects",
    ),
    path("imports/<int:pk>/void/", views_imports.ImportVoidView.as_view(), name="import_void"),
]
