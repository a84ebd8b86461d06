"""Decision, service, payment, execution and closure. Each refuses to run out of order."""

import datetime
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from penalties.choices import (
    MONEY_KINDS,
    CaseOutcome,
    CaseStatus,
    PaymentKind,
    PenaltyKind,
    PenaltyStage,
    TimeLimitCode,
)
from penalties.models import ApprovalKind, CasePayment, TimeLimit
from penalties.services.approval_reports import (
    collective_discussion_check,
    decision_approval_check,
)
from penalties.services.approvals import approval_require
from penalties.services.base import (
    case_lock,
    case_save,
    check_date,
    latest_record,
    penalties_save,
    require_status,
    step_record,
    together,
)
from penalties.services.discretion import (
    PenaltyInput,
    discretion_level,
    not_heavier_check,
    penalties_check,
)
from penalties.services.legal import legal_review_check
from penalties.services.numbers import case_number_take
from penalties.services.orders import correction_check, correction_from_input

DECISION_SERIES = "penalty-decision"
LATE_CHARGE_DAILY_RATE = Decimal("0.03")  # 行政处罚法第七十二条：每日按罚款数额的百分之三
ZERO = Decimal("0")


def _rights_check(case, done_on):
    """The decision waits for the party's rights to run out (or to be used)."""
    hearing = getattr(case, "hearing", None)
    if hearing is not None:
        if hearing.held_on is None:
            raise ValidationError({"done_on": "当事人已申请听证，须举行听证后才能作出决定。"})
        if done_on < hearing.held_on:
            raise ValidationError({"done_on": "决定日期不能早于听证日期。"})
        return
    if case.statement_due is None:
        raise ValidationError(
            {
                "done_on": f"告知书 {case.notice_number} 尚未登记送达：陈述申辩和申请听证的期限自告知书送达之日起算，登记送达且期限届满后才能作出决定。"
            }
        )
    _hearing_rights_served_check(case)
    window_end = max(d for d in (case.statement_due, case.hearing_request_due) if d)
    if done_on > window_end:
        return
    if case.rights_waived:
        waived_on = case.rights_waived_on or case.notified_on
        if done_on < waived_on:
            raise ValidationError(
                {
                    "done_on": f"当事人于 {waived_on:%Y-%m-%d} 书面放弃陈述申辩和听证，期限届满（{window_end:%Y-%m-%d}）前的决定不能早于放弃日期。"
                }
            )
        return
    raise ValidationError(
        {
            "done_on": f"陈述申辩和申请听证的期限至 {window_end:%Y-%m-%d} 届满，届满后才能作出决定（当事人书面放弃的除外）。"
        }
    )


def _hearing_rights_served_check(case) -> None:
    """Where the notice offers a hearing, the days to ask for it run from the party's receipt
    of the 听证告知书: no decision before its service is recorded (and its days have run)."""
    number = case.hearing_rights_number
    if not case.hearing_offered or not number:
        return
    served = case.services.filter(
        document="hearing-rights", document_number=number, current=True
    ).exists()
    if not served:
        raise ValidationError(
            {
                "done_on": f"听证告知书 {number} 尚未登记送达：申请听证的期限自当事人收到听证告知书之日起算，"
                "登记送达且期限届满（或当事人收到后书面放弃）后才能作出决定。"
            }
        )


def _after_records(case, done_on):
    """The decision comes after everything recorded on the case: the last step, the party's
    last statement, the hearing, the legal review."""
    latest, label = latest_record(case, step_label="上一环节日期")
    if latest is not None and done_on < latest:
        raise ValidationError({"done_on": f"决定日期不能早于{label}（{latest:%Y-%m-%d}）。"})


@transaction.atomic
def case_decide(*, case, user, done_on, severity, penalties: PenaltyInput, departure_reason=""):
    """Decide the penalty (行政处罚决定) with the next decision number of the year. A legal
    review, when needed, is recorded before by services.case_legal_review."""
    case = case_lock(case)
    require_status(case, CaseStatus.NOTIFIED, action="作出处罚决定")
    check_date(
        done_on,
        field="done_on",
        label="决定日期",
        not_before=case.notified_on,
        not_before_label="告知日期",
    )
    if done_on > case.decision_due:
        raise ValidationError(
            {
                "done_on": f"已超过作出决定的期限（{case.decision_due:%Y-%m-%d}）；确需延长的，应在期限届满前报经批准并登记。"
            }
        )
    _rights_check(case, done_on)
    _after_records(case, done_on)
    lines = penalties.lines()
    level = discretion_level(case.violation, severity)
    gains = penalties.gains()
    if gains is None:
        gains = case.illegal_gains
    together(
        lambda: penalties_check(
            level=level, lines=lines, departure_reason=departure_reason, gains=gains
        ),
        lambda: not_heavier_check(case, lines),
        lambda: correction_check(case, penalties),
    )
    legal_review_check(case, level, lines)
    decision_approval_check(
        case, done_on=done_on, severity=severity, lines=lines, penalties=penalties
    )
    collective_discussion_check(case, level, done_on=done_on)
    waiver = correction_check(case, penalties)
    number = case_number_take(case=case, series=DECISION_SERIES, year=done_on.year)
    case.status = CaseStatus.DECIDED
    case.decision_number = number.text
    case.decided_on = done_on
    case.severity = severity
    case.departure_reason = (departure_reason or "").strip()
    case.correction_waiver = waiver
    case.service_due = TimeLimit.due(TimeLimitCode.SERVICE, done_on)
    if gains is not None:
        case.illegal_gains = gains
    case_save(case, user=user, reason=f"作出处罚决定 {number.text}")
    penalties_save(case, PenaltyStage.DECIDED, lines)
    correction_from_input(case=case, user=user, issued_on=done_on, penalties=penalties)
    step_record(
        case=case,
        step=CaseStatus.DECIDED,
        done_on=done_on,
        user=user,
        document=f"行政处罚决定书 {number.text}",
    )
    return case


def money_due(case) -> Decimal:
    return sum(
        (
            p.amount
            for p in case.penalties.all()
            if p.stage == PenaltyStage.DECIDED and p.kind in MONEY_KINDS and p.amount
        ),
        ZERO,
    )


def _principal_paid_on(case, as_of: datetime.date) -> datetime.date | None:
    """The day the fine was paid in full, if it was by ``as_of``."""
    fine = case.amount_decided(PenaltyKind.FINE)
    paid = ZERO
    for payment in sorted(case.payments.all(), key=lambda p: (p.paid_on, p.pk)):
        if payment.kind == PaymentKind.FINE and payment.paid_on <= as_of:
            paid += payment.amount
            if paid >= fine:
                return payment.paid_on
    return None


def late_charge(case, as_of: datetime.date) -> Decimal:
    """加处罚款 (行政处罚法第七十二条第一款第一项): "到期不缴纳罚款的，每日按罚款数额的百分之三
    加处罚款，加处罚款的数额不得超出罚款的数额".

    - Basis: the whole decided fine ("按罚款数额"), not the unpaid rest; confiscated gains
      carry no late charge.
    - Days: each day after the payment limit on which some of the fine was still unpaid,
      i.e. from the day after ``payment_due`` up to the day the fine was paid in full (that
      day counted when it is after the limit), or up to ``as_of`` while it is not.
    - Cap: never more than the fine.
    What has been paid of the late charge is subtracted by ``outstanding``."""
    fine = case.amount_decided(PenaltyKind.FINE)
    if not fine or case.payment_due is None:
        return ZERO
    end = _principal_paid_on(case, as_of) or as_of
    days = (end - case.payment_due).days
    if days <= 0:
        return ZERO
    return min((fine * LATE_CHARGE_DAILY_RATE * days).quantize(Decimal("0.01")), fine)


def outstanding(case, kind: str, as_of: datetime.date | None = None) -> Decimal:
    """What is still owed of ``kind``. A late charge left uncollected with its reason at
    execution (``late_charge_waiver_reason``) is owed no more."""
    if kind == PaymentKind.LATE_CHARGE:
        if case.late_charge_waived:
            return ZERO
        owed = late_charge(case, as_of or timezone.localdate())
    else:
        owed = case.amount_decided(kind)
    return owed - case.amount_paid(kind)


@transaction.atomic
def payment_record(*, case, user, kind, paid_on, amount, receipt_number="") -> CasePayment:
    """Record a payment. A fine paid in part leaves the case open."""
    case = case_lock(case)
    require_status(case, CaseStatus.SERVED, action="登记缴款")
    if kind not in PaymentKind.values:
        raise ValidationError({"kind": "请选择款项。"})
    check_date(
        paid_on,
        field="paid_on",
        label="缴款日期",
        not_before=case.decided_on,
        not_before_label="决定日期",
    )
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "缴款金额须大于 0。"})
    owed = outstanding(case, kind, as_of=paid_on)
    if owed <= 0:
        raise ValidationError({"kind": f"本案没有应缴的{PaymentKind(kind).label}。"})
    if amount > owed:
        raise ValidationError(
            {
                "amount": f"缴款 {amount.normalize():,f} 元超过应缴的{PaymentKind(kind).label}余额 {owed.normalize():,f} 元。"
            }
        )
    # As written on the receipt, whatever the input method: full-width １２３ and half-width
    # 123 are one receipt, and so are spaces typed inside it.
    receipt_number = "".join(unicodedata.normalize("NFKC", receipt_number or "").upper().split())
    if receipt_number:
        earlier = case.payments.filter(receipt_number=receipt_number).first()
        if earlier is not None:
            raise ValidationError(
                {
                    "receipt_number": f"票据号“{receipt_number}”已于 {earlier.paid_on:%Y-%m-%d} 登记缴款 "
                    f"{earlier.amount.normalize():,f} 元，同一票据不能重复登记。"
                }
            )
    payment = CasePayment(
        case=case,
        kind=kind,
        paid_on=paid_on,
        amount=amount,
        receipt_number=receipt_number,
        recorded_by=user,
    )
    payment._history_user = user
    payment.save()
    case_save(case, user=user, reason=f"登记缴款 {amount.normalize():,f} 元")
    return payment


def _paid_in_full_check(case, *, done_on) -> None:
    """Fines and confiscated gains paid in full, the last payment not after ``done_on``."""
    unpaid = []
    for kind in (PaymentKind.FINE, PaymentKind.CONFISCATE_GAINS):
        owed = outstanding(case, kind)
        if owed > 0:
            unpaid.append(f"{PaymentKind(kind).label}尚欠 {owed.normalize():,f} 元")
    if unpaid:
        raise ValidationError({"amount": f"{'，'.join(unpaid)}：未缴清的案件不能执行完毕。"})
    last_paid = max((p.paid_on for p in case.payments.all()), default=None)
    if last_paid and done_on < last_paid:
        raise ValidationError(
            {"done_on": f"执行完毕日期不能早于最后一次缴款日期（{last_paid:%Y-%m-%d}）。"}
        )


def _late_charge_waiver(case, *, user, done_on, reason) -> str:
    """The reason a late charge still owed is not collected: required when one is owed,
    refused when none is, and given only by those who may waive it."""
    unpaid_charge = outstanding(case, PaymentKind.LATE_CHARGE, as_of=done_on)
    waiver = (reason or "").strip()
    if waiver and not user.has_perm("penalties.waive_late_charge"):
        raise ValidationError(
            {
                "late_charge_waiver_reason": "只有负责人可以决定不收取加处罚款：请由负责人登记执行完毕，或先登记加处罚款的缴款。"
            }
        )
    if waiver and unpaid_charge <= 0:
        raise ValidationError(
            {"late_charge_waiver_reason": "本案没有未缴的加处罚款，无需填写未收取的理由。"}
        )
    if unpaid_charge > 0 and not waiver:
        raise ValidationError(
            {
                "late_charge_waiver_reason": f"逾期缴纳罚款应加处罚款 {unpaid_charge.normalize():,f} 元；未收取的须说明理由（由负责人决定）。"
            }
        )
    return waiver


@transaction.atomic
def case_execute(*, case, user, done_on, note="", late_charge_waiver_reason=""):
    """Record that the decision has been carried out in full (执行完毕)."""
    case = case_lock(case)
    require_status(case, CaseStatus.SERVED, action="登记执行完毕")
    check_date(
        done_on,
        field="done_on",
        label="执行完毕日期",
        not_before=case.served_on,
        not_before_label="送达日期",
    )
    _paid_in_full_check(case, done_on=done_on)
    waiver = _late_charge_waiver(case, user=user, done_on=done_on, reason=late_charge_waiver_reason)
    has_money = money_due(case) > 0
    if not has_money and not (note or "").strip():
        raise ValidationError({"note": "请填写执行情况（如改正情况、停业整顿执行情况）。"})
    case.status = CaseStatus.EXECUTED
    case.executed_on = done_on
    case.execution_note = (note or "").strip() or "罚没款已全部缴清。"
    case.late_charge_waiver_reason = waiver
    case_save(case, user=user, reason="执行完毕")
    step_record(
        case=case,
        step=CaseStatus.EXECUTED,
        done_on=done_on,
        user=user,
        document="罚没款票据、执行记录",
        note=case.execution_note,
    )
    return case


@transaction.atomic
def case_close(*, case, user, done_on, summary):
    """Close an executed case (结案, outcome 给予行政处罚). From now on it changes only through
    an amendment. A case that ends without a decision: services.case_terminate."""
    case = case_lock(case)
    require_status(case, CaseStatus.EXECUTED, action="结案")
    check_date(
        done_on,
        field="done_on",
        label="结案日期",
        not_before=case.executed_on,
        not_before_label="执行完毕日期",
    )
    if not (summary or "").strip():
        raise ValidationError({"summary": "请填写结案报告。"})
    approval_require(case, ApprovalKind.CLOSING, on=done_on, field="approval", action="结案")
    case.status = CaseStatus.CLOSED
    case.outcome = CaseOutcome.PENALISED
    case.closed_on = done_on
    case.closing_summary = summary.strip()
    case_save(case, user=user, reason="结案")
    step_record(case=case, step=CaseStatus.CLOSED, done_on=done_on, user=user, document="结案报告")
    return case
