"""The radiation-health register (premises/models/radiation.py): devices, workers, their dose
readings and examinations, construction projects. Every create is idempotent: the same
record sent again (a double submit, an API retry) returns the one there is; a different
record under the same key is refused on its field."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from premises.models import (
    DoseLimit,
    DoseReading,
    Establishment,
    Practitioner,
    RadiationDevice,
    RadiationExam,
    RadiationProject,
    RadiationWorker,
)
from premises.models.radiation import DoseQuantity
from premises.services.registry import _save


def _unit(establishment) -> Establishment:
    """The unit, locked: creates under one unit are serialised (idempotency checks)."""
    return Establishment.objects.select_for_update().get(pk=establishment.pk)


def _same(record, fields: dict) -> bool:
    return all(getattr(record, name) == value for name, value in fields.items())


# ---------------------------------------------------------------- devices


@transaction.atomic
def radiation_device_register(
    *,
    user,
    establishment,
    device_type: str,
    practice_category: str,
    model_name: str = "",
    serial_number: str = "",
    manufacturer: str = "",
    installed_on: datetime.date | None = None,
    notes: str = "",
) -> RadiationDevice:
    """A device of the unit. Idempotent by serial number (or, without one, by every field)."""
    unit = _unit(establishment)
    fields = {
        "device_type": device_type,
        "practice_category": practice_category,
        "model_name": model_name.strip(),
        "serial_number": serial_number.strip(),
        "manufacturer": manufacturer.strip(),
        "installed_on": installed_on,
        "notes": notes,
    }
    there = unit.radiation_devices.filter(
        serial_number=fields["serial_number"], retired_on__isnull=True
    )
    if not fields["serial_number"]:
        there = there.filter(**fields)
    found = there.first()
    if found is not None:
        if _same(found, fields):
            return found
        raise ValidationError(
            {"serial_number": f"本单位已登记出厂编号为“{found.serial_number}”的设备（{found}）。"}
        )
    device = RadiationDevice(establishment=unit, recorded_by=user, **fields)
    return _save(device, user=user, reason="登记放射诊疗设备")


@transaction.atomic
def radiation_device_retire(
    *, user, device: RadiationDevice, retired_on: datetime.date, retire_reason: str
) -> RadiationDevice:
    device = RadiationDevice.objects.select_for_update().get(pk=device.pk)
    if device.retired_on is not None:
        if device.retired_on == retired_on:
            return device
        raise ValidationError({"retired_on": f"该设备已于 {device.retired_on:%Y-%m-%d} 停用。"})
    device.retired_on = retired_on
    device.retire_reason = retire_reason
    return _save(device, user=user, reason=f"停用：{retire_reason}")


# ---------------------------------------------------------------- workers

WORKER_FIELDS = (
    "name",
    "practice_category",
    "post",
    "started_on",
    "left_on",
    "certificate_number",
    "certificate_issued_on",
    "certificate_valid_until",
)


@transaction.atomic
def radiation_worker_register(
    *,
    user,
    establishment,
    name: str,
    id_number: str,
    practice_category: str,
    started_on: datetime.date,
    practitioner: Practitioner | None = None,
    post: str = "",
    certificate_number: str = "",
    certificate_issued_on: datetime.date | None = None,
    certificate_valid_until: datetime.date | None = None,
) -> RadiationWorker:
    """A radiation worker of the unit, linked to the unit's practitioner of the same ID
    number when there is one. Idempotent by ID number among the unit's current workers."""
    unit = _unit(establishment)
    worker = RadiationWorker(
        establishment=unit,
        name=name.strip(),
        id_number=id_number,
        practice_category=practice_category,
        post=post,
        started_on=started_on,
        certificate_number=certificate_number.strip(),
        certificate_issued_on=certificate_issued_on,
        certificate_valid_until=certificate_valid_until,
        recorded_by=user,
    )
    try:
        # normalised (upper case, no spaces) and checked, as the model will store it
        worker.id_number = RadiationWorker._meta.get_field("id_number").clean(id_number, worker)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    found = unit.radiation_workers.filter(id_number=worker.id_number, left_on__isnull=True).first()
    if found is not None:
        same = {f: getattr(worker, f) for f in WORKER_FIELDS if f != "left_on"}
        if _same(found, same):
            return found
        raise ValidationError(
            {"id_number": f"该身份证号码的人员已登记为本单位放射工作人员（{found.name}）。"}
        )
    if practitioner is None:
        practitioner = (
            unit.practitioners.filter(id_number=worker.id_number, left_on__isnull=True)
            .order_by("-hired_on")
            .first()
        )
    elif practitioner.id_number != worker.id_number:
        raise ValidationError({"practitioner": "所选从业人员的身份证号码与填写的不一致。"})
    worker.practitioner = practitioner
    return _save(worker, user=user, reason="登记放射工作人员")


@transaction.atomic
def radiation_worker_update(*, user, worker: RadiationWorker, **fields) -> RadiationWorker:
    """Change a worker's particulars or 放射工作人员证 (not the unit, nor the ID number)."""
    unknown = set(fields) - set(WORKER_FIELDS)
    if unknown:
        raise TypeError(f"unknown radiation worker fields: {sorted(unknown)}")
    worker = RadiationWorker.objects.select_for_update().get(pk=worker.pk)
    for name, value in fields.items():
        setattr(worker, name, value.strip() if isinstance(value, str) else value)
    return _save(worker, user=user, reason="修改放射工作人员信息")


# ---------------------------------------------------------------- dose readings


def dose_limits() -> list[DoseLimit]:
    return list(DoseLimit.objects.filter(is_active=True, quantity=DoseQuantity.EFFECTIVE))


def dose_over_limit(worker: RadiationWorker, year: int, limits=None) -> str:
    """Why the worker's effective dose is over a limit in ``year`` ("" when it is not): the
    readings ending in the year (or in the ``years`` years ending with it) added up."""
    limits = dose_limits() if limits is None else limits
    for limit in limits:
        first = year - limit.years + 1
        total = worker.dose_readings.filter(
            period_end__year__gte=first, period_end__year__lte=year
        ).aggregate(total=Sum("dose_msv"))["total"] or Decimal("0")
        allowed = limit.limit_msv * limit.years
        if total > allowed:
            if limit.years == 1:
                return f"{year}年累计 {total} mSv，超过{limit.name} {limit.limit_msv} mSv"
            average = (total / limit.years).quantize(Decimal("0.01"))
            return f"{first}—{year}年平均每年 {average} mSv，超过{limit.name} {limit.limit_msv} mSv"
    return ""


@transaction.atomic
def dose_reading_record(
    *,
    user,
    worker: RadiationWorker,
    period_start: datetime.date,
    period_end: datetime.date,
    dose_msv: Decimal | None = None,
    result: str = "normal",
    service: str = "",
    report_number: str = "",
) -> DoseReading:
    """One monitoring period of a worker, flagged over the limit against the dose limits
    (data). Idempotent by period: the same period with the same dose returns the reading."""
    worker = RadiationWorker.objects.select_for_update().get(pk=worker.pk)
    try:
        dose = None if dose_msv in (None, "") else Decimal(str(dose_msv))
    except ArithmeticError:
        raise ValidationError({"dose_msv": "请填写数字（mSv）。"}) from None
    fields = {"dose_msv": dose, "result": result}
    found = worker.dose_readings.filter(period_start=period_start, period_end=period_end).first()
    if found is not None:
        if _same(found, fields):
            return found
        raise ValidationError({"period_start": "该人员此监测周期已有记录（剂量不同）。"})
    if period_start and period_start < worker.started_on:
        raise ValidationError({"period_start": "监测周期早于该人员从事放射工作的日期。"})
    reading = DoseReading(
        worker=worker,
        period_start=period_start,
        period_end=period_end,
        service=service,
        report_number=report_number,
        recorded_by=user,
        **fields,
    )
    reading.full_clean()
    reading._history_user = user
    reading.save()
    reason = dose_over_limit(worker, period_end.year)
    if reason:
        reading.over_limit, reading.over_limit_reason = True, reason[:200]
        reading.save(update_fields=["over_limit", "over_limit_reason"])
    return reading


# ---------------------------------------------------------------- examinations


@transaction.atomic
def radiation_exam_record(
    *,
    user,
    worker: RadiationWorker,
    kind: str,
    examined_on: datetime.date,
    conclusion: str,
    institution: str = "",
    notes: str = "",
) -> RadiationExam:
    """An occupational health examination. Idempotent by kind and day."""
    worker = RadiationWorker.objects.select_for_update().get(pk=worker.pk)
    found = worker.exams.filter(kind=kind, examined_on=examined_on).first()
    if found is not None:
        if found.conclusion == conclusion:
            return found
        raise ValidationError({"examined_on": "该人员当日已有同类检查记录（结论不同）。"})
    exam = RadiationExam(
        worker=worker,
        kind=kind,
        examined_on=examined_on,
        conclusion=conclusion,
        institution=institution,
        notes=notes,
        recorded_by=user,
    )
    return _save(exam, user=user, reason="登记职业健康检查")


# ---------------------------------------------------------------- construction projects

PROJECT_FIELDS = (
    "name",
    "kind",
    "practice_category",
    "pre_assessed_on",
    "pre_approved_on",
    "pre_approval_number",
    "control_assessed_on",
    "accepted_on",
    "acceptance_number",
    "notes",
)


@transaction.atomic
def radiation_project_register(*, user, establishment, **fields) -> RadiationProject:
    """A construction project of the unit. Idempotent by name and kind: sent again with the
    same particulars it returns the project there is."""
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown radiation project fields: {sorted(unknown)}")
    unit = _unit(establishment)
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    found = unit.radiation_projects.filter(name=fields["name"], kind=fields["kind"]).first()
    if found is not None:
        if _same(found, fields):
            return found
        raise ValidationError({"name": "本单位已登记同名同性质的建设项目，请在该项目中修改。"})
    project = RadiationProject(establishment=unit, recorded_by=user, **fields)
    return _save(project, user=user, reason="登记放射诊疗建设项目")


@transaction.atomic
def radiation_project_update(*, user, project: RadiationProject, **fields) -> RadiationProject:
    """Record a project's assessments as they are done (预评价, 审核, 控制效果评价, 验收)."""
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown radiation project fields: {sorted(unknown)}")
    project = RadiationProject.objects.select_for_update().get(pk=project.pk)
    for name, value in fields.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    return _save(project, user=user, reason="修改放射诊疗建设项目")
