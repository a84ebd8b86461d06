"""Permits: issued on an approved application (发证), registered from before Weijian
(补录), cancelled (注销). Pages, the API, imports and commands all call these."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core.dates import add_years
from core.numbering import number_take
from licensing.choices import (
    ApplicationKind,
    ApplicationPath,
    ApplicationStatus,
    LicensingDocumentKind,
    PermitOrigin,
    PermitStatus,
)
from licensing.models import Permit, PermitType
from licensing.services.base import application_change, application_lock, needs_permit
from licensing.services.documents import licensing_document_issue
from premises.choices import EstablishmentStatus
from premises.services import establishment_update

ONE_DAY = datetime.timedelta(days=1)


def _validity(application, previous, issued_on) -> tuple:
    """(valid_from, expires_on) of the permit issued on ``application``: a renewal continues
    from the old expiry; a new permit for a unit whose permit is still in force (a late
    renewal) starts when the old one ends; a change keeps the old term."""
    permit_type = application.permit_type
    if application.kind == ApplicationKind.CHANGE:
        # A type without a term: no end, also for the change of a permit registered with
        # one before the type lost its term (migration 0016 left such ends as written).
        return issued_on, previous.expires_on if permit_type.has_term else None
    valid_from = issued_on
    # A previous permit without an end (长期有效) is replaced on the day of issue.
    if previous is not None and previous.expires_on is not None:
        if previous.expires_on >= issued_on - ONE_DAY:
            valid_from = previous.expires_on + ONE_DAY
        if application.kind == ApplicationKind.RENEWAL:
            valid_from = previous.expires_on + ONE_DAY
    return valid_from, permit_type.term_end(valid_from)


def _apply_change(application, user):
    """A change's new particulars go to the unit's registry record (its own service), in
    the issuing transaction, so the unit and the new permit say the same."""
    fields = {
        "name": application.new_name,
        "legal_representative": application.new_legal_representative,
        "address": application.new_address,
    }
    fields = {name: value for name, value in fields.items() if value}
    if fields:
        establishment_update(
            establishment=application.establishment,
            user=user,
            reason=f"许可变更 {application.receipt_number}",
            **fields,
        )


@transaction.atomic
def permit_issue(*, application, user, issued_on=None) -> Permit:
    """发证: the permit of an approved application, numbered in its type's series. Renewal
    and change make a new version and retire the old one; a new permit for a unit that
    still holds one (late renewal, or after expiry) follows it as its next version."""
    application = application_lock(application)
    if application.status == ApplicationStatus.ISSUED:
        issued = Permit.objects.filter(application=application).first()
        number = f"（{issued.number}）" if issued else ""
        raise ValidationError({"status": f"该申请已发证{number}，不能再次发证。"})
    if (
        application.status != ApplicationStatus.APPROVED
        or application.kind == ApplicationKind.CANCELLATION
    ):
        raise ValidationError({"status": "只有准予许可的新办、延续、变更申请才能发证。"})
    issued_on = issued_on or timezone.localdate()
    if issued_on < (application.decided_on or application.received_on):
        raise ValidationError({"issued_on": "发证日期不能早于许可决定日期。"})
    if issued_on > timezone.localdate():
        # A permit dated ahead would also take a number of next year's series now.
        raise ValidationError({"issued_on": "发证日期不能晚于今天。"})
    permit_type = application.permit_type
    previous = application.previous_permit
    if previous is None:
        previous = (
            Permit.objects.current()
            .filter(establishment=application.establishment_id, permit_type=permit_type)
            .first()
        )
    if previous is not None:
        previous = Permit.objects.select_for_update().get(pk=previous.pk)
        if previous.status != PermitStatus.VALID:
            raise ValidationError(
                {"status": f"原许可证{previous.state_label}，不能据此发证；请撤回申请后重新办理。"}
            )
    valid_from, expires_on = _validity(application, previous, issued_on)
    if expires_on is not None and expires_on <= valid_from:
        raise ValidationError({"issued_on": "原许可证已到期，变更不能发证；请按新办申请。"})
    if application.kind == ApplicationKind.CHANGE:
        _apply_change(application, user)
    number = number_take(
        series=permit_type.number_series.code,
        year=issued_on.year,
        held=_number_held(permit_type),
    )
    if previous is not None:
        _replace(previous, on=valid_from, user=user, reason=f"{application.get_kind_display()}换发")
    unit = type(application.establishment).objects.get(pk=application.establishment_id)
    permit = Permit(
        permit_type=permit_type,
        establishment=unit,
        number=number.text,
        year=number.year,
        sequence=number.sequence,
        origin=PermitOrigin.ISSUED,
        holder_name=unit.name,
        legal_representative=unit.legal_representative,
        address=unit.address,
        business_scope=application.business_scope,
        issued_on=issued_on,
        valid_from=valid_from,
        expires_on=expires_on,
        previous=previous,
        application=application,
        recorded_by=user,
    )
    permit.full_clean(validate_constraints=False)
    permit._history_user = user
    try:
        with transaction.atomic():
            permit.save()
    except IntegrityError:
        raise ValidationError(
            {"status": "该单位已持有同类许可证（刚由他人发出），不能再发一张。"}
        ) from None
    changes = {"status": ApplicationStatus.ISSUED}
    if application.path == ApplicationPath.COMMITMENT:
        changes["post_check_due"] = issued_on + datetime.timedelta(days=permit_type.post_check_days)
    application_change(application, user, f"发证 {permit.number}", **changes)
    return permit


def _replace(previous, *, on, user, reason) -> None:
    """``previous`` is replaced by a version in force from ``on``; so is every earlier
    version still in force then (a change issued while a renewal has not yet begun ends
    the permit in force as well as the renewal)."""
    version = previous
    while version is not None:
        replaced_later = version.replaced_on is None or version.replaced_on > on
        if version.status == PermitStatus.VALID or (
            version.status == PermitStatus.SUPERSEDED and replaced_later
        ):
            version.status = PermitStatus.SUPERSEDED
            version.replaced_on = on
            version._history_user = user
            version._change_reason = reason
            version.save(update_fields=["status", "replaced_on"])
        if version.previous_id is None:
            break
        version = Permit.objects.select_for_update().get(pk=version.previous_id)


def _number_held(permit_type):
    """Whether a number of ``permit_type``'s series is already held by a permit of a type
    numbered in that series (a registered pre-Weijian permit with its original number)."""
    series_types = PermitType.objects.filter(number_series=permit_type.number_series_id)

    def held(number) -> bool:
        return Permit.objects.filter(
            Q(number=number.text) | Q(year=number.year, sequence=number.sequence),
            permit_type__in=series_types,
        ).exists()

    return held


def permit_registration_errors(
    *, establishment, permit_type, issued_on, expires_on, number, today=None
) -> tuple[dict, tuple[int, int] | None]:
    """The rules a registered (补录) permit must meet on its own, without the database:
    field → message, and the (year, sequence) of a number written in the office's own
    series. Pages, the API and the import all apply them through permit_register; the
    import also calls this per row to report every bad row at once."""
    today = today or timezone.localdate()
    errors = {}
    if establishment is not None:
        if establishment.status == EstablishmentStatus.CLOSED:
            errors["establishment"] = "该单位已关闭，不能补录许可证。"
        elif permit_type is not None and not needs_permit(permit_type, establishment):
            errors["permit_type"] = f"“{establishment.category.name}”无需办理{permit_type.name}。"
    if issued_on is not None and issued_on > today:
        errors["issued_on"] = "发证日期不能晚于今天。"
    if permit_type is not None and not permit_type.has_term:
        if expires_on is not None:
            errors["expires_on"] = (
                f"{permit_type.name}长期有效，按校验管理（与《医疗机构执业许可证》同时校验），"
                "没有有效期至，请留空。"
            )
    elif permit_type is not None and expires_on is None:
        errors["expires_on"] = "请填写有效期至。"
    elif issued_on is not None and expires_on is not None:
        if expires_on <= issued_on:
            errors["expires_on"] = "有效期至应晚于发证日期。"
        elif permit_type is not None:
            latest = add_years(issued_on, permit_type.term_years)
            if expires_on > latest:
                errors["expires_on"] = (
                    f"{permit_type.name}有效期为 {permit_type.term_years} 年："
                    f"{issued_on:%Y-%m-%d}发证的，有效期至最晚为 {latest:%Y-%m-%d}。"
                )
    position = None
    number = (number or "").strip()
    if number and permit_type is not None:
        position = permit_type.number_series.parse(number)
        if position is not None and issued_on is not None and position[0] != issued_on.year:
            errors["number"] = (
                f"证号中的年度（{position[0]}）与发证日期（{issued_on:%Y-%m-%d}）不一致，"
                "请核对原许可证。"
            )
    return errors, position


def _registered_number(number, *, establishment, issued_on) -> str:
    """The original number as written; without it, a note saying it is not at hand (never
    an invented number)."""
    number = (number or "").strip()
    if not number and establishment is not None and issued_on is not None:
        number = f"原证号未登记（{establishment.credit_code}，{issued_on:%Y-%m-%d}发证）"
    return number


def _number_taken(permit_type, number, position) -> str | None:
    """The refusal when the number (or its place in the series) is already registered."""
    series_types = PermitType.objects.filter(number_series=permit_type.number_series_id)
    same = Permit.objects.filter(permit_type__in=series_types).filter(
        Q(number=number) | (Q(year=position[0], sequence=position[1]) if position else Q(pk__in=[]))
    )
    holder = same.select_related("establishment").first()
    if holder is None:
        return None
    return f"许可证号“{number}”已登记（{holder.number}，{holder.establishment}）。"


def _second_valid_permit(*, establishment, permit_type) -> str | None:
    """The refusal when the unit already holds a valid permit of the type."""
    current = (
        Permit.objects.valid_on(timezone.localdate())
        .filter(establishment=establishment, permit_type=permit_type)
        .first()
    )
    if current is None:
        return None
    until = f"有效期至 {current.expires_on:%Y-%m-%d}" if current.expires_on else "长期有效"
    return (
        f"该单位已持有有效的{permit_type.name}（{current.number}，{until}），"
        "不能再补录一张仍在有效期内的同类许可证。"
    )


def _registration_check(
    *, establishment, permit_type, issued_on, expires_on, number
) -> tuple[int, int] | None:
    """Every reason the permit cannot be registered, at once; else the (year, sequence) of
    a number written in the office's own series."""
    errors, position = permit_registration_errors(
        establishment=establishment,
        permit_type=permit_type,
        issued_on=issued_on,
        expires_on=expires_on,
        number=number,
    )
    if not number:
        errors.setdefault("number", "请填写原许可证号。")
    elif "number" not in errors and permit_type is not None:
        taken = _number_taken(permit_type, number, position)
        if taken:
            errors["number"] = taken
    if (
        "expires_on" not in errors
        and establishment is not None
        and permit_type is not None
        and (expires_on is None or expires_on >= timezone.localdate())
    ):
        second = _second_valid_permit(establishment=establishment, permit_type=permit_type)
        if second:
            errors["permit_type"] = second
    if errors:
        raise ValidationError(errors)
    return position


@transaction.atomic
def permit_register(
    *, user, establishment, permit_type, issued_on, expires_on, business_scope, number=""
) -> Permit:
    """补录: a permit issued before the office used Weijian, with its original number.

    It must be a permit that could exist: for an open unit whose kind needs it, issued by
    today, valid no longer than the type's term, and not a second valid permit of the
    type for the unit. A number written in the office's own series keeps its place in it
    (year and sequence): the series passes over it when it gets there (_number_held), so a
    registered number never collides with, or blocks, the permits the window issues."""
    if establishment is not None:
        # Two clerks registering for one unit at once: the second waits and sees the first.
        establishment = type(establishment).objects.select_for_update().get(pk=establishment.pk)
    number = _registered_number(number, establishment=establishment, issued_on=issued_on)
    position = _registration_check(
        establishment=establishment,
        permit_type=permit_type,
        issued_on=issued_on,
        expires_on=expires_on,
        number=number,
    )
    # The unit's current permit of the type: a registered permit issued after it becomes
    # its next version; one issued before it is kept as an earlier, replaced one.
    current = (
        Permit.objects.current()
        .select_for_update()
        .filter(establishment=establishment, permit_type=permit_type)
        .first()
    )
    older = current is not None and current.issued_on > issued_on
    if current is not None and not older:
        _replace(current, on=issued_on, user=user, reason="补录新版本")
    permit = Permit(
        permit_type=permit_type,
        establishment=establishment,
        number=number,
        year=position[0] if position else None,
        sequence=position[1] if position else None,
        origin=PermitOrigin.REGISTERED,
        business_scope=business_scope,
        issued_on=issued_on,
        valid_from=issued_on,
        expires_on=expires_on,
        status=PermitStatus.SUPERSEDED if older else PermitStatus.VALID,
        replaced_on=current.valid_from if older else None,
        previous=current if current is not None and not older else None,
        recorded_by=user,
    )
    permit.full_clean()
    permit._history_user = user
    permit._change_reason = "补录"
    permit.save()
    return permit


@transaction.atomic
def permit_cancel(*, permit, user, date, reason, application=None) -> Permit:
    """注销 (行政许可法 art. 70): the permit stays on record with its date and reason, and
    the 注销决定书 is numbered (on the cancellation ``application`` when there is one)."""
    permit = Permit.objects.select_for_update().get(pk=permit.pk)
    if permit.status != PermitStatus.VALID:
        raise ValidationError({"permit": f"许可证{permit.state_label}，不能注销。"})
    errors = {}
    if not (reason or "").strip():
        errors["cancel_reason"] = "请填写注销原因。"
    if date < permit.issued_on:
        errors["cancelled_on"] = "注销日期不能早于发证日期。"
    elif date > timezone.localdate():
        errors["cancelled_on"] = "注销日期不能晚于今天。"
    if errors:
        raise ValidationError(errors)
    permit.status = PermitStatus.CANCELLED
    permit.cancelled_on = date
    permit.cancel_reason = reason.strip()
    permit._history_user = user
    permit._change_reason = "注销"
    permit.save()
    licensing_document_issue(
        kind=LicensingDocumentKind.CANCELLATION,
        user=user,
        issued_on=date,
        application=application,
        permit=permit,
    )
    return permit
