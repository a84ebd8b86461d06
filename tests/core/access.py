"""Who may use the background jobs' pages (walked by tests/test_url_permissions.py).

Every role follows its own jobs; a job is its submitter's (the walk's job is the
manager's: the others are refused it). A batch of PDFs needs the right to see those
documents: the walk's batch is of permits, which every role may see."""

from tests.roles import ALL, REGISTRARS

MANAGER = {"manager"}

ACCESS = {
    "core:job_list": ("get", ALL, 200),
    "core:job_detail": ("get", MANAGER, 200),
    "core:job_file": ("get", MANAGER, 200),
    # No permit matches the walk's (empty) filter of a fresh list: back to the list.
    "core:pdf_batch": ("post", ALL, 302),
    # Import batches: who may use an import lists its batches; a batch of units is for
    # who may import units. Undoing without a reason is refused with a message on the
    # batch's page (302).
    "core:import_list": ("get", REGISTRARS, 200),
    "core:import_batch": ("get", REGISTRARS, 200),
    "core:import_rejects": ("get", REGISTRARS, 200),
    "core:import_void": ("post", REGISTRARS, 302),
}
SEGMENTS = {"jobs": "job", "imports": "importbatch"}


def make_objects(objects):
    """A finished job of the manager's with a result file, a task in the database queue
    (the admin's page of django-tasks-db), and an officer's enforcement certificate."""
    import datetime
    import uuid

    from django.core.files.base import ContentFile
    from django.test import override_settings
    from django.utils import timezone

    from core.jobs import run_job
    from core.models import CalendarDay, ImportBatch, Job, JobStatus, OfficerCertificate
    from tests.conftest import make_persona

    if "job" in objects:
        return {}
    job = Job(
        token=uuid.uuid4(),
        kind="pdf_batch",
        title="批量导出卫生许可证 PDF（1 份）",
        user=make_persona("manager"),
        status=JobStatus.DONE,
        message="已生成 1 份卫生许可证 PDF。",
        result_name="卫生许可证.zip",
        finished_at=timezone.now(),
    )
    job.result_file.save("x.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    job.save()
    queue = {"BACKEND": "django_tasks_db.DatabaseBackend"}
    with override_settings(TASKS={"default": queue}):
        run_job.enqueue(job_id=job.pk)  # stays queued: no worker runs in the walk
    certificate = OfficerCertificate.objects.create(
        user=make_persona("inspector"),
        number="WALK-0001",
        issued_by="县卫生健康局",
        valid_from=timezone.localdate() - datetime.timedelta(days=365),
        valid_until=timezone.localdate() + datetime.timedelta(days=365),
    )
    batch = ImportBatch.objects.create(
        token=uuid.uuid4(),
        importer="premises.imports.EstablishmentImporter",
        title="被监督单位",
        file_name="units.xlsx",
        created_by=make_persona("clerk"),
        status="done",
        mode="clean",
        imported_at=timezone.now(),
        rejected=1,
    )
    batch.rejects_file.save("rejects.xlsx", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    # A day the office entered itself: official days refuse deletion (core/admin.py).
    day = CalendarDay.objects.create(
        date=datetime.date(2035, 5, 7), is_workday=False, name="本地假日", source="local"
    )
    return {
        "job": job.pk,
        "officercertificate": certificate.pk,
        "importbatch": batch.pk,
        "calendarday": day.pk,
    }
