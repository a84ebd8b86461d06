"""Long work in the background (后台任务): a large import, a summary over many units, a
batch of PDFs.

A page starts a job with :func:`job_start` and sends the user to the job's page, which
shows a progress bar while the job runs and its outcome when it ends: a message, a link
to what it made, a file to download, or what went wrong (an import's row errors).

A job runs through Django's task framework (the django-tasks backport), so where it runs
is a setting (supervision/settings.py ``TASKS_BACKEND``):

- ``embedded`` (the default, nothing else to start): a thread pool inside the web process
  (core.task_backends.ThreadBackend);
- ``database``: django-tasks-db stores the task in the database and ``manage.py
  db_worker`` (one or more worker processes, on any machine that reaches the database)
  runs it.

Whatever runs it, the job's state lives in ``core.Job``, so the page reads the same row.

Each kind of job registers a function ``run(job, progress) -> Outcome`` with
:func:`job_kind`; apps keep theirs in ``<app>/jobs.py`` (found at start-up by
core.apps). A run raises :class:`JobFailed` for an outcome the user must act on (a file
with errors); anything else is an unexpected error, logged, and the job says so.
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from core.models import Job, JobStatus

logger = logging.getLogger(__name__)

UNEXPECTED = "处理时出现意外错误，任务已停止；已写入的数据以各功能的说明为准（导入为全部或全不写入）。请稍后重试，或联系系统管理员。"
INTERRUPTED = "任务长时间没有进展，可能因服务重启而中断。请重新提交。"


@dataclass
class Outcome:
    """What a finished job shows: a message, optionally a page to go to and a file."""

    message: str
    url: str = ""
    file_name: str = ""
    file_content: bytes | None = None
    details: dict = field(default_factory=dict)


class JobFailed(Exception):
    """An outcome the user must act on; ``details`` is shown on the job's page."""

    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or {}


@dataclass(frozen=True)
class JobKind:
    code: str
    run: Callable[[Job, "Progress"], Outcome]


KINDS: dict[str, JobKind] = {}


def job_kind(code: str):
    """Register ``run(job, progress) -> Outcome`` as the kind ``code``."""

    def register(run):
        KINDS[code] = JobKind(code, run)
        return run

    return register


# ---------------------------------------------------------------- progress


class Progress:
    """What a running job reports: how much there is and how much is done.

    Writes are throttled (``JOB_PROGRESS_INTERVAL`` seconds) except for a new step and the
    end of one. Inside a transaction the job itself opened (an import writing its rows)
    nothing is written: the page could not see it before the commit, so it shows the step
    begun before the transaction ("写入 N 条记录"). A progress write that fails (SQLite busy
    for longer than its timeout) is logged and skipped: progress never fails a job.
    """

    def __init__(self, job: Job):
        self.job = job
        self.interval = settings.JOB_PROGRESS_INTERVAL
        self._last = 0.0
        # The transaction depth the job started at (0 in a worker; a caller's when run at
        # once): progress written at that depth is seen by the job's page.
        self._depth = len(connection.atomic_blocks)

    def begin(self, step: str, total: int = 0):
        """A new step; ``total`` is its amount of work (0: not known)."""
        self.job.step, self.job.total, self.job.done = step[:200], max(0, total), 0
        self._write()

    def advance(self, done: int):
        """``done`` of the step's total are done (nothing to show while the total is not
        known). The end of a step is always written, the rest at most once an interval."""
        done = max(0, min(done, self.job.total))
        if not self.job.total or done == self.job.done:
            return
        self.job.done = done
        if done == self.job.total or time.monotonic() - self._last >= self.interval:
            self._write()

    def _write(self):
        self._last = time.monotonic()
        if len(connection.atomic_blocks) > self._depth:
            return
        try:
            Job.objects.filter(pk=self.job.pk).update(
                step=self.job.step,
                total=self.job.total,
                done=self.job.done,
                updated_at=timezone.now(),
            )
        except DatabaseError:
            logger.warning("job %s: progress not written", self.job.pk, exc_info=True)


# ---------------------------------------------------------------- heartbeat
# A job shows it is alive by its row's updated_at. Besides progress, every process beats
# for the jobs it holds (running, or queued in its embedded pool) every
# JOB_HEARTBEAT_SECONDS, so a long step without progress (counting a summary, writing an
# import) or a wait in the pool's queue is never taken for a job cut off by a restart.

_held: set[int] = set()
_held_lock = threading.Lock()
_beating: threading.Thread | None = None


def _hold(job_id: int) -> None:
    global _beating
    with _held_lock:
        _held.add(job_id)
        if settings.JOB_HEARTBEAT_SECONDS > 0 and (_beating is None or not _beating.is_alive()):
            _beating = threading.Thread(target=_beat_forever, name="weijian-job-heartbeat")
            _beating.daemon = True
            _beating.start()


def _release(job_id: int) -> None:
    with _held_lock:
        _held.discard(job_id)


def jobs_heartbeat(*, now=None) -> int:
    """Mark the unfinished jobs this process holds as alive now; returns how many."""
    with _held_lock:
        ids = list(_held)
    if not ids:
        return 0
    try:
        return Job.objects.unfinished().filter(pk__in=ids).update(updated_at=now or timezone.now())
    except DatabaseError:
        logger.warning("job heartbeat not written", exc_info=True)
        return 0


def _beat_forever():
    while True:
        time.sleep(settings.JOB_HEARTBEAT_SECONDS)
        close_old_connections()
        jobs_heartbeat()


# ---------------------------------------------------------------- start and run


def job_start(*, kind: str, user, title: str, params: dict | None = None, upload=None) -> Job:
    """Record a job and hand it to the task backend; returns the job (its page shows it).

    ``upload`` (an uploaded file) is kept with the job until the job ends, however it
    ends (it may hold ID numbers); a job that cannot be queued leaves no file behind."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(token=uuid.uuid4(), kind=kind, user=user, title=title[:200], params=params or {})
    if upload is not None:
        job.input_name = (getattr(upload, "name", "") or "")[:255]
        upload.seek(0)
        job.input_file.save(job.input_name or "upload.bin", upload, save=False)
    try:
        with transaction.atomic():
            job.save()
            if settings.TASKS_BACKEND == "embedded":
                _hold(job.pk)  # queued in this process's pool: kept alive while it waits
            # One transaction: the database backend's task row is written with the job or
            # not at all; the embedded backend starts its thread once this commits.
            run_job.enqueue(job_id=job.pk)
    except BaseException:
        _delete_stored(job.input_file.name)  # no job row: nothing would ever delete it
        if job.pk is not None:
            _release(job.pk)
        raise
    return job


@task()
def run_job(job_id: int) -> None:
    job_execute(job_id=job_id)


def job_execute(*, job_id: int) -> Job | None:
    """Run a queued job once (a second call, or one for a running job, does nothing)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, updated_at=now
    )
    if not claimed:
        return None  # run already, or ended (the heartbeat skips ended jobs)
    _hold(job_id)  # alive while it runs (heartbeat)
    try:
        job = Job.objects.select_related("user").get(pk=job_id)
        progress = Progress(job)
        try:
            outcome = KINDS[job.kind].run(job, progress)
        except JobFailed as failed:
            _finish(job, JobStatus.FAILED, failed.message, details=failed.details)
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            _finish(job, JobStatus.FAILED, UNEXPECTED)
        else:
            _finish(job, JobStatus.DONE, outcome.message, outcome=outcome)
    finally:
        _release(job_id)
    return job


def _finish(job: Job, status: str, message: str, *, details=None, outcome=None):
    """Record the outcome. It is the truth even if the job was taken for interrupted
    meanwhile (it was alive after all). The uploaded file is deleted: it may hold
    personal data (ID numbers) and is not needed once the job has ended."""
    upload = job.input_file.name
    try:
        _record_outcome(job, status, message, details=details, outcome=outcome)
    except Exception:
        logger.exception("job %s: outcome not recorded", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            message=UNEXPECTED,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
            input_file="",
        )
        _delete_stored(upload)


def _record_outcome(job: Job, status: str, message: str, *, details=None, outcome=None):
    job.status, job.message = status, message
    job.details = details if details is not None else (outcome.details if outcome else {})
    job.finished_at = job.updated_at = timezone.now()
    if outcome is not None:
        job.result_url = outcome.url
        if outcome.file_content is not None:
            job.result_name = outcome.file_name
            job.result_file.save(outcome.file_name, ContentFile(outcome.file_content), save=False)
        job.done = job.total
    if job.input_file:
        job.input_file.delete(save=False)
    job.save()


def jobs_mark_interrupted(*, now=None) -> int:
    """Jobs that stopped reporting progress (the process that ran them ended) are marked
    as not finished, so their page says so instead of spinning forever; their uploaded
    file (it may hold ID numbers) is deleted then, not when the job is pruned."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.JOB_STALE_SECONDS)
    if settings.TASKS_BACKEND == "embedded":
        # Nothing else will ever take a queued job of an embedded runner that is gone.
        stale = Job.objects.unfinished().filter(updated_at__lt=limit)
    else:
        stale = Job.objects.filter(status=JobStatus.RUNNING, updated_at__lt=limit)
    # Read first: the job pages call this on every view, and a write would wait for a
    # running job's transaction on SQLite.
    if not stale.exists():
        return 0
    marked = 0
    for pk, upload in list(stale.values_list("pk", "input_file")):
        # One by one, each still stale as it is marked: a job that reported meanwhile
        # runs on and keeps its file. (A job marked here that was alive after all records
        # its real outcome when it ends, core.jobs._finish; it had opened its file.)
        if stale.filter(pk=pk).update(
            status=JobStatus.FAILED,
            message=INTERRUPTED,
            finished_at=F("updated_at"),
            updated_at=now,
            input_file="",
        ):
            marked += 1
            _delete_stored(upload)
    return marked


def jobs_prune(*, days: int, now=None) -> int:
    """Delete finished jobs older than ``days`` days; their files go with them
    (:func:`_job_deleted`)."""
    now = now or timezone.now()
    old = Job.objects.finished().filter(finished_at__lt=now - timedelta(days=days))
    count, _ = old.delete()
    return count


def _delete_stored(name: str | None) -> None:
    """Delete a job's file from storage (nothing if it has none or it is gone already)."""
    if not name:
        return
    try:
        Job._meta.get_field("input_file").storage.delete(name)
    except OSError:
        logger.warning("job file %s not deleted", name, exc_info=True)


@receiver(post_delete, sender=Job, dispatch_uid="core.jobs.files")
def _job_deleted(sender, instance, **kwargs):
    """However a job row goes (pruned, deleted in the admin, with its user), its files go
    with it."""
    for name in (instance.input_file.name, instance.result_file.name):
        _delete_stored(name)
