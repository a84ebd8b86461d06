"""The pages of an import batch (core.import_models): its preview (how the file is read,
mapped, and what its first rows will be stored as; warnings to confirm), the import
itself (all or nothing, or the clean rows with the rest to download), the rows left out,
and undoing the batch. Whoever may use an import (its ``permission``) may use its batches."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from core.batches import (
    batch_discard,
    batch_map,
    batch_recognise,
    batch_void,
    importer_class_of,
    importer_for,
)
from core.import_checks import column_warnings
from core.import_limits import BACKGROUND_UNPACKED_BYTES, UploadRefused, measure_upload
from core.import_models import ImportBatch, ImportBatchStatus, ImportMode
from core.imports import IMPORTERS, ImportFailed, RowError
from core.jobs import job_start

PREVIEW_ROWS = 10
WARNING_ROWS = 2000


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if hasattr(value, "label"):  # a choice (HealthResult.PASSED): as the clerk reads it
        return str(value.label)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class BatchAccessMixin(LoginRequiredMixin):
    request: HttpRequest

    def get_batch(self, pk, *, lock=False) -> ImportBatch:
        query = ImportBatch.objects.select_related("created_by", "voided_by")
        batch = get_object_or_404(query.select_for_update() if lock else query, pk=pk)
        try:
            permission = importer_class_of(batch).permission
        except ImportError:
            raise Http404 from None
        if not permission or not self.request.user.has_perm(permission):
            raise PermissionDenied
        return batch


class ImportBatchListView(LoginRequiredMixin, View):
    def get(self, request):
        if not any(request.user.has_perm(i.permission) for i in IMPORTERS.values()):
            raise PermissionDenied
        batches = [
            b
            for b in ImportBatch.objects.exclude(status=ImportBatchStatus.DISCARDED)
            .select_related("created_by", "voided_by")
            .order_by("-created_at", "-id")[:200]
            if _may(request.user, b)
        ]
        return render(request, "core/import_batch_list.html", {"batches": batches})


def _may(user, batch) -> bool:
    try:
        permission = importer_class_of(batch).permission
    except (ImportError, PermissionDenied):
        return False
    return bool(permission) and user.has_perm(permission)


class ImportBatchView(BatchAccessMixin, View):
    def get(self, request, pk):
        return self.show(self.get_batch(pk))

    def show(self, batch, *, failed=None, status=200):
        context = {"batch": batch, "title": f"{batch.title}导入批次 #{batch.pk}"}
        if batch.status == ImportBatchStatus.DRAFT:
            context |= self.preview(batch)
        if failed is not None:
            context |= {"errors": failed.errors, "error_count": failed.total}
        return render(self.request, "core/import_batch.html", context, status=status)

    def preview(self, batch) -> dict:
        recognised = batch_recognise(batch=batch, user=self.request.user)
        importer = importer_for(batch, self.request.user)
        try:
            with batch.input_file.open("rb") as upload:
                rows = importer.read(upload, mapping=batch.mapping, limit=WARNING_ROWS)
        except ImportFailed as failed:
            return {"unreadable": failed.errors}
        layout = importer.layout
        sample = rows[:PREVIEW_ROWS]
        cleaned, errors = importer.check_rows(sample) if sample else ([], [])
        by_row: dict[int, list[RowError]] = {}
        for error in errors:
            by_row.setdefault(error.row, []).append(error)
        preview_rows = []
        for row_number, raw in sample:
            values, _ = importer.parse_row(row_number, raw)
            preview_rows.append(
                {
                    "number": row_number,
                    "cells": [_shown(values[c.key]) for c in importer.columns],
                    "errors": by_row.get(row_number, []),
                }
            )
        mapping = [
            {
                "column": c,
                "header": layout.header_of(c.key),
                "value": layout.values.get(c.key, ""),
                "how": layout.how.get(c.key, ""),
            }
            for c in importer.columns
        ]
        return {
            "layout": layout,
            "headers": [h for h in layout.headers if h],
            "mapping": mapping,
            "missing": layout.missing(importer.columns),
            "columns": importer.columns,
            "preview_rows": preview_rows,
            "warnings": column_warnings(importer.columns, rows),
            "modes": ImportMode,
            "recognised": recognised,
        }

    def post(self, request, pk):
        action = request.POST.get("action")
        batch = self.get_batch(pk)
        if action == "map":
            return self.map(batch)
        if action == "discard":
            batch_discard(batch=batch, user=request.user)
            messages.info(request, "已放弃本次导入，上传的文件已删除。")
            return redirect(batch.back_url or "core:import_list")
        if action == "import":
            return self.start(batch)
        raise Http404

    def map(self, batch):
        importer = importer_class_of(batch)
        post = self.request.POST
        # A column left out of the form keeps being found by its name; "" is "not read".
        columns = {
            c.key: post[f"col-{c.key}"].strip() for c in importer.columns if f"col-{c.key}" in post
        }
        values = {
            c.key: post.get(f"val-{c.key}", "").strip()[:200]
            for c in importer.columns
            if post.get(f"val-{c.key}", "").strip()
        }
        try:
            batch_map(
                batch=batch,
                user=self.request.user,
                columns=columns,
                values=values,
                source=post.get("source", ""),
            )
        except ValidationError as exc:
            messages.error(self.request, "；".join(exc.messages))
        else:
            saved = f"，已为来源“{batch.source}”保存，下次自动使用" if batch.source else ""
            messages.success(self.request, f"已按新的列对应重新预览{saved}。")
        return redirect(batch.get_absolute_url())

    def start(self, batch):
        mode = self.request.POST.get("mode")
        if mode not in ImportMode.values:
            raise Http404
        confirmed = self.request.POST.get("confirmed") == "1"
        # One import per batch, also when the page is sent twice (Back, a double click).
        with transaction.atomic():
            taken = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatchStatus.DRAFT).update(
                status=ImportBatchStatus.RUNNING
            )
        if not taken:
            messages.info(self.request, "该批次已在导入或已导入，下面是它的结果。")
            return redirect(batch.get_absolute_url())
        batch.status = ImportBatchStatus.RUNNING
        try:
            with batch.input_file.open("rb") as upload:
                shape = measure_upload(upload)
        except UploadRefused:
            shape = None
        if shape is not None and (
            shape.rows > settings.IMPORT_BACKGROUND_ROWS
            or shape.unpacked_bytes > BACKGROUND_UNPACKED_BYTES
        ):
            job = job_start(
                kind="import",
                user=self.request.user,
                title=f"导入{batch.title}：{batch.file_name}",
                params={
                    "batch": batch.pk,
                    "mode": mode,
                    "confirmed": confirmed,
                    "done_url": batch.get_absolute_url(),
                    "back_url": batch.get_absolute_url(),
                    "back_label": "返回导入批次",
                },
            )
            ImportBatch.objects.filter(pk=batch.pk).update(job=job)
            messages.info(
                self.request,
                "文件较大，已转入后台导入；本页显示进度，完成后可在“后台任务”中查看结果。",
            )
            return redirect(job.get_absolute_url())
        importer = importer_for(batch, self.request.user)
        try:
            with batch.input_file.open("rb") as upload:
                count = importer.run(upload, mapping=batch.mapping, mode=mode, confirmed=confirmed)
        except ImportFailed as failed:
            ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatchStatus.DRAFT)
            batch.status = ImportBatchStatus.DRAFT
            return self.show(batch, failed=failed, status=400)
        except BaseException:
            ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatchStatus.DRAFT)
            raise
        batch.input_file.delete(save=True)  # it may hold ID numbers; the records are kept
        left = (
            f"；{len(importer.rejects)} 行有问题未导入，可下载后修改再导入"
            if importer.rejects
            else ""
        )
        messages.success(self.request, f"导入成功：共写入 {count} 条{batch.title}记录{left}。")
        return redirect(batch.get_absolute_url())


class ImportRejectsView(BatchAccessMixin, View):
    def get(self, request, pk):
        batch = self.get_batch(pk)
        if not batch.rejects_file:
            raise Http404
        return FileResponse(
            batch.rejects_file.open("rb"),
            as_attachment=True,
            filename=f"未导入的{batch.title}_批次{batch.pk}.xlsx",
        )


class ImportVoidView(BatchAccessMixin, View):
    def post(self, request, pk):
        batch = self.get_batch(pk)
        reason = request.POST.get("reason", "").strip()
        if reason and batch.status == ImportBatchStatus.DONE and self.large(batch):
            job = job_start(
                kind="import_void",
                user=request.user,
                title=f"撤销导入批次 #{batch.pk}：{batch.file_name}",
                params={
                    "batch": batch.pk,
                    "reason": reason,
                    "back_url": batch.get_absolute_url(),
                    "back_label": "返回导入批次",
                },
            )
            messages.info(request, "本批次记录较多，已转入后台撤销；本页显示进度。")
            return redirect(job.get_absolute_url())
        try:
            batch_void(batch=batch, user=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            messages.error(request, "撤销未完成：" + "；".join(exc.messages))
        else:
            messages.success(request, f"已撤销导入批次 #{batch.pk}，本批次写入的记录已删除。")
        return redirect(batch.get_absolute_url())

    @staticmethod
    def large(batch) -> bool:
        """Undone as a job: as many records as make an import a job (about 3 s a thousand)."""
        return batch.records.count() > settings.IMPORT_BACKGROUND_ROWS
