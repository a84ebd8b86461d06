"""The kernel's kinds of background job: a large .xlsx import, and a batch of PDFs of the
records a list shows (each app registers its documents with :func:`document_batch`)."""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import QueryDict
from django.utils import timezone
from django.utils.module_loading import import_string

from core.documents import DocumentRenderError
from core.imports import ImportFailed, XlsxImporter
from core.jobs import JobFailed, Outcome, job_kind

# ---------------------------------------------------------------- imports


def import_params(importer_class, kwargs: dict, *, done_url: str, back_url: str = "") -> dict:
    """What an import job needs to build its importer again in another process: the
    class's path and its keyword arguments (records as their model and key)."""
    refs = {}
    for key, value in kwargs.items():
        meta = value._meta
        refs[key] = [meta.label, value.pk]
    return {
        "importer": f"{importer_class.__module__}.{importer_class.__qualname__}",
        "refs": refs,
        "done_url": done_url,
        # The job's page links back to the upload page (to upload a corrected file).
        "back_url": back_url,
        "back_label": "返回导入页",
    }


@job_kind("import")
def run_import(job, progress) -> Outcome:
    if "batch" in job.params:
        return _run_batch(job, progress)
    importer_class = import_string(job.params["importer"])
    if not (isinstance(importer_class, type) and issubclass(importer_class, XlsxImporter)):
        raise JobFailed("导入类型无效。")
    try:
        kwargs = {
            key: apps.get_model(label).objects.get(pk=pk)
            for key, (label, pk) in job.params.get("refs", {}).items()
        }
    except ObjectDoesNotExist:
        raise JobFailed("导入所依据的记录（如培训场次）已被删除，没有写入任何数据。") from None
    importer = importer_class(user=job.user, **kwargs)
    with job.input_file.open("rb") as upload:
        try:
            count = importer.run(upload, progress=progress)
        except ImportFailed as failed:
            # The first IMPORT_MAX_ERRORS problems and their count: the job row stays small
            # however bad the file (20,000 rows of errors once made 19 MB of JSON).
            raise JobFailed(
                f"文件未导入：发现 {failed.total} 处问题，没有写入任何数据。请修改后重新上传。",
                {"errors": [e.as_dict() for e in failed.errors], "error_count": failed.total},
            ) from None
    return Outcome(
        f"导入成功：共写入 {count} 条{importer.title}记录。",
        url=job.params.get("done_url", ""),
        details={"count": count},
    )


def _run_batch(job, progress) -> Outcome:
    """A batch confirmed on its preview page (core.views_imports), imported as a job."""
    from core.batches import importer_for
    from core.import_models import ImportBatch, ImportBatchStatus

    batch = ImportBatch.objects.get(pk=job.params["batch"])
    try:
        importer = importer_for(batch, job.user)
        with batch.input_file.open("rb") as upload:
            count = importer.run(
                upload,
                progress=progress,
                mapping=batch.mapping,
                mode=job.params.get("mode", "all"),
                confirmed=job.params.get("confirmed", False),
            )
    except ImportFailed as failed:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatchStatus.DRAFT)
        raise JobFailed(
            f"文件未导入：发现 {failed.total} 处问题，没有写入任何数据。请修改后重新上传。",
            {"errors": [e.as_dict() for e in failed.errors], "error_count": failed.total},
        ) from None
    except BaseException:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatchStatus.DRAFT)
        raise
    batch.input_file.delete(save=True)
    left = (
        f"；{len(importer.rejects)} 行有问题未导入，可在导入批次页下载" if importer.rejects else ""
    )
    return Outcome(
        f"导入成功：共写入 {count} 条{importer.title}记录{left}。",
        url=batch.get_absolute_url(),
        details={"count": count},
    )


@job_kind("import_void")
def run_import_void(job, progress) -> Outcome:
    """Undo a large import batch (core.batches.batch_void): tens of thousands of records,
    each deleted with its history entry, take minutes."""
    from django.core.exceptions import ValidationError

    from core.batches import batch_void
    from core.import_models import ImportBatch

    batch = ImportBatch.objects.get(pk=job.params["batch"])
    progress.begin(f"撤销导入批次 #{batch.pk}：删除 {batch.written} 条记录及其关联记录")
    try:
        batch_void(batch=batch, user=job.user, reason=job.params.get("reason", ""))
    except ValidationError as exc:
        raise JobFailed("撤销未完成：" + "；".join(exc.messages)) from None
    return Outcome(
        f"已撤销导入批次 #{batch.pk}，本批次写入的记录已删除。", url=batch.get_absolute_url()
    )


# ---------------------------------------------------------------- batches of PDFs


@dataclass(frozen=True)
class DocumentBatch:
    """The PDFs of the records a list shows, as one .zip."""

    code: str
    title: str  # what one document is, e.g. "卫生许可证"
    permission: str
    queryset: Callable  # () -> the list's queryset
    filterset_class: type
    document: Callable  # (record) -> (file name, PDF bytes), the same as its PDF page's
    # (records) -> (file name, PDF bytes): all of them in one PDF for the printer (one
    # document, one font subset), offered beside the .zip when set.
    combined: Callable | None = None

    def _filterset(self, query: str, user):
        return self.filterset_class(
            QueryDict(query) or None, queryset=self.queryset(), request=SimpleNamespace(user=user)
        )

    def records(self, query: str, user):
        """The records of the list filtered by ``query`` (a list page's query string)."""
        filterset = self._filterset(query, user)
        if filterset.is_bound and not filterset.is_valid():
            return None
        return filterset.qs.order_by("pk")

    def describe(self, query: str, user) -> str:
        """The filter of ``query`` in words ("乡镇（街道）：株潭镇；状态：有效"), for the
        job's title: batches of different filters are told apart."""
        filterset = self._filterset(query, user)
        if not filterset.is_bound or not filterset.is_valid():
            return ""
        parts = []
        for name, value in filterset.form.cleaned_data.items():
            if value in (None, "", [], ()):
                continue
            field = filterset.form.fields[name]
            choices = {str(k): v for k, v in getattr(field, "choices", []) or []}
            values = value if isinstance(value, list | tuple) else [value]
            shown = "、".join(_shown(v, choices) for v in values)
            parts.append(f"{field.label}：{shown}")
        return "；".join(parts)


def _shown(value, choices: dict) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(choices.get(str(value), value))


BATCHES: dict[str, DocumentBatch] = {}


def document_batch(**kwargs) -> DocumentBatch:
    batch = DocumentBatch(**kwargs)
    BATCHES[batch.code] = batch
    return batch


def batch_file_name(batch: DocumentBatch, count: int) -> str:
    return f"{batch.title}_{timezone.localdate():%Y%m%d}_{count}份.zip"


@job_kind("pdf_batch")
def run_pdf_batch(job, progress) -> Outcome:
    batch = BATCHES[job.params["batch"]]
    if not job.user.has_perm(batch.permission):
        raise JobFailed("没有查看这些文书的权限。")
    records = batch.records(job.params.get("query", ""), job.user)
    if records is None:
        raise JobFailed("筛选条件有误，请回到列表重新筛选。")
    ids = list(records.values_list("pk", flat=True)[: settings.PDF_BATCH_MAX + 1])
    if not ids:
        raise JobFailed("没有符合条件的记录。")
    if len(ids) > settings.PDF_BATCH_MAX:
        raise JobFailed(f"一次最多导出 {settings.PDF_BATCH_MAX} 份，请缩小筛选范围后重试。")
    if job.params.get("combined") and batch.combined is not None:
        if len(ids) > settings.PDF_COMBINED_MAX:
            raise JobFailed(
                f"合并为一个 PDF 一次最多 {settings.PDF_COMBINED_MAX} 份，请缩小筛选范围或导出为 .zip。"
            )
        return _combined_pdf(batch, ids, progress)
    progress.begin(f"生成{batch.title} PDF", total=len(ids))
    buffer = io.BytesIO()
    names: set[str] = set()
    failed: list[str] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, record in enumerate(batch.queryset().filter(pk__in=ids).order_by("pk"), 1):
            try:
                name, content = batch.document(record)
            except DocumentRenderError:
                failed.append(str(record))
            else:
                archive.writestr(_unique(name, names), content)
            progress.advance(done)
    if failed:
        raise JobFailed(
            f"{len(failed)} 份文书未能生成，未提供下载，请稍后重试或联系系统管理员。",
            {"failed": failed},
        )
    return Outcome(
        f"已生成 {len(ids)} 份{batch.title} PDF，打包为一个 .zip 文件。",
        file_name=batch_file_name(batch, len(ids)),
        file_content=buffer.getvalue(),
        details={"count": len(ids)},
    )


def _combined_pdf(batch: DocumentBatch, ids: list, progress) -> Outcome:
    """The records in one PDF, in the list's order by id (one render: the queries and the
    font subset do not grow with the count)."""
    combine = batch.combined
    if combine is None:
        raise JobFailed(f"{batch.title}不能合并为一个 PDF，请导出为 .zip。")
    progress.begin(f"生成{batch.title} PDF（合并为一个文件）", total=len(ids))
    try:
        name, content = combine(batch.queryset().filter(pk__in=ids).order_by("pk"))
    except DocumentRenderError:
        raise JobFailed("文书未能生成，请稍后重试或联系系统管理员。") from None
    progress.advance(len(ids))
    return Outcome(
        f"已生成 {len(ids)} 份{batch.title}，合并为一个 PDF 文件，可直接打印。",
        file_name=name,
        file_content=content,
        details={"count": len(ids), "combined": True},
    )


def _unique(name: str, taken: set) -> str:
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}_{n}{dot}{ext}"
    taken.add(candidate)
    return candidate
