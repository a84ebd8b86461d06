"""Optimistic locking: a save based on a record as it was before someone else changed it
is refused, never a silent overwrite.

A record's *version* names its state as stored: a digest of its concrete field values and
its many-to-many links, read from the database (never from a form, so input that a form
or the model normalises, and forms showing only some of the fields, cannot cause a false
alarm), followed by the id of its latest history record where the model keeps history
(only used to say who changed it and when). Edit pages carry the version in a hidden
field (core.views.ServiceFormView), the API as an ETag checked against ``If-Match``
(core.api.VersionedRecordMixin). On save the row is locked (SELECT ... FOR UPDATE) and
its version computed again inside the transaction that saves: if it differs from the
one the user's form or request was based on, nothing is saved.
"""

import datetime
import hashlib
import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from core.people import display_name


class StaleRecord(ValidationError):
    """A service's refusal of a change based on a record someone has changed since (the
    page answers 409 Conflict)."""


# The name of the hidden form field (and of the template context variable holding it).
VERSION_FIELD = "_record_version"


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()  # to the microsecond (DjangoJSONEncoder cuts to the ms)
        if isinstance(o, memoryview | bytes | bytearray):
            return bytes(o).hex()
        try:
            return super().default(o)
        except TypeError:
            return repr(o)


def _history_manager(obj):
    """The record's django-simple-history manager; None for a model without history."""
    name = getattr(obj._meta, "simple_history_manager_attribute", None)
    return getattr(obj, name) if name else None


def record_version(obj, *, lock=False) -> str | None:
    """The version of ``obj``'s row as stored now; None when the row no longer exists.

    ``lock``: take the row lock first (inside a transaction), so that the version stays
    true until the transaction ends.
    """
    model = obj._meta.concrete_model
    rows = model._base_manager.filter(pk=obj.pk)
    if lock:
        rows = rows.select_for_update(of=("self",))
    values = rows.values_list(*[f.attname for f in model._meta.concrete_fields]).first()
    if values is None:
        return None
    links = {}
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        links[field.name] = sorted(
            through._base_manager.filter(**{field.m2m_field_name(): obj.pk}).values_list(
                field.m2m_reverse_field_name(), flat=True
            )
        )
    state = json.dumps(
        [model._meta.label, list(values), links], cls=_Encoder, sort_keys=True, ensure_ascii=False
    )
    version = hashlib.sha256(state.encode()).hexdigest()[:32]
    history = _history_manager(obj)
    if history is not None:
        latest = history.order_by("-history_id").values_list("history_id", flat=True).first()
        version += f"-{latest or 0}"
    return version


def with_records(version: str | None, records) -> str | None:
    """``version`` that also names ``records`` (ids of rows added beside the record, such
    as a case's payments): adding one makes a page based on the version stale."""
    if version is None:
        return None
    state, dash, history = version.partition("-")
    ids = ",".join(str(pk) for pk in sorted(records))
    combined = hashlib.sha256(f"{state}|{ids}".encode()).hexdigest()[:32]
    return f"{combined}{dash}{history}"


def digest(version: str | None) -> str:
    """The part of a version that names the state (the history id only tells who)."""
    return (version or "").partition("-")[0]


def is_current(submitted: str | None, current: str | None) -> bool:
    return bool(submitted) and digest(submitted) == digest(current)


def latest_change(obj, submitted: str | None):
    """The newest history record of ``obj`` made after the ``submitted`` version was read,
    or None (model without history, or a change that left none)."""
    history = _history_manager(obj)
    _, _, seen = (submitted or "").partition("-")
    if history is None or not (seen.isascii() and seen.isdigit() and len(seen) < 19):
        return None  # the version came from the user: anything else is not an id
    return (
        history.filter(history_id__gt=int(seen))
        .select_related("history_user")
        .order_by("-history_id")
        .first()
    )


def change_note(obj, submitted: str | None, user=None) -> tuple[str, str]:
    """Who changed the record since ``submitted`` was read, for the refusal:
    ("他人", "（张三，2024-03-01 10:20）"); the note is empty where history cannot tell."""
    record = latest_change(obj, submitted)
    if record is None:
        return "他人", ""
    when = f"{timezone.localtime(record.history_date):%Y-%m-%d %H:%M}"
    person = record.history_user
    if person is None:
        return "他人", f"（系统，{when}）"
    if user is not None and person.pk == user.pk:
        return "您本人", f"（在其他窗口或标签页中，{when}）"
    return "他人", f"（{display_name(person)}，{when}）"


def stale_message(obj, submitted: str | None, user=None) -> str:
    """The refusal an edit page shows."""
    if not submitted:
        return (
            "提交的内容缺少记录版本（页面可能是在系统更新前打开的），"
            "为避免覆盖他人的修改，您的修改未保存。请刷新页面查看最新内容后重新填写。"
        )
    by, note = change_note(obj, submitted, user)
    return (
        f"此记录在您打开编辑页后已被{by}修改{note}，您的修改未保存。"
        "请刷新页面查看最新内容后重新填写。"
    )
