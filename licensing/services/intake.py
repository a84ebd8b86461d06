"""The window's intake (收件): 受理, 一次性告知补正, 不予受理; acceptance after 补正; and
withdrawal (撤回). Each step issues its numbered document (licensing.services.documents).

Rules held here (行政许可法 arts 32, 50): one open application per unit and type; no new
application while a permit of the type is in force and renewal is still possible in time;
a renewal comes at least the type's notice days before expiry, a later one is received as
a new application whose permit starts when the old one ends (permit_issue)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.calendar import add_working_days
from core.numbering import number_take
from licensing.choices import (
    ApplicationKind,
    ApplicationPath,
    ApplicationStatus,
    IntakeOutcome,
    LicensingDocumentKind,
    PermitStatus,
)
from licensing.models import Application, Permit
from licensing.services.applications import commitment_grant_on_the_spot
from licensing.services.base import application_change, application_lock, needs_permit
from licensing.services.documents import licensing_document_issue
from premises.choices import EstablishmentStatus

RECEIPT_SERIES = "permit-receipt"
CHANGE_FIELDS = ("new_name", "new_legal_representative", "new_address")


def renewal_deadline(permit) -> datetime.date | None:
    """The last day a renewal of ``permit`` can be applied for (art. 50); None for a permit
    without an end (长期有效，按校验管理): there is nothing to renew."""
    if permit.expires_on is None:
        return None
    return permit.expires_on - datetime.timedelta(days=permit.permit_type.renewal_notice_days)


def _open_application_error(establishment, permit_type) -> str | None:
    open_ = (
        Application.objects.open()
        .filter(establishment=establishment, permit_type=permit_type)
        .first()
    )
    if open_ is None:
        return None
    return (
        f"该单位已有一份{permit_type.name}申请正在办理（{open_.receipt_number}，"
        f"{open_.get_status_display()}），请在该申请上继续办理或先撤回。"
    )


def _new_application_error(establishment, permit_type, received_on) -> str | None:
    """A new application is refused while the unit's permit is in force and can still be
    renewed in time; once the renewal window has passed it is a late renewal."""
    current = (
        Permit.objects.current()
        .filter(establishment=establishment, permit_type=permit_type)
        .first()
    )
    if current is None:
        return None
    if current.expires_on is None:
        return (
            f"该单位持有{permit_type.name}（{current.number}，长期有效，按校验管理），"
            "请办理变更或注销，不能新办。"
        )
    if current.expires_on < received_on:
        return None
    if received_on <= renewal_deadline(current):
        return (
            f"该单位持有{permit_type.name}（{current.number}，有效期至 "
            f"{current.expires_on:%Y-%m-%d}），请办理延续或变更，不能新办。"
        )
    return None


def _previous_permit_errors(*, establishment, permit_type, kind, received_on, previous) -> dict:
    if previous is None:
        return {"previous_permit": "延续、变更或注销须选择原许可证。"}
    if previous.establishment_id != establishment.pk or previous.permit_type_id != permit_type.pk:
        return {"previous_permit": "原许可证与申请单位或许可类型不符。"}
    if previous.status != PermitStatus.VALID:
        return {"previous_permit": f"原许可证{previous.state_label}，不能办理。"}
    if previous.expires_on is None:
        if kind == ApplicationKind.RENEWAL:
            return {
                "kind": (
                    f"{permit_type.name}长期有效，按校验管理（与《医疗机构执业许可证》同时校验），"
                    "没有有效期，无需延续；请办理变更或注销。"
                )
            }
        return {}
    if previous.expires_on < received_on:
        return {
            "previous_permit": (f"原许可证已于 {previous.expires_on:%Y-%m-%d} 到期，请按新办申请。")
        }
    if kind == ApplicationKind.RENEWAL and received_on > renewal_deadline(previous):
        return {
            "kind": (
                f"延续须在有效期届满 {permit_type.renewal_notice_days} 日前"
                f"（{renewal_deadline(previous):%Y-%m-%d} 前）提出；已逾期的请按新办申请，"
                f"新证自原证届满次日（{previous.expires_on + datetime.timedelta(days=1):%Y-%m-%d}）起算。"
            )
        }
    return {}


def _receipt_check(*, establishment, permit_type, kind, path, received_on, **fields) -> None:
    """Every reason the application cannot be received, at once."""
    errors = {}
    if establishment.status == EstablishmentStatus.CLOSED:
        errors["establishment"] = "该单位已关闭，不能受理许可申请。"
    elif not establishment.is_registered:
        # A 家庭, 社区, 行政村 or an unregistered person holds no credit code: no permit.
        errors["establishment"] = (
            f"“{establishment.name}”登记为{establishment.get_subject_kind_display()}，"
            f"不是持统一社会信用代码的单位或个体工商户，不能申请{permit_type.name}。"
        )
    elif not needs_permit(permit_type, establishment):
        errors["permit_type"] = f"“{establishment.category.name}”无需办理{permit_type.name}。"
    if received_on > timezone.localdate():
        errors["received_on"] = "受理日期不能晚于今天。"
    if "permit_type" not in errors:
        busy = _open_application_error(establishment, permit_type)
        if busy:
            errors["permit_type"] = busy
    if kind == ApplicationKind.NEW:
        held = _new_application_error(establishment, permit_type, received_on)
        if held:
            errors["kind"] = held
        if not (fields.get("business_scope") or "").strip():
            errors["business_scope"] = "请填写申请许可项目。"
    else:
        errors.update(
            _previous_permit_errors(
                establishment=establishment,
                permit_type=permit_type,
                kind=kind,
                received_on=received_on,
                previous=fields.get("previous_permit"),
            )
        )
    if kind == ApplicationKind.CHANGE:
        changed = any((fields.get(name) or "").strip() for name in CHANGE_FIELDS)
        scope = (fields.get("business_scope") or "").strip()
        previous = fields.get("previous_permit")
        if previous is not None and scope and scope != previous.business_scope:
            changed = True
        if not changed:
            errors["change_description"] = (
                "请填写变更后的单位名称、法定代表人、地址或许可项目（至少一项）。"
            )
    if path == ApplicationPath.COMMITMENT and kind not in (
        ApplicationKind.NEW,
        ApplicationKind.RENEWAL,
    ):
        errors["path"] = "告知承诺制只适用于新办和延续。"
    if errors:
        raise ValidationError(errors)


def _save_new(application: Application, *, user) -> Application:
    receipt = number_take(series=RECEIPT_SERIES, year=application.received_on.year)
    application.receipt_number = receipt.text
    application.full_clean(validate_constraints=False)
    application._history_user = user
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # Two clerks receiving for one unit at the same moment: the constraint held.
        raise ValidationError(
            {
                "permit_type": _open_application_error(
                    application.establishment, application.permit_type
                )
                or "该单位已有一份同类许可申请正在办理。"
            }
        ) from None
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
    new_name="",
    new_legal_representative="",
    new_address="",
    outcome=IntakeOutcome.ACCEPT,
    correction_items="",
    not_accepted_reason="",
    competent_organ="",
) -> Application:
    """收件: 受理 (the 受理通知书; on the commitment path also the 告知承诺书), or 一次性告知
    补正 (the 补正材料通知书 listing every missing item), or 不予受理 (its 决定书)."""
    received_on = received_on or timezone.localdate()
    if establishment is not None:
        # Two clerks at once for one unit: the second waits here and then sees the first.
        establishment = type(establishment).objects.select_for_update().get(pk=establishment.pk)
    if kind == ApplicationKind.NEW:
        previous_permit = None
    fields = {
        "business_scope": business_scope,
        "previous_permit": previous_permit,
        "new_name": new_name,
        "new_legal_representative": new_legal_representative,
        "new_address": new_address,
    }
    if outcome == IntakeOutcome.NOT_ACCEPTED:
        _not_accepted_check(not_accepted_reason, received_on)
    else:
        _receipt_check(
            establishment=establishment,
            permit_type=permit_type,
            kind=kind,
            path=path,
            received_on=received_on,
            **fields,
        )
        if outcome == IntakeOutcome.CORRECTION and not (correction_items or "").strip():
            raise ValidationError({"correction_items": "请一次性列明需补正的全部材料。"})
    status = {
        IntakeOutcome.ACCEPT: ApplicationStatus.RECEIVED,
        IntakeOutcome.CORRECTION: ApplicationStatus.CORRECTION,
        IntakeOutcome.NOT_ACCEPTED: ApplicationStatus.NOT_ACCEPTED,
    }[IntakeOutcome(outcome)]
    application = Application(
        permit_type=permit_type,
        establishment=establishment,
        kind=kind,
        path=path,
        status=status,
        submitted_on=received_on,
        received_on=received_on,
        due_on=add_working_days(received_on, permit_type.decision_working_days),
        business_scope=(business_scope or "").strip()
        or (previous_permit.business_scope if previous_permit else ""),
        previous_permit=previous_permit,
        change_description=(change_description or "").strip(),
        new_name=(new_name or "").strip(),
        new_legal_representative=(new_legal_representative or "").strip(),
        new_address=(new_address or "").strip(),
        correction_items=(correction_items or "").strip(),
        not_accepted_reason=(not_accepted_reason or "").strip(),
        competent_organ=(competent_organ or "").strip(),
        received_by=user,
    )
    application = _save_new(application, user=user)
    document = {
        ApplicationStatus.RECEIVED: LicensingDocumentKind.ACCEPTANCE,
        ApplicationStatus.CORRECTION: LicensingDocumentKind.CORRECTION,
        ApplicationStatus.NOT_ACCEPTED: LicensingDocumentKind.NOT_ACCEPTED,
    }[status]
    if status == ApplicationStatus.RECEIVED and path == ApplicationPath.COMMITMENT:
        licensing_document_issue(
            kind=LicensingDocumentKind.COMMITMENT,
            user=user,
            issued_on=received_on,
            application=application,
        )
    licensing_document_issue(
        kind=document, user=user, issued_on=received_on, application=application
    )
    if status == ApplicationStatus.RECEIVED and path == ApplicationPath.COMMITMENT:
        application = commitment_grant_on_the_spot(application=application, user=user)
    return application


def _not_accepted_check(reason, day) -> None:
    errors = {}
    if not (reason or "").strip():
        errors["not_accepted_reason"] = "不予受理须写明理由。"
    if day > timezone.localdate():
        errors["received_on"] = "日期不能晚于今天。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def application_accept(*, application, user, accepted_on=None) -> Application:
    """受理 after 补正: the materials are complete; the decision's working days run from
    today, and the 受理通知书 is issued."""
    application = application_lock(application)
    if application.status != ApplicationStatus.CORRECTION:
        raise ValidationError(
            {"status": f"申请当前为“{application.get_status_display()}”，不是待补正，不能受理。"}
        )
    accepted_on = accepted_on or timezone.localdate()
    if accepted_on < application.received_on or accepted_on > timezone.localdate():
        raise ValidationError({"accepted_on": "受理日期应在收到申请之后、不晚于今天。"})
    application = application_change(
        application,
        user,
        "补正后受理",
        status=ApplicationStatus.RECEIVED,
        received_on=accepted_on,
        due_on=add_working_days(accepted_on, application.permit_type.decision_working_days),
    )
    licensing_document_issue(
        kind=LicensingDocumentKind.ACCEPTANCE,
        user=user,
        issued_on=accepted_on,
        application=application,
    )
    return application


@transaction.atomic
def application_not_accept(
    *, application, user, reason, competent_organ="", decided_on=None
) -> Application:
    """不予受理 of an application waiting for 补正 (the materials did not come, or the
    matter is not this office's): the 不予受理决定书 with its reason."""
    application = application_lock(application)
    if application.status != ApplicationStatus.CORRECTION:
        raise ValidationError(
            {"status": f"申请当前为“{application.get_status_display()}”，不能作不予受理。"}
        )
    decided_on = decided_on or timezone.localdate()
    _not_accepted_check(reason, decided_on)
    application = application_change(
        application,
        user,
        "不予受理",
        status=ApplicationStatus.NOT_ACCEPTED,
        not_accepted_reason=reason.strip(),
        competent_organ=(competent_organ or "").strip(),
    )
    licensing_document_issue(
        kind=LicensingDocumentKind.NOT_ACCEPTED,
        user=user,
        issued_on=decided_on,
        application=application,
    )
    return application


WITHDRAWABLE = (
    ApplicationStatus.CORRECTION,
    ApplicationStatus.RECEIVED,
    ApplicationStatus.REVIEWED,
)


@transaction.atomic
def application_withdraw(*, application, user, reason, withdrawn_on=None) -> Application:
    """撤回: the applicant withdraws before the decision; the record stays, no permit
    number is taken, and the unit may apply again."""
    application = application_lock(application)
    if application.status not in WITHDRAWABLE:
        raise ValidationError(
            {"status": f"申请当前为“{application.get_status_display()}”，不能撤回。"}
        )
    withdrawn_on = withdrawn_on or timezone.localdate()
    errors = {}
    if not (reason or "").strip():
        errors["withdraw_reason"] = "请填写撤回原因（申请人书面申请撤回的，注明日期）。"
    if withdrawn_on < application.received_on or withdrawn_on > timezone.localdate():
        errors["withdrawn_on"] = "撤回日期应在受理之后、不晚于今天。"
    if errors:
        raise ValidationError(errors)
    return application_change(
        application,
        user,
        "撤回",
        status=ApplicationStatus.WITHDRAWN,
        withdrawn_on=withdrawn_on,
        withdraw_reason=reason.strip(),
    )
