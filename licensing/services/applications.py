"""Review (审核) and decision (准予 / 不予许可) of received applications. Intake is in
licensing.services.intake; the permit itself is issued by licensing.services.permits.

No one decides alone: the decision is taken by a holder of the decision permission (the
office's 负责人), after the review, and not by the clerk who received the application
unless the permit type is configured as a one-person window."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from licensing.choices import (
    ApplicationKind,
    ApplicationPath,
    ApplicationStatus,
    LicensingDocumentKind,
)
from licensing.models import Application
from licensing.services.base import application_change, application_lock
from licensing.services.documents import licensing_document_issue
from licensing.services.permits import permit_cancel, permit_issue

DECIDE_PERMISSION = "licensing.decide_application"


def may_decide(user, application) -> bool:
    """Whether ``user`` may take the decision on ``application``."""
    if not user.has_perm(DECIDE_PERMISSION):
        return False
    return application.permit_type.single_person_window or user.pk != application.received_by_id


def needs_review(application) -> bool:
    """The standard path is reviewed before its decision; the commitment path (the
    applicant's promise replaces the review, checked after issue) is not."""
    return application.path == ApplicationPath.STANDARD


def needs_site_review(application) -> bool:
    """New permits and renewals are checked on site where the type asks for it; a change
    only when the premises or the licensed items change (a new address or scope), not for
    a new name or legal representative alone."""
    if not application.permit_type.review_on_site:
        return False
    if application.kind in (ApplicationKind.NEW, ApplicationKind.RENEWAL):
        return True
    if application.kind == ApplicationKind.CHANGE:
        previous = application.previous_permit
        new_scope = previous is not None and application.business_scope != previous.business_scope
        return bool(application.new_address) or new_scope
    return False


@transaction.atomic
def application_review(
    *, application, user, note="", inspection=None, reviewed_on=None
) -> Application:
    """审核: the review opinion and, where the type asks for it, the on-site check."""
    application = application_lock(application)
    if application.status != ApplicationStatus.RECEIVED:
        raise ValidationError(
            {"status": f"申请当前为“{application.get_status_display()}”，不能审核。"}
        )
    reviewed_on = reviewed_on or timezone.localdate()
    errors = {}
    if not (note or "").strip():
        errors["note"] = "请填写审核意见。"
    if inspection is None and needs_site_review(application):
        errors["inspection"] = (
            f"{application.permit_type.name}须现场审查：请先在该单位做一次现场检查，再选择该记录。"
        )
    elif inspection is not None:
        if inspection.establishment_id != application.establishment_id:
            errors["inspection"] = "现场审查的单位与申请单位不一致。"
        elif getattr(inspection, "voided_at", None):
            errors["inspection"] = "该检查记录已作废。"
        else:
            day = timezone.localtime(inspection.inspected_at).date()
            earliest = application.received_on - datetime.timedelta(days=30)
            if day < earliest or day > reviewed_on:
                errors["inspection"] = (
                    f"现场审查应在受理前后进行（{earliest:%Y-%m-%d} 至 {reviewed_on:%Y-%m-%d}），"
                    f"所选检查为 {day:%Y-%m-%d}。"
                )
    if reviewed_on < application.received_on or reviewed_on > timezone.localdate():
        errors["reviewed_on"] = "审核日期应在受理之后、不晚于今天。"
    if errors:
        raise ValidationError(errors)
    return application_change(
        application,
        user,
        "审核",
        status=ApplicationStatus.REVIEWED,
        review_note=note.strip(),
        review_inspection=inspection,
        reviewed_on=reviewed_on,
        reviewed_by=user,
    )


def _decision_errors(application, user, decided_on) -> dict:
    errors = {}
    if not user.has_perm(DECIDE_PERMISSION):
        errors["decision"] = "许可决定须由负责人（持有“作出许可决定”权限的人员）作出。"
    elif not may_decide(user, application):
        errors["decision"] = (
            "受理人不能对自己受理的申请作出决定：请由其他负责人决定"
            "（管理员可为该许可类型设置“一人办结”）。"
        )
    if application.status not in (ApplicationStatus.RECEIVED, ApplicationStatus.REVIEWED):
        errors["status"] = f"申请当前为“{application.get_status_display()}”，不能作出决定。"
    elif needs_review(application) and application.status != ApplicationStatus.REVIEWED:
        errors["status"] = "申请尚未审核：请先审核，再作出决定。"
    if decided_on < application.received_on:
        errors["decided_on"] = "决定日期不能早于受理日期。"
    elif application.reviewed_on and decided_on < application.reviewed_on:
        errors["decided_on"] = "决定日期不能早于审核日期。"
    if decided_on > timezone.localdate():
        errors["decided_on"] = "决定日期不能晚于今天。"
    return errors


@transaction.atomic
def application_decide(
    *, application, user, approve: bool, reason="", decided_on=None
) -> Application:
    """准予 or 不予许可, with its numbered 决定书; a refusal states its reason. An approved
    cancellation cancels the permit (注销, its own 决定书)."""
    application = application_lock(application)
    decided_on = decided_on or timezone.localdate()
    errors = _decision_errors(application, user, decided_on)
    if not approve and not (reason or "").strip():
        errors["refusal_reason"] = "不予许可须写明理由。"
    if errors:
        raise ValidationError(errors)
    if not approve:
        application = application_change(
            application,
            user,
            "不予许可",
            status=ApplicationStatus.REFUSED,
            decided_on=decided_on,
            decided_by=user,
            refusal_reason=reason.strip(),
        )
        licensing_document_issue(
            kind=LicensingDocumentKind.REFUSAL,
            user=user,
            issued_on=decided_on,
            application=application,
        )
        return application
    application = application_change(
        application,
        user,
        "准予许可",
        status=ApplicationStatus.APPROVED,
        decided_on=decided_on,
        decided_by=user,
    )
    if application.kind != ApplicationKind.CANCELLATION:
        licensing_document_issue(
            kind=LicensingDocumentKind.GRANT,
            user=user,
            issued_on=decided_on,
            application=application,
        )
        return application
    permit_cancel(
        permit=application.previous_permit,
        user=user,
        date=decided_on,
        reason=application.change_description or "申请注销",
        application=application,
    )
    application = application_change(application, user, "注销办结", status=ApplicationStatus.CLOSED)
    return application


def commitment_grant_on_the_spot(*, application, user) -> Application:
    """告知承诺制: where the receiving clerk may decide (a one-person window for the type,
    with the decision permission), the permit is granted and issued on the spot and its
    post-issue check falls due; otherwise the application waits for the 负责人's decision."""
    if not may_decide(user, application):
        return application
    day = application.received_on
    application_decide(application=application, user=user, approve=True, decided_on=day)
    permit_issue(application=application, user=user, issued_on=day)
    application.refresh_from_db()
    return application
