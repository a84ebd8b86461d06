"""Business actions on import batches (core.import_models): start one from an upload, save
a source's column mapping, and undo (void) a batch.

Undoing deletes the batch's records, each with a "-" history entry naming who undid it and
why; the batch itself stays, 已撤销, with who, when and the reason. It is refused, naming
what depends, while any record outside the batch points at one of its records (a
practitioner at an imported unit, an inspection, a certificate of an imported person).
"""

import datetime
import threading
import uuid
from collections import defaultdict
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.signals import pre_delete
from django.utils import timezone
from django.utils.module_loading import import_string
from simple_history.models import HistoricalChanges

from core.import_models import ImportBatch, ImportBatchRecord, ImportBatchStatus, ImportMapping
from core.imports import ImportFailed, XlsxImporter

_voiding = threading.local()
EXAMPLES = 3  # dependents named in a refusal, per kind


def importer_class_of(batch: ImportBatch) -> type[XlsxImporter]:
    importer_class = import_string(batch.importer)
    if not (isinstance(importer_class, type) and issubclass(importer_class, XlsxImporter)):
        raise PermissionDenied("导入类型无效。")
    return importer_class


def importer_for(batch: ImportBatch, user) -> XlsxImporter:
    """The importer of ``batch``, built again with its records (a training session)."""
    importer_class = importer_class_of(batch)
    try:
        kwargs = {
            key: apps.get_model(label).objects.get(pk=pk) for key, (label, pk) in batch.refs.items()
        }
    except ObjectDoesNotExist:
        raise ValidationError("导入所依据的记录（如培训场次）已被删除。") from None
    importer = importer_class(user=user, **kwargs)
    importer.batch = batch
    return importer


def batch_start(
    *, importer: XlsxImporter, upload, user, source="", back_url="", done_url=""
) -> ImportBatch:
    """A draft batch holding the upload until the clerk has seen its preview. A mapping
    saved for the source (or, without a source, for files of the same headers) is used."""
    refs = {}
    for key, value in getattr(importer, "refs", {}).items():
        refs[key] = [value._meta.label, value.pk]
    path = f"{type(importer).__module__}.{type(importer).__qualname__}"
    batch = ImportBatch(
        token=uuid.uuid4(),
        importer=path,
        refs=refs,
        title=importer.title,
        file_name=(upload.name or "")[-255:],
        source=source.strip()[:100],
        back_url=back_url,
        done_url=done_url,
        created_by=user,
    )
    saved = ImportMapping.objects.filter(importer=path, source=batch.source).first()
    if saved is not None:
        batch.mapping = {"columns": saved.columns, "values": saved.values}
    batch.input_file.save("upload.xlsx", upload, save=False)
    batch.save()
    return batch


def batch_recognise(*, batch: ImportBatch, user) -> ImportMapping | None:
    """A draft uploaded without a source: the saved mapping whose every mapped header the
    file has is taken, with its source (the institution's next list maps itself)."""
    if batch.status != ImportBatchStatus.DRAFT or batch.source or batch.mapping:
        return None
    importer = importer_for(batch, user)
    for saved in ImportMapping.objects.filter(importer=batch.importer).order_by("-updated_at"):
        headers = [h for h in saved.columns.values() if h]
        if not headers:
            continue
        mapping = {"columns": saved.columns, "values": saved.values}
        try:
            with batch.input_file.open("rb") as upload:
                importer.read(upload, mapping=mapping, limit=1)
        except ImportFailed:
            return None
        placed = [k for k, h in saved.columns.items() if h]
        if all(importer.layout.how.get(k) == "按保存的对应" for k in placed):
            batch.mapping, batch.source = mapping, saved.source
            batch.save(update_fields=["mapping", "source"])
            return saved
    return None


@transaction.atomic
def batch_map(*, batch: ImportBatch, user, columns: dict, values: dict, source="") -> ImportBatch:
    """The clerk's mapping of the file's columns; kept for the source's next files."""
    if batch.status != ImportBatchStatus.DRAFT:
        raise ValidationError("该批次已导入或已放弃，不能再修改列对应。")
    # Kept whole: every column as the file has it (found by name or chosen), so a later
    # file is recognised by its headers (batch_recognise).
    importer = importer_for(batch, user)
    try:
        with batch.input_file.open("rb") as upload:
            importer.read(upload, mapping={"columns": columns, "values": values}, limit=1)
    except ImportFailed:
        pass
    else:
        layout = importer.layout
        columns = {
            key: layout.header_of(key) if position is not None else columns.get(key, "")
            for key, position in layout.positions.items()
            if position is not None or key in columns
        }
    batch.mapping = {"columns": columns, "values": values}
    batch.source = source.strip()[:100] or batch.source
    batch.save(update_fields=["mapping", "source"])
    if batch.source:
        ImportMapping.objects.update_or_create(
            importer=batch.importer,
            source=batch.source,
            defaults={
                "columns": columns,
                "values": values,
                "updated_by": user,
                "updated_at": timezone.now(),
            },
        )
    return batch


@transaction.atomic
def batch_discard(*, batch: ImportBatch, user) -> ImportBatch:
    """Give up a draft: its uploaded file (it may hold ID numbers) is deleted."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatchStatus.DRAFT:
        raise ValidationError("只有待确认的批次可以放弃。")
    batch.status = ImportBatchStatus.DISCARDED
    batch.save(update_fields=["status"])
    if batch.input_file:
        batch.input_file.delete(save=True)
    return batch


def _groups(batch) -> list[tuple[Any, list[int]]]:
    """(model, ids) of the batch's records, the kinds written last first (an opening
    before its unit)."""
    by_type: dict[int, list[int]] = defaultdict(list)
    last: dict[int, int] = {}
    for pk, type_id, object_id in (
        ImportBatchRecord.objects.filter(batch=batch)
        .order_by("pk")
        .values_list("pk", "content_type_id", "object_id")
    ):
        by_type[type_id].append(object_id)
        last[type_id] = pk
    order = sorted(by_type, key=lambda t: -last[t])
    return [(ContentType.objects.get_for_id(t).model_class(), by_type[t]) for t in order]


def _chunks(values, size=500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def batch_dependents(batch: ImportBatch) -> list[str]:
    """What outside the batch points at its records, in words (empty: nothing)."""
    groups = _groups(batch)
    inside = {model: set(ids) for model, ids in groups}
    found = []
    for model, ids in groups:
        for rel in model._meta.related_objects:
            related = rel.related_model
            if issubclass(related, HistoricalChanges) or related is ImportBatchRecord:
                continue
            own = inside.get(related, set())
            count, examples = 0, list[Any]()
            for chunk in _chunks(ids):
                query = related._default_manager.filter(**{f"{rel.field.name}__in": chunk})
                query = query.exclude(pk__in=own) if own else query
                count += query.count()
                if len(examples) < EXAMPLES:
                    examples.extend(query.order_by("pk")[: EXAMPLES - len(examples)])
            if count:
                named = "、".join(_named(e, rel) for e in examples)
                found.append(
                    f"{related._meta.verbose_name} {count} 条（如{named}{'等' if count > len(examples) else ''}）"
                )
    return found


def _named(record, rel) -> str:
    target = getattr(record, rel.field.name, None) if not rel.many_to_many else None
    if target is not None:
        return f"“{record}”，属于{rel.model._meta.verbose_name}“{target}”"
    return f"“{record}”"


def _attribute_deletion(sender, instance, **kwargs):
    """While a batch is undone, every deleted record's history entry says who and why.
    Connected only for the undo: a pre_delete receiver makes Django delete row by row
    (select, then 100 at a time) everywhere it listens."""
    context = getattr(_voiding, "context", None)
    if context is not None:
        instance._history_user, instance._change_reason = context


@transaction.atomic
def batch_void(*, batch: ImportBatch, user, reason: str) -> ImportBatch:
    """Undo an imported batch: refused while anything depends on its records."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    reason = (reason or "").strip()
    if batch.status != ImportBatchStatus.DONE:
        raise ValidationError(f"该批次为“{batch.get_status_display()}”，不能撤销。")
    if not reason:
        raise ValidationError({"reason": "请填写撤销原因。"})
    dependents = batch_dependents(batch)
    if dependents:
        raise ValidationError(
            "本批次导入的记录已被其他记录使用，不能撤销："
            + "；".join(dependents)
            + "。请先处理（作废或删除）这些记录后再撤销。"
        )
    _voiding.context = (user, f"撤销导入批次 #{batch.pk}：{reason}"[:100])
    pre_delete.connect(_attribute_deletion, weak=False, dispatch_uid="batch_void")
    try:
        for model, ids in _groups(batch):
            for chunk in _chunks(ids):
                model._default_manager.filter(pk__in=chunk).delete()
    finally:
        pre_delete.disconnect(dispatch_uid="batch_void")
        _voiding.context = None
    batch.status = ImportBatchStatus.VOIDED
    batch.voided_by = user
    batch.voided_at = timezone.now()
    batch.void_reason = reason
    batch.save(update_fields=["status", "voided_by", "voided_at", "void_reason"])
    return batch


def batches_prune(*, days: int) -> int:
    """Uploads left in a draft for more than a day are given up, and the rows left out of
    batches older than ``days`` are deleted: both may hold ID numbers. The batches stay
    (who imported what, and undid it). Returns the files deleted."""
    now = timezone.now()
    deleted = 0
    stale = ImportBatch.objects.filter(
        status=ImportBatchStatus.DRAFT, created_at__lt=now - datetime.timedelta(days=1)
    )
    for batch in stale:
        if batch.input_file:
            batch.input_file.delete(save=False)
            deleted += 1
        batch.status = ImportBatchStatus.DISCARDED
        batch.save(update_fields=["status", "input_file"])
    old = ImportBatch.objects.filter(created_at__lt=now - datetime.timedelta(days=days)).exclude(
        rejects_file=""
    )
    for batch in old:
        batch.rejects_file.delete(save=False)
        batch.save(update_fields=["rejects_file"])
        deleted += 1
    return deleted
