"""The kernel's pages: background jobs (core.jobs) and batches of PDFs."""

from django.urls import path

from core import views_jobs as views

app_name = "core"

urlpatterns = [
    path("jobs/", views.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/file/", views.JobFileView.as_view(), name="job_file"),
    # POST the query string of a list page: the PDFs of its records, as one .zip.
    path("jobs/pdf/<slug:batch>/", views.PdfBatchStartView.as_view(), name="pdf_batch"),
]
