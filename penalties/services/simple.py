"""The simple procedure (简易程序, 行政处罚法第五十一至五十二条): a warning, or a fine up to the
threshold for the party's type (OnSpotThreshold: 200 元 a citizen, 3,000 元 an organisation),
decided on the spot by two officers who show their 执法证, on facts 确凿 with a legal basis
(a violation of the catalogue), with the 当场行政处罚决定书 of its own pre-numbered series,
signed by the party on the tablet (or the refusal noted) and handed over at once.

Cash on the spot only for a fine up to OnSpotRule.cash_max (100 元) or one hard to collect
later (第六十八、六十九条), with its receipt; the cash handed to the organ within
OnSpotRule.cash_handover_days working days (第七十一条). The decision is filed (备案) with the
organ within OnSpotRule.filing_days working days (第五十二条; the limit is an UNVERIFIED
default, editable).

A simple case is a PenaltyCase with procedure=simple: none of the ordinary steps (立案审批,
告知, 听证, 决定审批) applies to it (``case.is_simple``)."""

import datetime
import hashlib
import json
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.calendar import add_working_days
from core.numbering import number_take
from core.officers import missing_certificates
from inspections.services.records import signature_png
from penalties.choices import (
    CaseOutcome,
    CaseSource,
    CaseStatus,
    CashReason,
    PartyType,
    PaymentKind,
    PenaltyKind,
    PenaltyStage,
    Procedure,
    ServiceMethod,
    TimeLimitCode,
)
from penalties.models import (
    CasePayment,
    CasePenalty,
    CaseService,
    OnSpotDecision,
    OnSpotRule,
    OnSpotThreshold,
    PenaltyCase,
    TimeLimit,
)
from penalties.services.approvals import rule_for
from penalties.services.base import (
    case_lock,
    case_save,
    check_date,
    due_refresh,
    require_status,
    step_record,
)
from penalties.services.discretion import KIND_FIELD, PenaltyInput, required_missing
from penalties.services.filing import _party_derive, _party_errors, officers_check
from penalties.services.orders import party_type

SERIES = "penalty-on-spot"
DOCUMENT = "on-spot-decision"
DOCUMENT_TITLE = "当场行政处罚决定书"

# Used only when the administrator has deleted a threshold row (行政处罚法第五十一条).
FALLBACK_FINE_MAX = {PartyType.CITIZEN: Decimal("200"), PartyType.ORGANISATION: Decimal("3000")}


def fine_max(case_or_party_kind) -> tuple[Decimal, str]:
    """The largest fine the simple procedure allows this party, and its basis."""
    kind = party_type(case_or_party_kind)
    row = OnSpotThreshold.objects.filter(party_type=kind).first()
    if row is None:
        return FALLBACK_FINE_MAX[kind], "行政处罚法第五十一条"
    return row.fine_max, row.basis


def _yuan(amount: Decimal) -> str:
    return f"{amount.normalize():,f} 元"


def _amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({"fine": "罚款金额不是有效的数字。"}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({"fine": "罚款金额须大于 0；只给予警告的请不填罚款。"})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"fine": "罚款金额最多保留两位小数。"})
    return amount


def penalties_check(*, party_kind, warning: bool, fine) -> Decimal | None:
    """The penalties allowed on the spot: a warning, a fine up to the threshold, or both."""
    amount = _amount(fine)
    if not warning and amount is None:
        raise ValidationError({"fine": "请选择警告或填写罚款金额（简易程序只能给予警告或罚款）。"})
    if amount is not None:
        limit, basis = fine_max(party_kind)
        who = PartyType(party_type(party_kind)).label
        if amount > limit:
            raise ValidationError(
                {
                    "fine": f"当场处罚对{who}的罚款不得超过 {_yuan(limit)}（{basis}）；"
                    f"罚款 {_yuan(amount)} 须按一般程序立案办理。"
                }
            )
    return amount


def catalogue_check(*, violation, warning: bool, amount) -> dict:
    """What the violation's clause demands of an on-spot decision: only penalties it allows,
    those it imposes together (“给予警告，并处罚款”), and no fine below its lowest amount.
    The decision fits when some level of the catalogue allows its penalties and all that
    level requires is there: {field: message} otherwise."""
    levels = list(violation.levels.all())
    if not levels:
        return {}
    chosen = PenaltyInput(warning=warning, fine_amount=amount)
    lines = chosen.lines()
    kinds = {line.kind for line in lines}
    fitting = [level for level in levels if kinds <= set(level.penalties or [])]
    if not fitting:
        allowed = "、".join(
            sorted({PenaltyKind(k).label for lv in levels for k in lv.penalties or []})
        )
        return {"fine" if amount is not None else "warning": (
            f"“{violation}”的处罚依据（{violation.penalty_basis}）不允许只处以所选处罚（可处：{allowed}）。"
        )}  # fmt: skip
    if amount is not None:
        floor = min(level.fine_min or 0 for level in fitting)
        if amount < floor:
            return {"fine": (
                f"“{violation}”的罚款不得低于 {_yuan(floor)}（{violation.penalty_basis}），"
                "罚款低于此数不能当场处罚。"
            )}  # fmt: skip
        fitting = [level for level in fitting if amount >= (level.fine_min or 0)]
    missing = [required_missing(level, lines) for level in fitting]
    if all(missing):
        return {ON_SPOT_FIELD.get(field, field): text for field, text in missing[0].items()}
    return {}


# The on-spot form's fields for the penalty kinds (the ordinary forms name the fine fine_amount).
ON_SPOT_FIELD = {KIND_FIELD[PenaltyKind.FINE]: "fine"}


def _cash_check(*, amount, reason, receipt, rule: OnSpotRule) -> dict:
    if not reason:
        if receipt:
            return {"cash_reason": "登记了收据编号，请选择当场收缴罚款的理由。"}
        return {}
    errors = {}
    if reason not in CashReason.values:
        errors["cash_reason"] = "请选择当场收缴罚款的理由。"
    elif amount is None:
        errors["cash_reason"] = "没有罚款，不能当场收缴。"
    elif reason == CashReason.SMALL and amount > rule.cash_max:
        errors["cash_reason"] = (
            f"罚款 {_yuan(amount)} 超过 {_yuan(rule.cash_max)}，不能以“一百元以下”为由当场收缴"
            "（行政处罚法第六十八条）；事后难以执行的请选择相应理由。"
        )
    if not receipt:
        errors["cash_receipt_number"] = (
            "当场收缴罚款须出具省级财政部门统一制发的专用票据，请填写收据编号（第七十条）。"
        )
    return errors


def _signature_check(*, signature, signer_name, refusal_reason) -> tuple[bytes | None, dict]:
    if refusal_reason:
        if signature:
            return None, {"refusal_reason": "当事人已签名，不能同时记录拒绝签收。"}
        return None, {}
    errors = {}
    if not signer_name:
        errors["signer_name"] = "请填写签收人姓名；当事人拒绝签收的，请写明拒绝情况。"
    try:
        png = signature_png(signature)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        png = None
    return png, errors


def _officers_check(officers, day) -> tuple[list, dict]:
    try:
        officers = officers_check(officers)
    except ValidationError as exc:
        return [], exc.message_dict
    missing = missing_certificates(sorted(officers, key=lambda u: u.pk), day)
    if missing:
        return officers, {
            "officers": f"{'、'.join(missing)} 在 {day:%Y-%m-%d} 没有有效的执法证，不能当场处罚"
            "（行政处罚法第五十二条：执法人员应当向当事人出示执法证件）。"
        }
    return officers, {}


def content_hash(case: PenaltyCase, decision: OnSpotDecision, penalties: list) -> str:
    """What the party's signature vouches for: the decision as printed."""
    content = {
        "number": case.number,
        "party": case.party_name,
        "violation": case.violation_id,
        "facts": case.facts,
        "penalties": [[p.kind, str(p.amount or "")] for p in penalties],
        "decided_at": decision.decided_at.isoformat(),
        "place": decision.place,
    }
    if decision.correction:  # decisions recorded before it was asked keep their digest
        content["correction"] = decision.correction
    text = json.dumps(content, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write(*, user, party, violation, facts, officers, day, amount, warning, inspection, data):
    number = number_take(series=SERIES, year=day.year)
    owed = amount is not None and not data["cash_reason"]
    payment_limit = TimeLimit.current(TimeLimitCode.PAYMENT)
    case = PenaltyCase(
        procedure=Procedure.SIMPLE,
        year=number.year,
        sequence=number.sequence,
        number=number.text,
        source=CaseSource.INSPECTION if inspection is not None else CaseSource.OTHER,
        source_note="" if inspection is not None else "现场发现，当场处罚",
        inspection=inspection,
        party_kind=party.kind,
        establishment=party.establishment,
        party_name=party.name,
        party_code=party.code,
        party_legal_representative=party.legal_representative,
        party_address=party.address,
        party_phone=party.phone,
        party_sex=party.sex,
        violation=violation,
        occurred_on=data["occurred_on"],
        facts=facts,
        filed_on=day,
        decision_due=day,
        procedure_rule=rule_for(day),
        decision_number=number.text,
        decided_on=day,
        served_on=day,
        service_method=ServiceMethod.DIRECT,
        service_recipient=data["signer_name"] or party.name,
        payment_due=payment_limit.due_from(day) if owed else None,
        status=CaseStatus.SERVED,
        created_by=user,
    )
    if not owed:  # a warning, or the fine paid in cash: executed and closed at once
        case.status = CaseStatus.CLOSED
        case.outcome = CaseOutcome.PENALISED
        case.executed_on = case.closed_on = day
        case.execution_note = "当场收缴罚款" if amount is not None else "警告当场执行"
        case.closing_summary = "简易程序当场处罚，当场执行完毕。"
    case.full_clean(exclude=["officers"])
    case._history_user = user
    case._change_reason = f"当场处罚 {case.number}"
    case.save()  # saved first: the time limit below reads its penalties
    case.officers.set(officers)
    penalties = []
    if warning:
        penalties.append(
            CasePenalty(case=case, stage=PenaltyStage.DECIDED, kind=PenaltyKind.WARNING)
        )
    if amount is not None:
        penalties.append(
            CasePenalty(case=case, stage=PenaltyStage.DECIDED, kind=PenaltyKind.FINE, amount=amount)
        )
    CasePenalty.objects.bulk_create(penalties)
    due_refresh(case)
    case.save(update_fields=["next_due", "next_due_code"])
    return case, penalties, number


@transaction.atomic
def simple_case_decide(
    *,
    user,
    violation,
    facts: str,
    officers,
    place: str,
    warning: bool = False,
    fine=None,
    decided_at: datetime.datetime | None = None,
    occurred_on: datetime.date | None = None,
    facts_confirmed: bool = False,
    certificates_shown: bool = False,
    inspection=None,
    establishment=None,
    party_kind: str | None = None,
    party_name: str = "",
    party_code: str = "",
    party_legal_representative: str = "",
    party_address: str = "",
    party_phone: str = "",
    party_sex: str = "",
    party_statement: str = "",
    correction: str = "",
    signer_name: str = "",
    signature: str = "",
    refusal_reason: str = "",
    cash_reason: str = "",
    cash_receipt_number: str = "",
) -> PenaltyCase:
    """Decide a case on the spot (当场行政处罚): the case, its 当场行政处罚决定书 with the next
    number of its series, the penalties, the party's signature (``signature``: the canvas's
    PNG as a data URL) or ``refusal_reason``, the handing over as its service, and cash
    collected on the spot; ``correction``: the order to correct, or how the conduct was
    already corrected (行政处罚法第二十八条). A warning alone, or a fine paid in cash, closes the case at once;
    otherwise it waits for payment like any served decision. All or nothing."""
    decided_at = decided_at or timezone.now()
    day = timezone.localdate(decided_at)
    occurred_on = occurred_on or day
    facts = (facts or "").strip()
    place = (place or "").strip()
    signer_name = (signer_name or "").strip()
    refusal_reason = (refusal_reason or "").strip()
    cash_receipt_number = (cash_receipt_number or "").strip()
    party = _party_derive(
        source=CaseSource.INSPECTION if inspection is not None else CaseSource.OTHER,
        inspection=inspection,
        establishment=establishment,
        kind=party_kind,
        name=party_name,
        code=party_code,
        legal_representative=party_legal_representative,
        address=party_address,
        phone=party_phone,
        sex=party_sex,
    )
    rule = OnSpotRule.on(day)
    errors: dict = dict(_party_errors(party))
    if violation is None:
        errors["violation"] = "请选择违法行为（须有法定依据）。"
    elif not violation.is_active:
        errors["violation"] = f"“{violation}”已停用。"
    if not facts:
        errors["facts"] = "请填写违法事实。"
    if not facts_confirmed:
        errors["facts_confirmed"] = "简易程序只适用于违法事实确凿并有法定依据的情形（第五十一条）。"
    if not certificates_shown:
        errors["certificates_shown"] = "执法人员须向当事人出示执法证件（第五十二条）。"
    if not place:
        errors["place"] = "请填写处罚地点。"
    correction = (correction or "").strip()
    if not correction:
        errors["correction"] = (
            "请写明责令改正的内容和期限（行政处罚法第二十八条：实施行政处罚时应当责令当事人改正"
            "或者限期改正违法行为）；违法行为已当场改正的，写明改正情况。"
        )
    for field, value, label in (
        ("decided_at", day, "处罚时间"),
        ("occurred_on", occurred_on, "违法行为发生日期"),
    ):
        try:
            check_date(value, field=field, label=label)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if occurred_on > day:
        errors["occurred_on"] = "违法行为发生日期不能晚于处罚时间。"
    officers, officer_errors = _officers_check(officers, day)
    errors.update(officer_errors)
    amount = None
    if party.kind is not None:
        try:
            amount = penalties_check(party_kind=party.kind, warning=warning, fine=fine)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        else:
            if violation is not None and "violation" not in errors:
                errors.update(catalogue_check(violation=violation, warning=warning, amount=amount))
    errors.update(
        _cash_check(amount=amount, reason=cash_reason, receipt=cash_receipt_number, rule=rule)
    )
    png, signature_errors = _signature_check(
        signature=signature, signer_name=signer_name, refusal_reason=refusal_reason
    )
    errors.update(signature_errors)
    if errors:
        raise ValidationError(errors)
    case, penalties, number = _write(
        user=user,
        party=party,
        violation=violation,
        facts=facts,
        officers=officers,
        day=day,
        amount=amount,
        warning=warning,
        inspection=inspection,
        data={
            "rule": rule,
            "cash_reason": cash_reason,
            "occurred_on": occurred_on,
            "signer_name": signer_name,
        },
    )
    decision = OnSpotDecision(
        case=case,
        decided_at=decided_at,
        place=place,
        certificates_shown=True,
        party_statement=(party_statement or "").strip(),
        correction=correction,
        signer_name=signer_name,
        refusal_reason=refusal_reason[:200],
        cash_amount=amount if cash_reason else None,
        cash_reason=cash_reason or "",
        cash_receipt_number=cash_receipt_number if cash_reason else "",
        cash_due=add_working_days(day, rule.cash_handover_days) if cash_reason else None,
        filing_due=add_working_days(day, rule.filing_days),
        recorded_by=user,
    )
    if png is not None:
        decision.signature_sha256 = hashlib.sha256(png).hexdigest()
        decision.content_sha256 = content_hash(case, decision, penalties)
        decision.signed_at = timezone.now()
        decision.signature.save(
            f"{case.pk}_party_{decision.signed_at:%Y%m%d%H%M%S%f}.png", ContentFile(png), save=False
        )
    decision.full_clean(exclude=["case", "recorded_by"])
    decision.save()
    _records(case, decision, user=user, officers=officers, number=number.text)
    return case


def _records(case, decision, *, user, officers, number) -> None:
    """The steps, the handing over as the service, the cash as the payment."""
    day = case.decided_on
    step_record(
        case=case,
        step=CaseStatus.DECIDED,
        done_on=day,
        user=user,
        document=f"{DOCUMENT_TITLE} {number}",
    )
    step_record(
        case=case,
        step=CaseStatus.SERVED,
        done_on=day,
        user=user,
        document=f"{DOCUMENT_TITLE} {number}（当场交付）",
        note=f"当事人拒绝签收：{decision.refusal_reason}" if decision.refusal_reason else "",
    )
    service = CaseService.objects.create(
        case=case,
        document=DOCUMENT,
        document_title=DOCUMENT_TITLE,
        document_number=number,
        method=ServiceMethod.DIRECT,
        served_on=day,
        served_at=timezone.localtime(decision.decided_at).time().replace(microsecond=0),
        place=decision.place,
        recipient=case.party_name,
        signer=decision.signer_name,
        refusal_reason=decision.refusal_reason,
        note="当场交付当事人（行政处罚法第五十二条）",
        recorded_by=user,
    )
    service.officers.set(officers)
    if decision.cash_amount is not None:
        CasePayment.objects.create(
            case=case,
            kind=PaymentKind.FINE,
            paid_on=day,
            amount=decision.cash_amount,
            receipt_number=decision.cash_receipt_number,
            recorded_by=user,
        )
    if case.status == CaseStatus.CLOSED:
        step_record(
            case=case,
            step=CaseStatus.EXECUTED,
            done_on=day,
            user=user,
            document="罚没款票据" if decision.cash_amount is not None else "执行记录",
            note=case.execution_note,
        )
        step_record(
            case=case,
            step=CaseStatus.CLOSED,
            done_on=day,
            user=user,
            document="结案",
            note=case.closing_summary,
        )


@transaction.atomic
def simple_case_file(*, case, user, filed_on: datetime.date) -> OnSpotDecision:
    """Record that the on-the-spot decision was filed (备案) with the organ."""
    case = case_lock(case)
    decision = _decision_of(case)
    if decision.filed_with_organ_on is not None:
        raise ValidationError(
            {"filed_on": f"该决定已于 {decision.filed_with_organ_on:%Y-%m-%d} 备案，不能重复登记。"}
        )
    check_date(
        filed_on,
        field="filed_on",
        label="备案日期",
        not_before=case.decided_on,
        not_before_label="处罚日期",
    )
    decision.filed_with_organ_on = filed_on
    decision.filed_with_organ_by = user
    decision.save(update_fields=["filed_with_organ_on", "filed_with_organ_by"])
    return decision


@transaction.atomic
def simple_cash_hand_in(*, case, user, handed_in_on: datetime.date) -> OnSpotDecision:
    """Record that the cash collected on the spot was handed to the organ (第七十一条)."""
    case = case_lock(case)
    decision = _decision_of(case)
    if decision.cash_amount is None:
        raise ValidationError({"handed_in_on": "本案没有当场收缴罚款。"})
    if decision.cash_handed_in_on is not None:
        raise ValidationError(
            {
                "handed_in_on": f"已于 {decision.cash_handed_in_on:%Y-%m-%d} 登记交至机关，不能重复登记。"
            }
        )
    check_date(
        handed_in_on,
        field="handed_in_on",
        label="交至机关日期",
        not_before=case.decided_on,
        not_before_label="收缴日期",
    )
    decision.cash_handed_in_on = handed_in_on
    decision.cash_handed_in_by = user
    decision.save(update_fields=["cash_handed_in_on", "cash_handed_in_by"])
    return decision


def _decision_of(case) -> OnSpotDecision:
    if not case.is_simple:
        raise ValidationError({"status": f"案件 {case.number} 不是简易程序案件。"})
    return OnSpotDecision.objects.select_for_update().get(case=case)


def filing_pending():
    """On-the-spot decisions not yet filed (备案) with the organ, the earliest due first;
    ``filing_overdue`` says which are past their limit."""
    return (
        OnSpotDecision.objects.filter(filed_with_organ_on__isnull=True)
        .select_related("case", "case__violation")
        .order_by("filing_due", "case__number")
    )


def cash_pending():
    """Cash collected on the spot and not yet handed to the organ."""
    return (
        OnSpotDecision.objects.filter(cash_amount__isnull=False, cash_handed_in_on__isnull=True)
        .select_related("case")
        .order_by("cash_due", "case__number")
    )


@transaction.atomic
def simple_case_close(*, case, user, done_on: datetime.date) -> PenaltyCase:
    """Close a simple case once its fine is paid and executed (services.case_execute): no
    结案审批 applies to the simple procedure."""
    case = case_lock(case)
    _decision_of(case)
    require_status(case, CaseStatus.EXECUTED, action="结案")
    check_date(
        done_on,
        field="done_on",
        label="结案日期",
        not_before=case.executed_on,
        not_before_label="执行完毕日期",
    )
    case.status = CaseStatus.CLOSED
    case.outcome = CaseOutcome.PENALISED
    case.closed_on = done_on
    case.closing_summary = "简易程序当场处罚，罚款已缴清，执行完毕。"
    case_save(case, user=user, reason="结案（简易程序）")
    step_record(
        case=case,
        step=CaseStatus.CLOSED,
        done_on=done_on,
        user=user,
        document="结案",
        note=case.closing_summary,
    )
    return case
