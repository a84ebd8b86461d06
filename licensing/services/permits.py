"""The permit window's legal actions: receive, review, decide, issue, register, cancel.

Pages, the API, imports and commands all call these.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.calendar import add_working_days
from core.dates import add_years
from core.numbering import number_take
from licensing.choices import (
    ApplicationKind,
    ApplicationPath,
    ApplicationStatus,
    PermitOrigin,
    PermitStatus,
)
from licensing.models import Application, Consultation, Permit, PermitType
from premises.choices import EstablishmentStatus

RECEIPT_SERIES = "permit-receipt"


def _needs(permit_type, establishment) -> bool:
    kinds = list(permit_type.categories.all())
    if kinds:
        return establishment.category in kinds
    return establishment.category.needs_permit


@transaction.atomic
def application_receive(
    *,
    user,
    establishment,
    permit_type,
    kind,
    path=ApplicationPath.STANDARD,
    received_on=None,
    business_scope="",
    previous_permit=None,
    change_description="",
) -> Application:
    """受理: register an application with a receipt number and its decision deadline. On the
    commitment path (告知承诺制) the permit is issued at once and a post-issue check is due."""
    received_on = received_on or timezone.localdate()
    errors = {}
    if establishment.status == EstablishmentStatus.CLOSED:
        errors["establishment"] = "该单位已关闭，不能受理许可申请。"
    elif not _needs(permit_type, establishment):
        errors["permit_type"] = f"“{establishment.category.name}”无需办理{permit_type.name}。"
    if received_on > timezone.localdate():
        errors["received_on"] = "受理日期不能晚于今天。"
    valid_now = Permit.objects.valid_on(received_on).filter(
        establishment=establishment, permit_type=permit_type
    )
    if kind == ApplicationKind.NEW:
        if valid_now.exists():
            errors["kind"] = f"该单位已持有有效的{permit_type.name}，请办理延续或变更。"
        if not (business_scope or "").strip():
            errors["business_scope"] = "请填写申请许可项目。"
    else:
        if previous_permit is None:
            errors["previous_permit"] = "延续、变更或注销须选择原许可证。"
        elif (
            previous_permit.establishment_id != establishment.pk
            or previous_permit.permit_type_id != permit_type.pk
        ):
            errors["previous_permit"] = "原许可证与申请单位或许可类型不符。"
        elif previous_permit.status != PermitStatus.VALID:
            errors["previous_permit"] = (
                f"原许可证{previous_permit.get_status_display()}，不能办理。"
            )
        elif kind == ApplicationKind.RENEWAL:
            latest = previous_permit.expires_on - datetime.timedelta(
                days=permit_type.renewal_notice_days
            )
            if received_on > latest:
                errors["kind"] = (
                    f"延续须在有效期届满 {permit_type.renewal_notice_days} 日前（{latest:%Y-%m-%d} 前）提出；"
                    "已逾期的请按新办申请。"
                )
        if kind == ApplicationKind.CHANGE and not (change_description or "").strip():
            errors["change_description"] = "请写明变更事项。"
    if path == ApplicationPath.COMMITMENT and kind not in (
        ApplicationKind.NEW,
        ApplicationKind.RENEWAL,
    ):
        errors["path"] = "告知承诺制只适用于新办和延续。"
    if errors:
        raise ValidationError(errors)
    receipt = number_take(series=RECEIPT_SERIES, year=received_on.year)
    application = Application(
        permit_type=permit_type,
        establishment=establishment,
        kind=kind,
        path=path,
        receipt_number=receipt.text,
        received_on=received_on,
        due_on=add_working_days(received_on, permit_type.decision_working_days),
        business_scope=business_scope
        or (previous_permit.business_scope if previous_permit else ""),
        previous_permit=previous_permit,
        change_description=change_description,
        received_by=user,
    )
    application.full_clean()
    application._history_user = user
    application.save()
    if path == ApplicationPath.COMMITMENT:
        application_decide(application=application, user=user, approve=True, decided_on=received_on)
        permit_issue(application=application, user=user, issued_on=received_on)
        application.refresh_from_db()
        application.post_check_due = received_on + datetime.timedelta(
            days=permit_type.post_check_days
        )
        application.save(update_fields=["post_check_due"])
    return application


def _load(application):
    return Application.objects.select_for_update().get(pk=application.pk)


def _set(application, user, reason, **fields):
    for name, value in fields.items():
        setattr(application, name, value)
    application._history_user = user
    application._change_reason = reason
    application.save()
    return application


@transaction.atomic
def application_review(*, application, user, note="", inspection=None) -> Application:
    """审核: record the review, with the on-site inspection when there was one."""
    application = _load(application)
    if application.status != ApplicationStatus.RECEIVED:
        raise ValidationError(
            {"status": f"申请当前为“{application.get_status_display()}”，不能审核。"}
        )
    if inspection is not None and inspection.establishment_id != application.establishment_id:
        raise ValidationError({"inspection": "现场审查的单位与申请单位不一致。"})
    return _set(
        application,
        user,
        "审核",
        status=ApplicationStatus.REVIEWED,
        review_note=note,
        review_inspection=inspection,
    )


@transaction.atomic
def application_decide(
    *, application, user, approve: bool, reason="", decided_on=None
) -> Application:
    """准予 or 不予许可; a refusal states its reason. A cancellation, once approved, cancels."""
    application = _load(application)
    if application.status not in (ApplicationStatus.RECEIVED, ApplicationStatus.REVIEWED):
        raise ValidationError(
            {"status": f"申请当前为“{application.get_status_display()}”，不能作出决定。"}
        )
    decided_on = decided_on or timezone.localdate()
    if decided_on < application.received_on:
        raise ValidationError({"decided_on": "决定日期不能早于受理日期。"})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "决定日期不能晚于今天。"})
    if not approve:
        if not (reason or "").strip():
            raise ValidationError({"refusal_reason": "不予许可须写明理由。"})
        return _set(
            application,
            user,
            "不予许可",
            status=ApplicationStatus.REFUSED,
            decided_on=decided_on,
            refusal_reason=reason.strip(),
        )
    application = _set(
        application, user, "准予许可", status=ApplicationStatus.APPROVED, decided_on=decided_on
    )
    if application.kind == ApplicationKind.CANCELLATION:
        permit_cancel(
            permit=application.previous_permit,
            user=user,
            date=decided_on,
            reason=application.change_description or "申请注销",
        )
        application = _set(application, user, "注销办结", status=ApplicationStatus.CLOSED)
    return application


@transaction.atomic
def permit_issue(*, application, user, issued_on=None) -> Permit:
    """发证: the permit of an approved application, numbered in its type's series. Renewal
    and change make a new version and retire the old one."""
    application = _load(application)
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
    if issued_on < application.received_on:
        raise ValidationError({"issued_on": "发证日期不能早于受理日期。"})
    if issued_on > timezone.localdate():
        # A permit dated ahead would also take a number of next year's series now.
        raise ValidationError({"issued_on": "发证日期不能晚于今天。"})
    permit_type = application.permit_type
    previous = application.previous_permit
    if previous is not None:
        previous = Permit.objects.select_for_update().get(pk=previous.pk)
    expires_on = add_years(issued_on, permit_type.term_years)
    if application.kind == ApplicationKind.CHANGE:
        expires_on = previous.expires_on  # a change does not extend the term
    number = number_take(
        series=permit_type.number_series.code,
        year=issued_on.year,
        held=_number_held(permit_type),
    )
    if previous is not None:
        previous.status = PermitStatus.SUPERSEDED
        previous._history_user = user
        previous._change_reason = f"{application.get_kind_display()}换发"
        previous.save(update_fields=["status"])
    permit = Permit(
        permit_type=permit_type,
        establishment=application.establishment,
        number=number.text,
        year=number.year,
        sequence=number.sequence,
        origin=PermitOrigin.ISSUED,
        business_scope=application.business_scope,
        issued_on=issued_on,
        expires_on=expires_on,
        previous=previous,
        application=application,
        recorded_by=user,
    )
    permit.full_clean()
    permit._history_user = user
    permit.save()
    _set(application, user, f"发证 {permit.number}", status=ApplicationStatus.ISSUED)
    return permit


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
        elif permit_type is not None and not _needs(permit_type, establishment):
            errors["permit_type"] = f"“{establishment.category.name}”无需办理{permit_type.name}。"
    if issued_on is not None and issued_on > today:
        errors["issued_on"] = "发证日期不能晚于今天。"
    if issued_on is not None and expires_on is not None:
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
    number = (number or "").strip()
    if not number and establishment is not None and issued_on is not None:
        # The original number is not at hand: say so on the record instead of inventing one.
        number = f"原证号未登记（{establishment.credit_code}，{issued_on:%Y-%m-%d}发证）"
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
        series_types = PermitType.objects.filter(number_series=permit_type.number_series_id)
        same = Permit.objects.filter(permit_type__in=series_types).filter(
            Q(number=number)
            | (Q(year=position[0], sequence=position[1]) if position else Q(pk__in=[]))
        )
        holder = same.select_related("establishment").first()
        if holder is not None:
            errors["number"] = (
                f"许可证号“{number}”已登记（{holder.number}，{holder.establishment}）。"
            )
    if (
        "expires_on" not in errors
        and establishment is not None
        and permit_type is not None
        and expires_on is not None
        and expires_on >= timezone.localdate()
    ):
        current = (
            Permit.objects.valid_on(timezone.localdate())
            .filter(establishment=establishment, permit_type=permit_type)
            .first()
        )
        if current is not None:
            errors["permit_type"] = (
                f"该单位已持有有效的{permit_type.name}（{current.number}，"
                f"有效期至 {current.expires_on:%Y-%m-%d}），不能再补录一张仍在有效期内的同类许可证。"
            )
    if errors:
        raise ValidationError(errors)
    permit = Permit(
        permit_type=permit_type,
        establishment=establishment,
        number=number,
        year=position[0] if position else None,
        sequence=position[1] if position else None,
        origin=PermitOrigin.REGISTERED,
        business_scope=business_scope,
        issued_on=issued_on,
        expires_on=expires_on,
        recorded_by=user,
    )
    permit.full_clean()
    permit._history_user = user
    permit._change_reason = "补录"
    permit.save()
    return permit


@transaction.atomic
def permit_cancel(*, permit, user, date, reason) -> Permit:
    """注销: the permit stays on record with its date and reason."""
    permit = Permit.objects.select_for_update().get(pk=permit.pk)
    if permit.status != PermitStatus.VALID:
        raise ValidationError({"permit": f"许可证{permit.get_status_display()}，不能注销。"})
    if not (reason or "").strip():
        raise ValidationError({"cancel_reason": "请填写注销原因。"})
    if date < permit.issued_on:
        raise ValidationError({"cancelled_on": "注销日期不能早于发证日期。"})
    permit.status = PermitStatus.CANCELLED
    permit.cancelled_on = date
    permit.cancel_reason = reason.strip()
    permit._history_user = user
    permit._change_reason = "注销"
    permit.save()
    return permit


def consultation_log(
    *, user, topic, consulted_on=None, visitor="", establishment=None
) -> Consultation:
    consultation = Consultation(
        consulted_on=consulted_on or timezone.localdate(),
        topic=topic,
        visitor=visitor,
        establishment=establishment,
        answered_by=user,
    )
    consultation.full_clean()
    consultation.save()
    return consultation
