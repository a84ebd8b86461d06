"""The periodic 复核 of a permit (licensing.models.reviews): record one, and say why one
cannot be recorded. Who may: licensing.add_permitreview (the pages and API check it)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.input_rules import validate_no_control_characters
from core.roster import roster
from licensing.choices import PermitStatus, ReviewResult
from licensing.models import Permit, PermitReview
from licensing.models.reviews import review_due_on

NOTE_LIMIT = 2000


def review_schedule(permit) -> dict:
    """The permit's review state: ``last`` (latest PermitReview or None), ``due_on`` (the
    next review's day, None: none scheduled in this term) and ``overdue_days``."""
    last = permit.reviews.select_related("reviewed_by").order_by("-reviewed_on", "-id").first()
    due = review_due_on(permit, last.reviewed_on if last else None)
    today = timezone.localdate()
    return {
        "last": last,
        "due_on": due,
        "overdue_days": (today - due).days if due and due < today else 0,
        "applies": bool(permit.permit_type.review_years),
    }


def review_refusal(permit) -> str | None:
    """Why no 复核 can be recorded on ``permit``, or None: it can."""
    if not permit.permit_type.review_years:
        return f"{permit.permit_type.name}不实行定期复核。"
    if permit.status != PermitStatus.VALID or not permit.in_force:
        return f"该许可证当前为“{permit.state_label}”，不是有效的现行许可证，不能复核。"
    return None


def _inspection_error(inspection, permit, reviewed_on) -> str | None:
    if inspection.establishment_id != permit.establishment_id:
        return "所选检查记录的被检查单位与持证单位不一致。"
    if inspection.is_voided:
        return "所选检查记录已作废。"
    if timezone.localdate(inspection.inspected_at) > reviewed_on:
        return "所选检查晚于复核日期。"
    return None


@transaction.atomic
def permit_review_record(
    *, user, permit, reviewed_on, reviewed_by, result, note="", inspection=None
) -> PermitReview:
    """Record the 复核 of ``permit`` on ``reviewed_on`` by ``reviewed_by`` (an officer of the
    roster) with its result; a result other than 合格 states what was found. The review it
    fulfils (its due day) is kept with it; the next one is counted from it."""
    permit = Permit.objects.select_for_update().select_related("permit_type").get(pk=permit.pk)
    refusal = review_refusal(permit)
    if refusal:
        raise ValidationError({"permit": refusal})
    note = (note or "").strip()
    last = permit.reviews.aggregate(last=Max("reviewed_on"))["last"]
    errors = {}
    if result not in ReviewResult.values:
        errors["result"] = "请选择复核结论。"
    elif result != ReviewResult.PASSED and not note:
        errors["note"] = "复核结论不是“合格”的，须写明复核情况。"
    if reviewed_on is None:
        errors["reviewed_on"] = "请填写复核日期。"
    elif reviewed_on > timezone.localdate():
        errors["reviewed_on"] = "复核日期不能晚于今天。"
    elif reviewed_on < permit.valid_from:
        errors["reviewed_on"] = (
            f"复核日期不能早于许可证有效期起始日（{permit.valid_from:%Y-%m-%d}）。"
        )
    elif last is not None and reviewed_on <= last:
        errors["reviewed_on"] = f"该许可证已于 {last:%Y-%m-%d} 复核，新的复核日期须晚于它。"
    if reviewed_by is None:
        errors["reviewed_by"] = "请选择复核人。"
    elif not roster().filter(pk=reviewed_by.pk).exists():
        errors["reviewed_by"] = "复核人须是监督员名录中的执法人员。"
    if inspection is not None and reviewed_on is not None:
        problem = _inspection_error(inspection, permit, reviewed_on)
        if problem:
            errors["inspection"] = problem
    if len(note) > NOTE_LIMIT:
        errors["note"] = f"复核情况最多 {NOTE_LIMIT} 字。"
    else:
        try:
            validate_no_control_characters(note)
        except ValidationError as exc:
            errors["note"] = exc.messages
    if errors:
        raise ValidationError(errors)
    review = PermitReview(
        permit=permit,
        due_on=review_due_on(permit, last),
        reviewed_on=reviewed_on,
        reviewed_by=reviewed_by,
        result=result,
        inspection=inspection,
        note=note,
        recorded_by=user,
    )
    review._history_user = user
    review.save()
    return review
