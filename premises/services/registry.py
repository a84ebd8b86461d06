"""Business actions on the registry. Views, the API, imports and commands all call these."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from premises.choices import ALLOWED_CHANGES, STATUS_AFTER, EstablishmentStatus, StatusChangeKind
from premises.models import Establishment, EstablishmentStatusChange, Practitioner

ESTABLISHMENT_FIELDS = (
    "subject_kind",
    "name",
    "id_number",
    "sex",
    "village_code",
    "credit_code",
    "legal_representative",
    "address",
    "township",
    "phone",
    "category",
    "notes",
)
PRACTITIONER_FIELDS = (
    "establishment",
    "name",
    "sex",
    "post",
    "id_number",
    "phone",
    "hired_on",
    "left_on",
)


def _save(instance, *, user, reason=""):
    """Validate and save one record, attributing its history entry to ``user``."""
    instance.full_clean()
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        # A concurrent writer got past full_clean() first; the database constraint holds.
        raise _integrity_to_validation(instance, exc) from exc
    return instance


def _integrity_to_validation(instance, exc):
    message = str(exc)
    if "credit_code" in message:
        return ValidationError({"credit_code": "已有使用该统一社会信用代码的在营单位。"})
    if "establishment_person_id_number" in message or (
        isinstance(instance, Establishment) and "id_number" in message
    ):
        return ValidationError({"id_number": Establishment.ID_NUMBER_TAKEN})
    if "practitioner_unique_current" in message or "id_number" in message:
        return ValidationError({"id_number": "该人员已在本单位在职登记。"})
    return ValidationError(f"保存失败：数据与已有记录冲突（{instance._meta.verbose_name}）。")


@transaction.atomic
def establishment_create(*, user, opened_on: datetime.date, **fields) -> Establishment:
    """Register a unit and record its opening as its first status change."""
    unknown = set(fields) - set(ESTABLISHMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown establishment fields: {sorted(unknown)}")
    establishment = Establishment(
        opened_on=opened_on, status=EstablishmentStatus.OPERATING, **fields
    )
    _save(establishment, user=user, reason="建档")
    change = EstablishmentStatusChange(
        establishment=establishment,
        kind=StatusChangeKind.OPENED,
        date=opened_on,
        reason="建档",
        recorded_by=user,
    )
    _save(change, user=user)
    return establishment


@transaction.atomic
def establishment_update(
    *, establishment: Establishment, user, reason="", **fields
) -> Establishment:
    """Change a unit's particulars; status changes go through establishment_change_status.
    ``reason`` goes into the history (a permit change names its application)."""
    unknown = set(fields) - set(ESTABLISHMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown establishment fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(establishment, name, value)
    return _save(establishment, user=user, reason=reason)


@transaction.atomic
def establishment_change_status(
    *,
    establishment: Establishment,
    kind: str,
    date: datetime.date,
    user,
    reason: str = "",
) -> EstablishmentStatusChange:
    """Suspend, resume, close or re-open a unit on a given date, keeping the dated record."""
    establishment = Establishment.objects.select_for_update().get(pk=establishment.pk)
    kind = StatusChangeKind(kind)
    last = establishment.status_changes.order_by("-date", "-id").first()
    current = EstablishmentStatus(establishment.status) if last else None
    if kind not in ALLOWED_CHANGES[current]:
        raise ValidationError(
            {"kind": f"单位当前为“{establishment.get_status_display()}”，不能办理“{kind.label}”。"}
        )
    if date > timezone.localdate():
        raise ValidationError({"date": "变更日期不能晚于今天。"})
    if last and date < last.date:
        raise ValidationError(
            {
                "date": f"变更日期不能早于上一次状态变更（{last.date:%Y-%m-%d} {last.get_kind_display()}）。"
            }
        )
    establishment.status = STATUS_AFTER[kind]
    if kind == StatusChangeKind.CLOSED:
        establishment.closed_on = date
    elif kind == StatusChangeKind.OPENED:
        establishment.closed_on = None
    _save(establishment, user=user, reason=f"{kind.label}：{reason}" if reason else kind.label)
    change = EstablishmentStatusChange(
        establishment=establishment, kind=kind, date=date, reason=reason, recorded_by=user
    )
    return _save(change, user=user)


@transaction.atomic
def practitioner_create(*, user, **fields) -> Practitioner:
    unknown = set(fields) - set(PRACTITIONER_FIELDS)
    if unknown:
        raise TypeError(f"unknown practitioner fields: {sorted(unknown)}")
    practitioner = Practitioner(**fields)
    if (
        practitioner.establishment_id
        and practitioner.establishment.status == EstablishmentStatus.CLOSED
    ):
        raise ValidationError({"establishment": "该单位已关闭，不能登记从业人员。"})
    return _save(practitioner, user=user, reason="登记")


@transaction.atomic
def practitioner_update(*, practitioner: Practitioner, user, **fields) -> Practitioner:
    unknown = set(fields) - set(PRACTITIONER_FIELDS)
    if unknown:
        raise TypeError(f"unknown practitioner fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(practitioner, name, value)
    return _save(practitioner, user=user)
