"""Background jobs' pages: the user's jobs, one job's progress and outcome, its result
file, and the start of a batch of PDFs from a list page. A job is its submitter's (an
administrator sees every job); anyone else is refused."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from core.job_kinds import BATCHES
from core.jobs import job_start, jobs_mark_interrupted
from core.models import Job
from core.views import RoleRequiredMixin

REFRESH_SECONDS = 2
VIEW = "core.view_job"  # every role holds it (core migration 0006)


def job_for(request, pk) -> Job:
    job = get_object_or_404(Job.objects.select_related("user"), pk=pk)
    if job.user_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied
    return job


class JobListView(RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request):
        jobs_mark_interrupted()
        jobs = list(Job.objects.of(request.user).select_related("user")[:100])
        return render(
            request,
            "core/job_list.html",
            {
                "title": "后台任务",
                "jobs": jobs,
                "keep_days": settings.JOB_KEEP_DAYS,
                "refresh": REFRESH_SECONDS * 2 if any(not j.is_finished for j in jobs) else 0,
            },
        )


class JobDetailView(RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request, pk):
        jobs_mark_interrupted()
        job = job_for(request, pk)
        return render(
            request,
            "core/job_detail.html",
            {
                "title": job.title,
                "job": job,
                "refresh": 0 if job.is_finished else REFRESH_SECONDS,
                "errors": job.details.get("errors", []),
                # An import's problems in all; "errors" lists the first IMPORT_MAX_ERRORS.
                "error_count": job.details.get("error_count", len(job.details.get("errors", []))),
                "failed": job.details.get("failed", []),
                "worker_needed": settings.TASKS_BACKEND == "database",
            },
        )


class JobFileView(RoleRequiredMixin, View):
    permission_required = VIEW

    """The job's result, served to its submitter only (never from a public URL)."""

    def get(self, request, pk):
        job = job_for(request, pk)
        if not job.result_file:
            raise Http404
        return FileResponse(
            job.result_file.open("rb"), as_attachment=True, filename=job.result_name
        )


class PdfBatchStartView(RoleRequiredMixin, View):
    permission_required = VIEW

    """The PDFs of what a list shows (its query string), made as a job."""

    http_method_names = ["post"]

    def post(self, request, batch):
        spec = BATCHES.get(batch)
        if spec is None:
            raise Http404
        if not request.user.has_perm(spec.permission):
            raise PermissionDenied
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
            back = "/"
        query = request.POST.get("query", "")
        records = spec.records(query, request.user)
        if records is None:
            messages.error(request, "筛选条件有误，请修改后再批量导出。")
            return redirect(back)
        count = records.count()
        if count == 0:
            messages.error(request, f"没有符合条件的{spec.title}，未生成 PDF。")
            return redirect(back)
        if count > settings.PDF_BATCH_MAX:
            messages.error(
                request,
                f"符合条件的{spec.title}有 {count} 份，一次最多导出 {settings.PDF_BATCH_MAX} 份，"
                "请缩小筛选范围。",
            )
            return redirect(back)
        # 合并为一个 PDF (for the printer) where the batch offers it; else a .zip of files.
        combined = spec.combined is not None and request.POST.get("combined") == "1"
        if combined and count > settings.PDF_COMBINED_MAX:
            messages.error(
                request,
                f"合并为一个 PDF 一次最多 {settings.PDF_COMBINED_MAX} 份（符合条件的有 {count} 份），"
                "请缩小筛选范围，或导出为 .zip。",
            )
            return redirect(back)
        job = job_start(
            kind="pdf_batch",
            user=request.user,
            title=f"批量导出{spec.title} PDF（{count} 份{'，合并为一个文件' if combined else ''}）"
            + (f"：{described}" if (described := spec.describe(query, request.user)) else ""),
            params={"batch": spec.code, "query": query, "back_url": back, "combined": combined},
        )
        return redirect(job.get_absolute_url())
