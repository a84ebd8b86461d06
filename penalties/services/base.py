"""Helpers every step of the procedure uses: lock the case, check the step order and the
date, record the step, keep the current time limit up to date, save with history."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from penalties.choices import STEP_ORDER, CaseStatus, PaymentKind, TimeLimitCode
from penalties.models import CasePenalty, CaseStep, ConfiscatedItem, PenaltyCase, TimeLimit


def case_lock(case) -> PenaltyCase:
    return PenaltyCase.objects.select_for_update().get(pk=case.pk)


def together(*checks):
    """Run every check and report all their refusals at once (one round for the user, not
    one per check); the checks' results when none refuses."""
    errors: dict = {}
    results = []
    for check in checks:
        try:
            results.append(check())
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
            results.append(None)
    if errors:
        raise ValidationError(errors)
    return tuple(results)


def require_status(case: PenaltyCase, *allowed: str, action: str) -> None:
    if case.status in allowed:
        return
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(
            {"status": f"案件 {case.number} 已结案，不能{action}；如需更正请办理更正。"}
        )
    expected = "或".join(f"“{CaseStatus(s).label}”" for s in allowed)
    raise ValidationError(
        {
            "status": f"案件当前环节为“{case.get_status_display()}”，{action}须在{expected}环节之后办理，不能跳过或颠倒环节。"
        }
    )


# No record of the office goes back further: an earlier date is a typing error.
EARLIEST_DATE = datetime.date(2000, 1, 1)


def check_date(value, *, field: str, label: str, not_before=None, not_before_label="") -> None:
    if value is None:
        raise ValidationError({field: f"请填写{label}。"})
    if value > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天。"})
    if value < EARLIEST_DATE:
        raise ValidationError({field: f"{label}不能早于 {EARLIEST_DATE:%Y-%m-%d}，请核对。"})
    if not_before is not None and value < not_before:
        raise ValidationError(
            {field: f"{label}不能早于{not_before_label}（{not_before:%Y-%m-%d}）。"}
        )


def last_step_date(case: PenaltyCase) -> datetime.date:
    return case.steps.order_by("-done_on").values_list("done_on", flat=True).first()


def latest_record(case: PenaltyCase, *, step_label="上一环节日期") -> tuple:
    """The latest date recorded on the case, and what it is: the last step, the last
    statement of the party, the hearing held, the legal review. (None, "") if none."""
    hearing = getattr(case, "hearing", None)
    last_statement = (
        case.statements.order_by("-received_on").values_list("received_on", flat=True).first()
    )
    dated = [
        (when, label)
        for when, label in (
            (last_step_date(case), step_label),
            (last_statement, "最后一次陈述申辩日期"),
            (hearing.held_on if hearing else None, "听证日期"),
            (case.legal_reviewed_on, "法制审核日期"),
        )
        if when is not None
    ]
    return max(dated, key=lambda pair: pair[0]) if dated else (None, "")


def step_record(*, case, step, done_on, user, document, note="") -> CaseStep:
    return CaseStep.objects.create(
        case=case, step=step, done_on=done_on, officer=user, document=document, note=note
    )


def due_refresh(case: PenaltyCase) -> None:
    """Set the time limit the case is running against now (shown and listed when near)."""
    status = case.status
    if status == CaseStatus.NOTIFIED and case.statement_due is None and case.notified_on:
        # The notice is not served yet: its service is what the case waits for.
        serve_by = TimeLimit.due(TimeLimitCode.NOTICE_SERVICE, case.notified_on)
        if serve_by < case.decision_due:
            case.next_due, case.next_due_code = serve_by, TimeLimitCode.NOTICE_SERVICE
        else:
            case.next_due, case.next_due_code = case.decision_due, TimeLimitCode.DECISION
    elif status in (CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED):
        case.next_due, case.next_due_code = case.decision_due, TimeLimitCode.DECISION
    elif status == CaseStatus.DECIDED:
        case.next_due, case.next_due_code = case.service_due, TimeLimitCode.SERVICE
    elif status == CaseStatus.SERVED and case.payment_due and _money_owed(case):
        case.next_due, case.next_due_code = case.payment_due, TimeLimitCode.PAYMENT
    else:
        case.next_due, case.next_due_code = None, ""


def _money_owed(case: PenaltyCase) -> bool:
    """Fine or confiscated gains still unpaid: the payment limit is running."""
    kinds = (PaymentKind.FINE, PaymentKind.CONFISCATE_GAINS)
    decided = sum((case.amount_decided(kind) for kind in kinds), Decimal("0"))
    return decided > case.amount_paid(*kinds)


def case_save(case: PenaltyCase, *, user, reason: str) -> None:
    due_refresh(case)
    case._history_user = user
    case._change_reason = reason
    case.save()


def step_index(status: str) -> int:
    return STEP_ORDER.index(status)


def penalties_save(case, stage, lines):
    """The penalties of a stage replace the earlier ones; confiscated items are counted
    lines (ConfiscatedItem) under their penalty."""
    CasePenalty.objects.filter(case=case, stage=stage).delete()
    for line in lines:
        penalty = CasePenalty.objects.create(
            case=case,
            stage=stage,
            kind=line.kind,
            amount=line.amount,
            items=line.items,
            quantity=line.quantity,
            note=line.note,
        )
        ConfiscatedItem.objects.bulk_create(
            ConfiscatedItem(
                penalty=penalty,
                name=item.name,
                specification=item.specification,
                quantity=item.quantity,
                unit=item.unit,
            )
            for item in getattr(line, "item_lines", ())
        )
