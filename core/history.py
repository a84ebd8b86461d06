"""The change history of a record, as people read it: who, when, which field, old → new."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

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
            old = getattr(previous, f.attname) if previous is not None else None
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
            maps[f.name] = {obj.pk: str(obj) for obj in related}
    return maps


def _show(f, value, fk_names, display):
    if value in (None, ""):
        return "—"
    if f.name in display:
        return display[f.name](value)
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
