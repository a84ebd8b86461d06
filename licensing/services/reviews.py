"""The periodic 复核 or 校验 of a permit (licensing.models.reviews): record one, and say why
one cannot be recorded. Who may: licensing.add_permitreview (the pages and API check it)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.input_rules import validate_no_control_characters
from core.roster import roster
from licensing.choices import PermitStatus, ReviewResult
from licensing.health.services import add_months
from licensing.models import Permit, PermitReview
from licensing.models.reviews import DEFERRAL_MONTHS, review_due_on

NOTE_LIMIT = 2000


def review_schedule(permit) -> dict:
    """The permit's 复核 or 校验 state: ``word`` (复核 / 校验), ``last`` (latest
    PermitReview or None), ``due_on`` (the next check's day, None: none scheduled in this
    term), ``overdue_days`` and ``applies`` (its type has a periodic check)."""
    last = permit.reviews.select_related("reviewed_by").order_by("-reviewed_on", "-id").first()
    due = review_due_on(
        permit, last.reviewed_on if last else None, last.deferred_until if last else None
    )
    today = timezone.localdate()
    return {
        "word": permit.permit_type.check_word,
        "years": permit.permit_type.check_years,
        "last": last,
        "due_on": due,
        "overdue_days": (today - due).days if due and due < today else 0,
        "applies": bool(permit.permit_type.check_years),
    }


def review_refusal(permit) -> str | None:
    """Why no 复核 or 校验 can be recorded on ``permit``, or None: it can."""
    word = permit.permit_type.check_word
    if not word:
        return f"{permit.permit_type.name}不实行定期复核或校验。"
    if permit.status != PermitStatus.VALID or not permit.in_force:
        return f"该许可证当前为“{permit.state_label}”，不是有效的现行许可证，不能{word}。"
    return None


def _inspection_error(inspection, permit, reviewed_on, word) -> str | None:
    if inspection.establishment_id != permit.establishment_id:
        return "所选检查记录的被检查单位与持证单位不一致。"
    if inspection.is_voided:
        return "所选检查记录已作废。"
    if timezone.localdate(inspection.inspected_at) > reviewed_on:
        return f"所选检查晚于{word}日期。"
    return None


def _deferral_errors(result, deferred_until, reviewed_on) -> dict:
    """A 暂缓校验 needs the end of its 暂缓期: after the 校验, within DEFERRAL_MONTHS."""
    if result != ReviewResult.DEFERRED:
        return {"deferred_until": "只有暂缓校验才填写暂缓期。"} if deferred_until else {}
    if deferred_until is None:
        return {"deferred_until": "暂缓校验须填写暂缓期至（暂缓期届满之日）。"}
    if reviewed_on is None:
        return {}
    if deferred_until <= reviewed_on:
        return {"deferred_until": "暂缓期至须晚于校验日期。"}
    if deferred_until > add_months(reviewed_on, DEFERRAL_MONTHS):
        return {
            "deferred_until": f"暂缓校验期一般为 1 至 {DEFERRAL_MONTHS} 个月"
            "（《医疗机构管理条例实施细则》，未核实），"
            f"暂缓期至不能晚于 {add_months(reviewed_on, DEFERRAL_MONTHS):%Y-%m-%d}。"
        }
    return {}


@transaction.atomic
def permit_review_record(
    *,
    user,
    permit,
    reviewed_on,
    reviewed_by,
    result,
    note="",
    inspection=None,
    deferred_until=None,
) -> PermitReview:
    """Record the 复核 or 校验 (as the permit's type says) of ``permit`` on ``reviewed_on``
    by ``reviewed_by`` (an officer of the roster) with its result; a result other than
    合格 states what was found, a 暂缓校验 also the end of its 暂缓期 (``deferred_until``).
    The check it fulfils (its due day) is kept with it; the next one is counted from it."""
    permit = Permit.objects.select_for_update().select_related("permit_type").get(pk=permit.pk)
    refusal = review_refusal(permit)
    if refusal:
        raise ValidationError({"permit": refusal})
    word = permit.permit_type.check_word
    note = (note or "").strip()
    last = permit.reviews.order_by("-reviewed_on", "-id").first()
    errors = {}
    if result not in ReviewResult.for_type(permit.permit_type):
        errors["result"] = f"请选择{word}结论。"
    elif result not in ReviewResult.passing() and not note:
        errors["note"] = f"{word}结论不是“合格”的，须写明{word}情况。"
    if result in ReviewResult.values:
        errors.update(_deferral_errors(result, deferred_until, reviewed_on))
    if reviewed_on is None:
        errors["reviewed_on"] = f"请填写{word}日期。"
    elif reviewed_on > timezone.localdate():
        errors["reviewed_on"] = f"{word}日期不能晚于今天。"
    elif reviewed_on < permit.valid_from:
        errors["reviewed_on"] = (
            f"{word}日期不能早于许可证有效期起始日（{permit.valid_from:%Y-%m-%d}）。"
        )
    elif last is not None and reviewed_on <= last.reviewed_on:
        errors["reviewed_on"] = (
            f"该许可证已于 {last.reviewed_on:%Y-%m-%d} {word}，新的{word}日期须晚于它。"
        )
    if reviewed_by is None:
        errors["reviewed_by"] = f"请选择{word}人。"
    elif not roster().filter(pk=reviewed_by.pk).exists():
        errors["reviewed_by"] = f"{word}人须是监督员名录中的执法人员。"
    if inspection is not None and reviewed_on is not None:
        problem = _inspection_error(inspection, permit, reviewed_on, word)
        if problem:
            errors["inspection"] = problem
    if len(note) > NOTE_LIMIT:
        errors["note"] = f"{word}情况最多 {NOTE_LIMIT} 字。"
    else:
        try:
            validate_no_control_characters(note)
        except ValidationError as exc:
            errors["note"] = exc.messages
    if errors:
        raise ValidationError(errors)
    review = PermitReview(
        permit=permit,
        due_on=review_due_on(
            permit,
            last.reviewed_on if last else None,
            last.deferred_until if last else None,
        ),
        reviewed_on=reviewed_on,
        reviewed_by=reviewed_by,
        result=result,
        deferred_until=deferred_until if result == ReviewResult.DEFERRED else None,
        inspection=inspection,
        note=note,
        recorded_by=user,
    )
    review._history_user = user
    review.save()
    return review
