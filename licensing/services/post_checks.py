"""告知承诺制: the check after a permit issued on the applicant's promise (发证后核查), and
revocation (撤销, 行政许可法 art. 69) with its numbered decision.

A check found untrue (承诺不实) leaves the permit to be revoked by the office's 负责人
(permission licensing.decide_application): the revocation is its own decision, dated and
reasoned, never a side effect of recording the check."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from licensing.choices import (
    ApplicationPath,
    ApplicationStatus,
    LicensingDocumentKind,
    PermitStatus,
    PostCheckResult,
)
from licensing.models import Application, Permit
from licensing.services.base import application_change, application_lock
from licensing.services.documents import licensing_document_issue

DECIDE = "licensing.decide_application"
NOTE_FIELD_LIMIT = 2000
REASON_LIMIT = 200  # Permit.cancel_reason


def application_permit(application) -> Permit | None:
    """The permit issued on ``application`` (None before issue)."""
    return Permit.objects.filter(application=application).order_by("pk").first()


def issue_day(application, permit=None):
    """The day the check's permit was issued (the decision's day without a permit row)."""
    permit = permit or application_permit(application)
    if permit is not None:
        return permit.issued_on
    return application.decided_on or application.received_on


def post_check_refusal(application) -> str | None:
    """Why no check can be recorded on ``application`` now, or None: it can."""
    if application.path != ApplicationPath.COMMITMENT or application.post_check_due is None:
        return "该申请不是按告知承诺制发证的，无需发证后核查。"
    if application.status != ApplicationStatus.ISSUED:
        return f"该申请当前为“{application.get_status_display()}”，尚未发证，不能登记核查。"
    if application.post_check_done_on is not None:
        return (
            f"该申请已于 {application.post_check_done_on:%Y-%m-%d} 登记核查"
            f"（{application.get_post_check_result_display()}），不能重复登记。"
        )
    return None


def _inspection_error(inspection, application, issued_on) -> str | None:
    if inspection.establishment_id != application.establishment_id:
        return "所选检查记录的被检查单位与申请单位不一致。"
    if inspection.is_voided:
        return "所选检查记录已作废，不能作为核查依据。"
    inspected_on = timezone.localtime(inspection.inspected_at).date()
    if inspected_on < issued_on:
        return (
            f"所选检查记录（{inspected_on:%Y-%m-%d}）早于发证日期（{issued_on:%Y-%m-%d}），"
            "不是发证后的核查。"
        )
    return None


@transaction.atomic
def post_check_record(
    *, application, user, result, done_on, note="", inspection=None
) -> Application:
    """Record the post-issue check of a commitment-path permit: 核查属实, or 承诺不实 with
    what was found untrue (the permit is then to be revoked: permit_revoke). Once only: a
    second record (a double submit, another tab) is refused and nothing changes."""
    application = application_lock(application)
    refusal = post_check_refusal(application)
    if refusal:
        raise ValidationError({"status": refusal})
    permit = application_permit(application)
    issued_on = issue_day(application, permit)
    note = (note or "").strip()
    errors = {}
    if result not in PostCheckResult.values:
        errors["result"] = "请选择核查结论。"
    elif result == PostCheckResult.FAILED and not note:
        errors["note"] = "承诺不实的，须写明核查发现的不实情况。"
    if done_on is None:
        errors["done_on"] = "请填写核查日期。"
    elif done_on > timezone.localdate():
        errors["done_on"] = "核查日期不能晚于今天。"
    elif done_on < issued_on:
        errors["done_on"] = f"核查日期不能早于发证日期（{issued_on:%Y-%m-%d}）。"
    if inspection is not None:
        problem = _inspection_error(inspection, application, issued_on)
        if problem:
            errors["inspection"] = problem
    if len(note) > NOTE_FIELD_LIMIT:
        errors["note"] = f"核查情况最多 {NOTE_FIELD_LIMIT} 字。"
    if errors:
        raise ValidationError(errors)
    return application_change(
        application,
        user,
        f"发证后核查：{PostCheckResult(result).label}",
        post_check_done_on=done_on,
        post_check_result=result,
        post_check_inspection=inspection,
        post_check_note=note,
    )


def revocation_refusal(permit) -> str | None:
    """Why ``permit`` cannot be revoked, or None: it can (the current version of the
    unit's permit, whatever its dates say; 撤销 voids it from the start)."""
    if permit.status == PermitStatus.REVOKED:
        return f"该许可证已于 {permit.cancelled_on:%Y-%m-%d} 撤销，不能再次撤销。"
    if permit.status != PermitStatus.VALID:
        return f"该许可证{permit.get_status_display()}，不是现行有效的许可证，不能撤销。"
    return None


@transaction.atomic
def permit_revoke(*, permit, user, revoked_on, reason) -> Permit:
    """撤销 (行政许可法 art. 69), decided by the 负责人: the permit stays on record as
    已撤销 with its date and reason, and the 撤销行政许可决定书 is numbered in its series in
    the same transaction."""
    if not user.has_perm(DECIDE):
        raise PermissionDenied("撤销行政许可须由负责人（持有“作出许可决定”权限者）决定。")
    permit = Permit.objects.select_for_update().get(pk=permit.pk)
    refusal = revocation_refusal(permit)
    if refusal:
        raise ValidationError({"permit": refusal})
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = "请写明撤销理由（如：经核查，申请人承诺不实）。"
    elif len(reason) > REASON_LIMIT:
        errors["reason"] = f"撤销理由最多 {REASON_LIMIT} 字，详情请写入核查情况。"
    if revoked_on is None:
        errors["revoked_on"] = "请填写撤销日期。"
    elif revoked_on > timezone.localdate():
        errors["revoked_on"] = "撤销日期不能晚于今天。"
    elif revoked_on < permit.issued_on:
        errors["revoked_on"] = f"撤销日期不能早于发证日期（{permit.issued_on:%Y-%m-%d}）。"
    if errors:
        raise ValidationError(errors)
    permit.status = PermitStatus.REVOKED
    permit.cancelled_on = revoked_on
    permit.cancel_reason = reason
    permit._history_user = user
    permit._change_reason = "撤销"
    permit.save()
    licensing_document_issue(
        kind=LicensingDocumentKind.REVOCATION,
        user=user,
        issued_on=revoked_on,
        application=permit.application,
        permit=permit,
    )
    return permit
