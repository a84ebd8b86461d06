"""Applications at the permit window: receive (受理), review (审核), decide (准予 or 不予许可).
The permit itself is issued by licensing.services.permits."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.calendar import add_working_days
from core.numbering import number_take
from licensing.choices import ApplicationKind, ApplicationPath, ApplicationStatus, PermitStatus
from licensing.models import Application, Permit
from licensing.services.base import application_change, application_lock, needs_permit
from licensing.services.permits import permit_cancel, permit_issue
from premises.choices import EstablishmentStatus

RECEIPT_SERIES = "permit-receipt"


def _previous_permit_errors(
    *, establishment, permit_type, kind, received_on, previous_permit, change_description
) -> dict:
    """A renewal, change or cancellation names the valid permit it continues, changes or
    cancels; a renewal comes in time, a change says what changes."""
    errors = {}
    if previous_permit is None:
        errors["previous_permit"] = "延续、变更或注销须选择原许可证。"
    elif (
        previous_permit.establishment_id != establishment.pk
        or previous_permit.permit_type_id != permit_type.pk
    ):
        errors["previous_permit"] = "原许可证与申请单位或许可类型不符。"
    elif previous_permit.status != PermitStatus.VALID:
        errors["previous_permit"] = f"原许可证{previous_permit.get_status_display()}，不能办理。"
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
    return errors


def _receipt_check(
    *,
    establishment,
    permit_type,
    kind,
    path,
    received_on,
    business_scope,
    previous_permit,
    change_description,
) -> None:
    """Every reason the application cannot be received, at once."""
    errors = {}
    if establishment.status == EstablishmentStatus.CLOSED:
        errors["establishment"] = "该单位已关闭，不能受理许可申请。"
    elif not needs_permit(permit_type, establishment):
        errors["permit_type"] = f"“{establishment.category.name}”无需办理{permit_type.name}。"
    if received_on > timezone.localdate():
        errors["received_on"] = "受理日期不能晚于今天。"
    if kind == ApplicationKind.NEW:
        valid_now = Permit.objects.valid_on(received_on).filter(
            establishment=establishment, permit_type=permit_type
        )
        if valid_now.exists():
            errors["kind"] = f"该单位已持有有效的{permit_type.name}，请办理延续或变更。"
        if not (business_scope or "").strip():
            errors["business_scope"] = "请填写申请许可项目。"
    else:
        errors.update(
            _previous_permit_errors(
                establishment=establishment,
                permit_type=permit_type,
                kind=kind,
                received_on=received_on,
                previous_permit=previous_permit,
                change_description=change_description,
            )
        )
    if path == ApplicationPath.COMMITMENT and kind not in (
        ApplicationKind.NEW,
        ApplicationKind.RENEWAL,
    ):
        errors["path"] = "告知承诺制只适用于新办和延续。"
    if errors:
        raise ValidationError(errors)


def _application_open(application: Application, *, user) -> Application:
    """Number and save a received application; on the commitment path, approve and issue at
    once and set the post-issue check."""
    received_on = application.received_on
    receipt = number_take(series=RECEIPT_SERIES, year=received_on.year)
    application.receipt_number = receipt.text
    application.full_clean()
    application._history_user = user
    application.save()
    if application.path == ApplicationPath.COMMITMENT:
        application_decide(application=application, user=user, approve=True, decided_on=received_on)
        permit_issue(application=application, user=user, issued_on=received_on)
        application.refresh_from_db()
        application.post_check_due = received_on + datetime.timedelta(
            days=application.permit_type.post_check_days
        )
        application.save(update_fields=["post_check_due"])
    return application


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
    _receipt_check(
        establishment=establishment,
        permit_type=permit_type,
        kind=kind,
        path=path,
        received_on=received_on,
        business_scope=business_scope,
        previous_permit=previous_permit,
        change_description=change_description,
    )
    application = Application(
        permit_type=permit_type,
        establishment=establishment,
        kind=kind,
        path=path,
        received_on=received_on,
        due_on=add_working_days(received_on, permit_type.decision_working_days),
        business_scope=business_scope
        or (previous_permit.business_scope if previous_permit else ""),
        previous_permit=previous_permit,
        change_description=change_description,
        received_by=user,
    )
    return _application_open(application, user=user)


@transaction.atomic
def application_review(*, application, user, note="", inspection=None) -> Application:
    """审核: record the review, with the on-site inspection when there was one."""
    application = application_lock(application)
    if application.status != ApplicationStatus.RECEIVED:
        raise ValidationError(
            {"status": f"申请当前为“{application.get_status_display()}”，不能审核。"}
        )
    if inspection is not None and inspection.establishment_id != application.establishment_id:
        raise ValidationError({"inspection": "现场审查的单位与申请单位不一致。"})
    return application_change(
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
    application = application_lock(application)
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
        return application_change(
            application,
            user,
            "不予许可",
            status=ApplicationStatus.REFUSED,
            decided_on=decided_on,
            refusal_reason=reason.strip(),
        )
    application = application_change(
        application, user, "准予许可", status=ApplicationStatus.APPROVED, decided_on=decided_on
    )
    if application.kind == ApplicationKind.CANCELLATION:
        permit_cancel(
            permit=application.previous_permit,
            user=user,
            date=decided_on,
            reason=application.change_description or "申请注销",
        )
        application = application_change(
            application, user, "注销办结", status=ApplicationStatus.CLOSED
        )
    return application
