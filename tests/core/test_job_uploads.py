"""A job's uploaded .xlsx (it may hold ID numbers) is deleted when the job ends, however it
ends: cut off by a restart and marked so, failing to record its outcome, never queued, or
its row deleted. Before, a job marked interrupted kept its upload until it was pruned 30
days later."""

import uuid
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core import jobs
from core.jobs import job_start
from core.models import Job, JobStatus

pytestmark = pytest.mark.django_db
ID_NUMBERS = b"PK...110101199003071234..."


def uploaded_job(user, **fields) -> Job:
    """An import job holding its uploaded file, as job_start leaves it."""
    job = Job(token=uuid.uuid4(), kind="import", title="导入从业人员", user=user, **fields)
    job.input_name = "从业人员.xlsx"
    job.input_file.save("从业人员.xlsx", ContentFile(ID_NUMBERS), save=False)
    job.save()
    return job


def stored(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def silent_since(job, settings):
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 60)
    Job.objects.filter(pk=job.pk).update(updated_at=long_ago)


@pytest.mark.parametrize(
    ("backend", "status"),
    [("embedded", JobStatus.RUNNING), ("embedded", JobStatus.QUEUED), ("database", "running")],
)
def test_a_job_marked_interrupted_loses_its_upload_at_once(
    client_as, clerk, settings, backend, status
):
    settings.TASKS_BACKEND = backend
    job = uploaded_job(clerk, status=status)
    path = Path(job.input_file.path)
    assert path.read_bytes() == ID_NUMBERS
    silent_since(job, settings)

    page = client_as(clerk).get(reverse("core:job_list")).content.decode()  # marks it
    assert "中断" in page
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message == jobs.INTERRUPTED
    assert not job.input_file and not path.exists()
    assert job.input_name == "从业人员.xlsx"  # the page still says which file it was
    assert stored(settings) == []


def test_a_job_that_still_reports_keeps_its_upload(clerk, settings):
    alive, lost = uploaded_job(clerk, status=JobStatus.RUNNING), uploaded_job(clerk)
    lost.status = JobStatus.RUNNING
    lost.save()
    silent_since(lost, settings)
    assert jobs.jobs_mark_interrupted() == 1
    alive.refresh_from_db()
    assert alive.status == JobStatus.RUNNING and Path(alive.input_file.path).exists()
    assert stored(settings) == [Path(alive.input_file.path)]


def test_an_outcome_that_cannot_be_recorded_still_deletes_the_upload(clerk, settings, monkeypatch):
    job = uploaded_job(clerk, status=JobStatus.RUNNING)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(jobs, "_record_outcome", broken)
    jobs._finish(job, JobStatus.DONE, "导入成功")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message == jobs.UNEXPECTED
    assert not job.input_file and stored(settings) == []


def test_a_job_that_cannot_be_queued_leaves_no_upload_behind(clerk, settings, monkeypatch):
    def refuse(**kwargs):
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(jobs, "run_job", SimpleNamespace(enqueue=refuse))
    with pytest.raises(ConnectionError):
        job_start(
            kind="import",
            user=clerk,
            title="导入从业人员",
            params={},
            upload=SimpleUploadedFile("从业人员.xlsx", ID_NUMBERS),
        )
    assert not Job.objects.exists() and stored(settings) == []


def test_a_deleted_job_takes_its_files_with_it(clerk, settings):
    job = uploaded_job(clerk, status=JobStatus.DONE, finished_at=timezone.now())
    job.result_file.save("结果.zip", ContentFile(b"zip"), save=True)
    assert len(stored(settings)) == 2
    job.delete()  # e.g. in the admin, or with its user
    assert stored(settings) == []
