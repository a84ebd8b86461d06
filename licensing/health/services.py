"""Health certificates and training: recording, defaults from the rules table, attendance.

Pages, the API and the .xlsx imports all call these.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.history import bulk_create_with_history
from licensing.health.choices import CertificateSource, HealthResult
from licensing.health.models import (
    HealthCertificate,
    HealthRule,
    TrainingAttendance,
    TrainingSession,
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; when that month is shorter, its last day
    (2024-02-29 + 12 months = 2025-02-28, 2024-01-31 + 1 month = 2024-02-29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def certificate_default_expiry(exam_date: datetime.date, rule: HealthRule | None = None):
    """有效期至 by the rules table: the exam date plus the validity term, both days valid."""
    rule = rule or HealthRule.current()
    return add_months(exam_date, rule.validity_months)


def build_certificate(
    *,
    user,
    practitioner,
    exam_date,
    institution,
    result,
    number="",
    expires_on=None,
    source=CertificateSource.MANUAL,
    rule=None,
    today=None,
) -> HealthCertificate:
    """An unsaved, checked certificate (no query beyond the rule when none is given).
    Raises ValidationError keyed by field."""
    today = today or timezone.localdate()
    errors = {}
    institution = (institution or "").strip()
    if not institution:
        errors["institution"] = "请填写体检机构。"
    if result not in HealthResult.values:
        errors["result"] = "体检结论只能是“合格”或“不合格”。"
    if exam_date and exam_date > today:
        errors["exam_date"] = "体检日期不能晚于今天。"
    if exam_date and expires_on and expires_on < exam_date:
        errors["expires_on"] = "有效期至不能早于体检日期。"
    if errors:
        raise ValidationError(errors)
    if expires_on is None:
        expires_on = certificate_default_expiry(exam_date, rule)
    return HealthCertificate(
        practitioner=practitioner,
        exam_date=exam_date,
        institution=institution,
        number=(number or "").strip(),
        result=result,
        expires_on=expires_on,
        source=source,
        recorded_by=user,
    )


@transaction.atomic
def certificate_record(
    *,
    user,
    practitioner,
    exam_date,
    institution,
    result,
    number="",
    expires_on=None,
    source=CertificateSource.MANUAL,
) -> HealthCertificate:
    """登记健康证明 for one practitioner; expiry defaults from the rules table."""
    certificate = build_certificate(
        user=user,
        practitioner=practitioner,
        exam_date=exam_date,
        institution=institution,
        result=result,
        number=number,
        expires_on=expires_on,
        source=source,
    )
    if HealthCertificate.objects.filter(practitioner=practitioner, exam_date=exam_date).exists():
        raise ValidationError({"exam_date": "该人员同一体检日期的健康证明已登记。"})
    certificate.full_clean()
    certificate._history_user = user
    certificate.save()
    return certificate


@transaction.atomic
def training_create(*, user, date, place, topic, organiser, notes="") -> TrainingSession:
    session = TrainingSession(
        date=date, place=place, topic=topic, organiser=organiser, notes=notes, recorded_by=user
    )
    if date and date > timezone.localdate() + datetime.timedelta(days=366):
        raise ValidationError({"date": "培训日期不能晚于一年以后。"})
    session.full_clean()
    session._history_user = user
    session.save()
    return session


def attendance_problem(session: TrainingSession, practitioner) -> str:
    """Why a practitioner cannot be recorded as attending (empty when they can)."""
    if practitioner.hired_on > session.date or (
        practitioner.left_on is not None and practitioner.left_on <= session.date
    ):
        return f"{practitioner.name}在培训日期（{session.date:%Y-%m-%d}）不在职。"
    return ""


@transaction.atomic
def training_add_attendance(
    *, session: TrainingSession, user, practitioners, source=CertificateSource.MANUAL
) -> int:
    """Record attendance; all or nothing. Practitioners already recorded are skipped.
    Returns the number of new attendance records."""
    problems = [m for p in practitioners if (m := attendance_problem(session, p))]
    if problems:
        raise ValidationError({"practitioners": problems})
    already = set(
        session.attendances.filter(practitioner__in=practitioners).values_list(
            "practitioner_id", flat=True
        )
    )
    new, seen = [], set()
    for p in practitioners:
        if p.pk in already or p.pk in seen:
            continue
        seen.add(p.pk)
        new.append(
            TrainingAttendance(session=session, practitioner=p, source=source, recorded_by=user)
        )
    bulk_create_with_history(
        new, TrainingAttendance, user=user, reason=CertificateSource(source).label
    )
    return len(new)


@transaction.atomic
def certificates_record_bulk(*, user, certificates) -> list[HealthCertificate]:
    """登记 many certificates at once (an .xlsx import): each built and checked by
    build_certificate, the file checked for clashes; one history entry each."""
    return bulk_create_with_history(
        list(certificates),
        HealthCertificate,
        user=user,
        reason=CertificateSource.IMPORT.label,
        batch_size=1000,
    )
