"""The change history of a record, as people read it: who, when, which field, old → new."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections, models, router, transaction
from django.utils import timezone
from simple_history import utils as history_utils

from core.people import display_name

ACTIONS = {"+": "新建", "~": "修改", "-": "删除"}


@dataclass
class HistoryEntry:
    when: object
    user: object
    action: str
    reason: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def history_entries(instance, *, hidden_fields=("created_at",), display=None) -> list[HistoryEntry]:
    """Entries newest first. Queries: one for the records plus one per foreign-key field.

    ``display`` maps a field name to a function turning a stored value into what the
    page shows (for example a masked ID number).
    """
    display = display or {}
    records = list(
        instance.history.select_related("history_user").order_by("history_date", "history_id")
    )
    model = instance._meta.model
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in hidden_fields and f.name != "id" and f.name in _tracked(records)
    ]
    fk_names = _fk_display_maps(records, fields)
    entries = []
    previous = None
    for record in records:
        changes = []
        for f in fields:
            new = getattr(record, f.attname)
            old: Any = getattr(previous, f.attname) if previous is not None else None
            if previous is not None and old == new:
                continue
            if previous is None and new in (None, ""):
                continue
            changes.append(
                (
                    str(f.verbose_name),
                    _show(f, old, fk_names, display) if previous is not None else "",
                    _show(f, new, fk_names, display),
                )
            )
        if record.history_type == "~" and not changes and not record.history_change_reason:
            previous = record
            continue  # a save that changed no tracked field (e.g. only many-to-many links)
        entries.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries


def _tracked(records):
    if not records:
        return set()
    return {f.name for f in records[0]._meta.concrete_fields}


def _fk_display_maps(records, fields):
    maps = {}
    for f in fields:
        if isinstance(f, models.ForeignKey):
            ids = {getattr(r, f.attname) for r in records} - {None}
            related = f.related_model._base_manager.filter(pk__in=ids) if ids else []
            # People by name (李明), not by account (officer_li).
            name = display_name if f.related_model is get_user_model() else str
            maps[f.name] = {obj.pk: name(obj) for obj in related}
    return maps


def _show(f, value, fk_names, display):
    if value in (None, "") or (isinstance(value, list | tuple | dict) and not value):
        return "—"
    if f.name in display:
        return display[f.name](value)
    if isinstance(value, list | tuple):  # a JSON list: its items, never "['a', 'b']"
        return "、".join(str(item) for item in value)
    if isinstance(value, dict):
        return "；".join(f"{key}：{item}" for key, item in value.items())
    if f.name in fk_names:
        return fk_names[f.name].get(value, f"#{value}（已删除）")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


# ----------------------------------------------------------------- bulk writing


def bulk_create_with_history(objs, model, *, user, reason, batch_size=1000):
    """Insert ``objs`` and one "+" history row each; returns the objects with their keys.

    The rows are those of simple_history's ``bulk_create_with_history`` (user, change
    reason, every tracked field), but the history rows are copied by the database from the
    rows just inserted (INSERT ... SELECT, a few hundred keys a statement) instead of being
    built as model instances in Python, which took most of a large import's time. All the
    history rows of one call share one ``history_date``. Backends that cannot return keys
    from a bulk insert, and history models with fields of their own, take the simple_history
    path, as does a call without a user (simple_history then asks the current request).
    """
    history = history_utils.get_history_model_for_model(model)
    alias = router.db_for_write(model)
    connection = connections[alias]
    if (
        user is None
        or not connection.features.can_return_rows_from_bulk_insert
        or not _copyable(model, history)
    ):
        return history_utils.bulk_create_with_history(
            objs,
            model,
            batch_size=batch_size,
            default_user=user,
            default_change_reason=reason,
        )
    with transaction.atomic(using=alias, savepoint=False):
        created = model._default_manager.using(alias).bulk_create(objs, batch_size=batch_size)
        if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            _copy_to_history(model, history, [obj.pk for obj in created], connection, user, reason)
    return created


_HISTORY_VALUES = ("history_date", "history_change_reason", "history_type", "history_user")


def _copyable(model, history) -> bool:
    tracked = {f.name for f in history.tracked_fields}
    for target in history._meta.concrete_fields:
        if target.primary_key or target.name in _HISTORY_VALUES:
            continue
        if target.name not in tracked:
            return False
        source = model._meta.get_field(target.name)
        if not source.concrete or source.column != target.column:
            return False
    return True


def _copy_to_history(model, history, pks, connection, user, reason):
    quote = connection.ops.quote_name
    values = {
        "history_date": timezone.now(),
        "history_change_reason": reason,
        "history_type": "+",
        "history_user": user.pk,
    }
    columns, selects, params = [], [], []
    for target in history._meta.concrete_fields:
        if target.primary_key:
            continue
        columns.append(quote(target.column))
        if target.name in values:
            selects.append("%s")
            params.append(target.get_db_prep_save(values[target.name], connection))
        else:
            selects.append(quote(target.column))
    pk_column = quote(model._meta.pk.column)
    size = min(500, (connection.features.max_query_params or 500) - len(params))
    with connection.cursor() as cursor:
        for start in range(0, len(pks), size):
            chunk = pks[start : start + size]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}) "
                f"SELECT {', '.join(selects)} FROM {quote(model._meta.db_table)} "
                f"WHERE {pk_column} IN ({', '.join(['%s'] * len(chunk))}) ORDER BY {pk_column}",
                [*params, *chunk],
            )
