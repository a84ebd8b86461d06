"""Long work in the background: a large import, a batch of PDFs and a summary over many
units run as jobs with a progress bar and an outcome the user comes back to. The jobs run
at once in most tests (tests/conftest.py); the end of this file runs them as offices do,
in the embedded threads and through the database queue with its worker."""

import datetime
import io
import threading
import uuid
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks.signals import task_finished

from core import jobs
from core.jobs import JobFailed, Outcome, Progress, job_execute, job_kind, job_start
from core.models import ImportBatch, Job, JobStatus
from inspections import services as inspections_services
from premises.models import Establishment
from reports.models import SummaryReport
from tests.factories import EstablishmentFactory, valid_credit_code
from tests.inspections.factories import record
from tests.licensing.factories import issued_permit
from tests.licensing.health_factories import training
from tests.premises.test_imports import UNIT_HEADERS, unit_row, xlsx

IMPORT_URL = "premises:establishment_import"


@pytest.fixture
def big_imports(settings):
    """Files of more than two rows count as large."""
    settings.IMPORT_BACKGROUND_ROWS = 2


def post_import(client, url, upload):
    """Upload, then 全部导入 on the preview (not followed: a job's redirect is seen)."""
    response = client.post(url, {"file": upload})
    assert response.status_code == 302 and "/imports/" in response["Location"]
    return client.post(response["Location"], {"action": "import", "mode": "all"})


def unit_file(count, **kwargs):
    rows = [unit_row(valid_credit_code(), name=f"导入单位{i}", **kwargs) for i in range(count)]
    return xlsx(UNIT_HEADERS, rows)


# ---------------------------------------------------------------- imports


def test_large_import_runs_as_job_and_reports_its_outcome(client_as, clerk, township, big_imports):
    client = client_as(clerk)
    response = post_import(client, reverse(IMPORT_URL), unit_file(3))

    job = Job.objects.get()
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.kind == "import" and job.user == clerk
    assert job.status == JobStatus.DONE
    assert Establishment.objects.filter(name__startswith="导入单位").count() == 3
    page = client.get(job.get_absolute_url()).content.decode()
    assert "导入成功：共写入 3 条被监督单位记录" in page
    assert "units.xlsx" in page  # the file it was given
    assert batch.get_absolute_url() in page  # the batch: its records, undo
    batch.refresh_from_db()
    assert batch.status == "done" and batch.written == 3
    assert not batch.input_file  # the uploaded file (personal data) is not kept
    assert f'href="{batch.get_absolute_url()}">返回导入批次' in page
    assert 'http-equiv="refresh"' not in page  # finished: the page stops refreshing


def test_small_import_is_done_at_once(client_as, clerk, township, big_imports):
    client = client_as(clerk)
    response = post_import(client, reverse(IMPORT_URL), unit_file(2))
    assert "导入成功：共写入 2 条" in client.get(response["Location"]).content.decode()
    assert not Job.objects.exists()


def test_large_import_with_errors_writes_nothing_and_lists_them(
    client_as, clerk, township, big_imports
):
    rows = [unit_row(valid_credit_code(), name=f"导入单位{i}") for i in range(3)]
    rows.append(unit_row("不是代码", name="坏行"))
    client = client_as(clerk)
    post_import(client, reverse(IMPORT_URL), xlsx(UNIT_HEADERS, rows))

    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert not Establishment.objects.filter(name__startswith="导入单位").exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "没有写入任何数据" in page
    assert "第 5 行" in page and "统一社会信用代码" in page


def test_training_attendance_import_keeps_its_session(client_as, clerk, settings, practitioner):
    """An importer built with a record (the training session) gets it back in the job."""
    settings.IMPORT_BACKGROUND_ROWS = 0
    session = training()
    upload = xlsx(["身份证号码", "姓名"], [[practitioner.id_number, practitioner.name]])
    url = reverse("licensing:attendance_import", args=[session.pk])
    response = post_import(client_as(clerk), url, upload)
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.DONE, job.message
    assert ImportBatch.objects.get().done_url == session.get_absolute_url()
    assert list(session.attendees.all()) == [practitioner]


# ---------------------------------------------------------------- the job page


def make_job(user, **fields):
    """A job row as a page would find it (made directly, not run)."""
    values = {"token": uuid.uuid4(), "kind": "import", "title": "导入", "user": user, **fields}
    return Job.objects.create(**values)


def test_running_job_shows_progress_and_refreshes(client_as, clerk):
    job = make_job(
        kind="import",
        title="导入被监督单位：大表.xlsx",
        user=clerk,
        status=JobStatus.RUNNING,
        step="逐行校验",
        total=8000,
        done=2000,
    )
    page = client_as(clerk).get(job.get_absolute_url()).content.decode()
    assert '<progress max="100" value="25"' in page
    assert "逐行校验：2000 / 8000" in page
    assert '<meta http-equiv="refresh" content="2">' in page


def test_a_job_is_its_submitters(client_as, clerk, inspector):
    title = "导入被监督单位：甲表.xlsx"
    job = make_job(kind="import", title=title, user=clerk)
    job.result_file.save("r.zip", ContentFile(b"zip"), save=True)
    client = client_as(inspector)
    refused = client.get(job.get_absolute_url())
    assert refused.status_code == 403
    assert "没有权限" in refused.content.decode()  # the site's page, not a bare "Forbidden"
    assert client.get(reverse("core:job_file", args=[job.pk])).status_code == 403
    assert title not in client.get(reverse("core:job_list")).content.decode()
    assert title in client_as(clerk).get(reverse("core:job_list")).content.decode()
    assert client_as(clerk).get(reverse("core:job_file", args=[job.pk])).status_code == 200


def test_a_job_cut_off_by_a_restart_says_so(client_as, clerk, settings):
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 60)
    job = make_job(
        kind="import",
        title="导入",
        user=clerk,
        status=JobStatus.RUNNING,
        updated_at=long_ago,
    )
    page = client_as(clerk).get(job.get_absolute_url()).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "可能因服务重启而中断" in page


def test_a_queued_job_waits_for_the_database_worker(settings, clerk):
    """With the database queue a queued job is the worker's to take, however long."""
    settings.TASKS_BACKEND = "database"
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 60)
    job = make_job(kind="import", title="导入", user=clerk, updated_at=long_ago)
    assert jobs.jobs_mark_interrupted() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED


def test_prune_deletes_old_jobs_and_their_files(clerk, settings):
    old = make_job(
        kind="pdf_batch",
        title="旧",
        user=clerk,
        status=JobStatus.DONE,
        finished_at=timezone.now() - timedelta(days=settings.JOB_KEEP_DAYS + 1),
    )
    old.result_file.save("old.zip", ContentFile(b"zip"), save=True)
    path = old.result_file.path
    recent = make_job(
        kind="pdf_batch",
        title="新",
        user=clerk,
        status=JobStatus.DONE,
        finished_at=timezone.now(),
    )
    out = io.StringIO()
    call_command("prune_jobs", stdout=out)
    assert list(Job.objects.all()) == [recent]
    assert not __import__("os").path.exists(path)
    assert "已删除 1 个后台任务" in out.getvalue()


# ---------------------------------------------------------------- running a job


@job_kind("test_probe")
def _probe(job, progress):
    """A kind for these tests: behaves as its parameters say."""
    mode = job.params.get("mode")
    progress.begin("核对", total=4)
    for done in range(1, 5):
        progress.advance(done)
    if mode == "fail":
        raise JobFailed(
            "第 3 行有误。", {"errors": [{"row": 3, "column": "名称", "message": "空"}]}
        )
    if mode == "crash":
        raise RuntimeError("boom")
    if mode == "marked_meanwhile":
        # Taken for interrupted while it still runs (a long silent step).
        Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, message=jobs.INTERRUPTED)
    if mode == "wait":
        REACHED.set()
        assert RELEASE.wait(30), "the test never released the job"
    return Outcome("完成")


REACHED, RELEASE = threading.Event(), threading.Event()


def probe(user, **params):
    return job_start(kind="test_probe", user=user, title="测试", params=params)


def test_job_runs_once_and_records_its_progress(clerk):
    job = probe(clerk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.step) == (4, 4, "核对")
    assert job.started_at <= job.finished_at
    assert job_execute(job_id=job.pk) is None  # a finished job is not run again


def test_job_failure_keeps_the_details_for_the_page(clerk, client_as):
    job = probe(clerk, mode="fail")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == "第 3 行有误。"
    page = client_as(clerk).get(job.get_absolute_url()).content.decode()
    assert "第 3 行" in page and "名称" in page


def test_unexpected_error_fails_the_job_with_a_clear_message_and_is_logged(clerk, caplog):
    job = probe(clerk, mode="crash")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == jobs.UNEXPECTED
    assert "boom" in caplog.text  # the traceback is logged for the administrator


def test_a_job_taken_for_interrupted_that_ends_after_all_records_its_outcome(clerk):
    job = probe(clerk, mode="marked_meanwhile")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.message == "完成"


def test_the_heartbeat_keeps_a_silent_job_from_being_taken_for_cut_off(clerk, settings):
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 60)

    def running():
        return make_job(
            kind="test_probe",
            title="长任务",
            user=clerk,
            status=JobStatus.RUNNING,
            updated_at=long_ago,
        )

    held, lost = running(), running()
    jobs._hold(held.pk)  # this process runs it (job_execute holds its jobs)
    try:
        assert jobs.jobs_heartbeat() == 1
        assert jobs.jobs_mark_interrupted() == 1
    finally:
        jobs._release(held.pk)
    held.refresh_from_db()
    lost.refresh_from_db()
    assert held.status == JobStatus.RUNNING
    assert lost.status == JobStatus.FAILED and lost.message == jobs.INTERRUPTED
    assert lost.finished_at == long_ago  # it ended when it last showed life


def test_an_import_whose_record_was_deleted_fails_clearly(clerk, practitioner, settings):
    from core.job_kinds import import_params
    from licensing.health.imports import AttendanceImporter

    session = training()
    params = import_params(AttendanceImporter, {"session": session}, done_url="/")
    session.delete()
    upload = xlsx(["身份证号码", "姓名"], [[practitioner.id_number, practitioner.name]])
    job = job_start(kind="import", user=clerk, title="导入培训签到表", params=params, upload=upload)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "已被删除" in job.message


def test_progress_is_throttled_but_steps_are_written(clerk, settings):
    settings.JOB_PROGRESS_INTERVAL = 3600
    job = make_job(kind="test_probe", title="t", user=clerk, status=JobStatus.RUNNING)
    progress = Progress(job)
    progress.begin("校验", total=100)
    progress.advance(1)  # within the interval: not written yet
    assert Job.objects.get(pk=job.pk).done == 0
    progress.advance(100)  # the end of a step is always written
    assert Job.objects.get(pk=job.pk).done == 100
    progress.begin("写入")
    assert Job.objects.get(pk=job.pk).step == "写入"


# ---------------------------------------------------------------- batches of PDFs


def test_batch_of_permit_pdfs_follows_the_lists_filter(client_as, clerk):
    first = issued_permit(clerk=clerk)
    issued_permit(clerk=clerk)
    client = client_as(clerk)
    list_url = reverse("licensing:permit_list")
    page = client.get(list_url).content.decode()
    assert "批量导出 PDF（2 份）" in page

    response = client.post(
        reverse("core:pdf_batch", args=["permits"]),
        {"query": f"q={first.number}", "next": list_url},
    )
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.DONE, job.message
    assert job.title == f"批量导出卫生许可证 PDF（1 份）：搜索：{first.number}"
    assert job.result_name.endswith("_1份.zip")
    download = client.get(reverse("core:job_file", args=[job.pk]))
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.namelist() == [f"卫生许可证_{first.number}.pdf"]
    assert archive.read(archive.namelist()[0]).startswith(b"%PDF")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "已生成 1 份卫生许可证 PDF" in page
    assert list_url in page  # back to the list it came from


def test_batch_of_opinion_pdfs(client_as, inspector, establishment):
    inspection = record(establishment=establishment, user=inspector)
    opinion = inspections_services.opinion_issue(
        inspection=inspection,
        items=[("无消毒间", "设置消毒间")],
        deadline=timezone.localdate() + timedelta(days=15),
        user=inspector,
    )
    client = client_as(inspector)
    client.post(reverse("core:pdf_batch", args=["opinions"]), {"query": "", "next": "/"})
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.message
    with job.result_file.open("rb") as f:
        names = zipfile.ZipFile(f).namelist()
    assert names == [f"卫生监督意见书_{opinion.number}.pdf"]


def test_a_batch_of_opinions_costs_the_same_queries_for_three_as_for_one(
    inspector, establishment, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Progress is written at each step's start and end only: a PDF slower than the
    # interval (a busy machine) must not add a write and make the count vary.
    settings.JOB_PROGRESS_INTERVAL = 3600

    def opinion():
        return inspections_services.opinion_issue(
            inspection=record(establishment=establishment, user=inspector),
            items=[("无消毒间", "设置消毒间")],
            deadline=timezone.localdate() + timedelta(days=15),
            user=inspector,
        )

    def queries_of_a_batch():
        job = make_job(inspector, kind="pdf_batch", status=JobStatus.RUNNING)
        job.params = {"batch": "opinions", "query": ""}
        with CaptureQueriesContext(connection) as queries:
            outcome = jobs.KINDS["pdf_batch"].run(job, Progress(job))
        return len(queries), outcome.details["count"]

    opinion()
    queries_of_a_batch()  # the first run fills the caches of the process (content types)
    one, count = queries_of_a_batch()
    assert count == 1
    opinion(), opinion()
    three, count = queries_of_a_batch()
    assert count == 3
    assert three == one


def test_batch_refused_when_too_large_or_empty(client_as, clerk, settings):
    issued_permit(clerk=clerk)
    issued_permit(clerk=clerk)
    settings.PDF_BATCH_MAX = 1
    client = client_as(clerk)
    url = reverse("core:pdf_batch", args=["permits"])
    response = client.post(url, {"query": "", "next": "/licensing/permits/"}, follow=True)
    assert "一次最多导出 1 份" in response.content.decode()
    response = client.post(url, {"query": "q=没有这个单位", "next": "/"}, follow=True)
    assert "没有符合条件的卫生许可证" in response.content.decode()
    assert not Job.objects.exists()


def test_batch_needs_the_right_to_see_the_documents(client_as, outsider, clerk):
    issued_permit(clerk=clerk)
    from django.contrib.auth.models import Permission

    outsider.user_permissions.add(Permission.objects.get(codename="view_job"))
    response = client_as(outsider).post(reverse("core:pdf_batch", args=["permits"]), {})
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_batch_does_not_follow_next_off_site(client_as, clerk):
    response = client_as(clerk).post(
        reverse("core:pdf_batch", args=["permits"]), {"query": "", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"  # nothing to export, and not off to another site


# ---------------------------------------------------------------- summaries


def test_summary_over_many_units_is_made_as_a_job(client_as, manager, settings, establishment):
    settings.SUMMARY_BACKGROUND_UNITS = 0
    client = client_as(manager)
    response = client.post(
        reverse("reports:summary_report_add"),
        {"title": "", "start": "2024-01-01", "end": "2024-12-31", "domain": "", "township": ""},
    )
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.DONE, job.message
    report = SummaryReport.objects.get()
    assert job.result_url == report.get_absolute_url()
    assert report.figures["units"] == 1
    assert "已保存工作总结" in client.get(job.get_absolute_url()).content.decode()


# ---------------------------------------------------------------- where jobs run


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_embedded_threads_run_the_import_after_the_page_answered(client, clerk, settings):
    from tests.factories import TownshipFactory

    TownshipFactory(code="360922001", name="康乐街道")
    settings.TASKS = {
        "default": {"BACKEND": "core.task_backends.ThreadBackend", "OPTIONS": {"MAX_WORKERS": 1}}
    }
    settings.IMPORT_BACKGROUND_ROWS = 2
    client.force_login(clerk)
    finished = threading.Event()

    def done(sender, task_result, **kwargs):
        finished.set()

    # Wait for the thread without reading the job meanwhile: the test database (SQLite in
    # memory, shared cache) refuses a write at once while another connection reads.
    task_finished.connect(done, dispatch_uid="test-embedded")
    try:
        response = post_import(client, reverse(IMPORT_URL), unit_file(5))
        assert finished.wait(60), "the embedded thread did not finish the job"
    finally:
        task_finished.disconnect(dispatch_uid="test-embedded")
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.DONE, job.message
    assert Establishment.objects.filter(name__startswith="导入单位").count() == 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_embedded_job_runs_after_job_start_has_returned(clerk, settings):
    settings.TASKS = {
        "default": {"BACKEND": "core.task_backends.ThreadBackend", "OPTIONS": {"MAX_WORKERS": 1}}
    }
    REACHED.clear()
    RELEASE.clear()
    finished = threading.Event()
    task_finished.connect(
        lambda **kw: finished.set(), dispatch_uid="test-embedded-wait", weak=False
    )
    try:
        job = probe(clerk, mode="wait")  # returns while the job runs in its thread
        assert REACHED.wait(30)
        job.refresh_from_db()
        assert job.status == JobStatus.RUNNING and job.step == "核对"
        RELEASE.set()
        assert finished.wait(30)
    finally:
        RELEASE.set()
        task_finished.disconnect(dispatch_uid="test-embedded-wait")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_queue_waits_for_the_worker(client, clerk, settings):
    from django_tasks_db.models import DBTaskResult

    from tests.factories import TownshipFactory

    TownshipFactory(code="360922001", name="康乐街道")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_BACKEND = "database"
    settings.IMPORT_BACKGROUND_ROWS = 2
    client.force_login(clerk)
    post_import(client, reverse(IMPORT_URL), unit_file(4))
    job = Job.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert job.status == JobStatus.QUEUED and "db_worker" in page
    assert not Establishment.objects.filter(name__startswith="导入单位").exists()
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0.1)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    assert Establishment.objects.filter(name__startswith="导入单位").count() == 4
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_refreshing_a_summary_over_many_units_is_a_job_too(client_as, manager, settings, township):
    from reports.scope import Period, Scope
    from reports.services import summary_create

    report = summary_create(
        user=manager, scope=Scope(Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)))
    )
    assert report.figures["units"] == 0
    EstablishmentFactory(township=township, opened_on=datetime.date(2023, 1, 1))
    settings.SUMMARY_BACKGROUND_UNITS = 0
    response = client_as(manager).post(
        reverse("reports:summary_report_recompute", args=[report.pk])
    )
    job = Job.objects.get(kind="summary_refresh")
    assert response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.DONE, job.message
    report.refresh_from_db()
    assert report.figures["units"] == 1
    assert job.result_url == report.get_absolute_url()


def test_progress_without_a_known_total_writes_only_the_step(clerk, django_assert_num_queries):
    job = make_job(kind="test_probe", title="t", user=clerk, status=JobStatus.RUNNING)
    progress = Progress(job)
    with django_assert_num_queries(1):
        progress.begin("读取文件")  # the total is not known yet
        for done in range(1, 1000):
            progress.advance(done)
    assert Job.objects.get(pk=job.pk).step == "读取文件"
