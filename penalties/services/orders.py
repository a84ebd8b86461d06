"""What the law attaches to a case beside its penalties: the hearing right (行政处罚法第六十三
条), the correction order (责令改正通知书, 第二十八条), measures such as 取缔, and the
limitation period (追责时效, 第三十六条)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import add_years
from penalties.choices import (
    HEARING_KINDS,
    CaseStatus,
    MeasureKind,
    PartyKind,
    PartyType,
    PenaltyKind,
)
from penalties.models import CaseMeasure, CaseService, CorrectionOrder, HearingThreshold
from penalties.services.base import case_lock, check_date, require_status
from penalties.services.numbers import case_number_take

CORRECTION_SERIES = "penalty-correction"

# Used only when the administrator has deleted a threshold row: 江西省行政处罚听证程序规定
# 第二条 (the office's province); the shipped rows say the same.
FALLBACK_THRESHOLDS = {
    PartyType.CITIZEN: (Decimal("3000"), Decimal("3000")),
    PartyType.ORGANISATION: (Decimal("20000"), Decimal("20000")),
}


def party_type(case_or_party_kind) -> str:
    """A person is a citizen; a registered unit or an unregistered organisation is an
    organisation (a 个体工商户 registered as a unit counts as one)."""
    kind = getattr(case_or_party_kind, "party_kind", case_or_party_kind)
    return PartyType.CITIZEN if kind == PartyKind.PERSON else PartyType.ORGANISATION


def _thresholds(kind: str) -> tuple[Decimal, Decimal, str]:
    row = HearingThreshold.objects.filter(party_type=kind).first()
    if row is None:
        fine, confiscation = FALLBACK_THRESHOLDS[kind]
        return fine, confiscation, "默认标准（未设置本省较大数额标准）"
    return row.fine_from, row.confiscation_from, row.basis


def _yuan(amount) -> str:
    return f"{amount.normalize():,f} 元"


def hearing_right(case_or_party_kind, lines) -> tuple[bool, str]:
    """Whether the proposed penalties ``lines`` give the party the right to a hearing
    (行政处罚法第六十三条), and why: 较大数额罚款, 没收较大数额违法所得或较大价值非法财物
    (thresholds by party type, data), 降低资质等级、吊销许可证件, 责令停产停业、责令关闭、
    限制从业 always."""
    kind = party_type(case_or_party_kind)
    fine_from, confiscation_from, basis = _thresholds(kind)
    who = PartyType(kind).label
    for line in lines:
        if line.kind in HEARING_KINDS:
            return True, f"拟{PenaltyKind(line.kind).label}（行政处罚法第六十三条）"
    for line in lines:
        if line.kind == PenaltyKind.FINE and line.amount is not None and line.amount >= fine_from:
            return True, (
                f"拟对{who}罚款 {_yuan(line.amount)}，达到较大数额 {_yuan(fine_from)}"
                f"（行政处罚法第六十三条；{basis}）"
            )
        if (
            line.kind == PenaltyKind.CONFISCATE_GAINS
            and line.amount is not None
            and line.amount >= confiscation_from
        ):
            return True, (
                f"拟没收违法所得 {_yuan(line.amount)}，达到较大数额 {_yuan(confiscation_from)}"
                f"（行政处罚法第六十三条；{basis}）"
            )
        if line.kind == PenaltyKind.CONFISCATE_ITEMS:
            return True, "拟没收药品、器械（非法财物，价值未核定的按较大价值告知听证权利）"
    return False, (
        f"拟处罚未达到听证条件（对{who}罚款 {_yuan(fine_from)} 以上等，{basis}），不告知听证权利"
    )


def limitation_check(
    *,
    occurred_on: datetime.date,
    filed_on: datetime.date,
    continuing: bool = False,
    ended_on: datetime.date | None = None,
    harms_life_health: bool = False,
    harm_reason: str = "",
) -> None:
    """追责时效 (行政处罚法第三十六条): two years, five where the violation concerns life and
    health and had harmful consequences (the reason recorded); counted from the day the
    violation happened or, if continuing or repeated, from the day it ended."""
    errors = {}
    if continuing:
        if ended_on is None:
            errors["ended_on"] = (
                "连续或者继续状态的违法行为，请填写违法行为终了日期（尚未终了的填立案日期）。"
            )
        elif ended_on < occurred_on:
            errors["ended_on"] = "违法行为终了日期不能早于发生日期。"
        elif ended_on > filed_on:
            errors["ended_on"] = "违法行为终了日期不能晚于立案日期。"
    elif ended_on is not None:
        errors["ended_on"] = "只有连续或者继续状态的违法行为才填写终了日期。"
    if harms_life_health and not (harm_reason or "").strip():
        errors["harm_reason"] = (
            "请说明涉及公民生命健康安全并造成危害后果的事实（适用五年追责时效）。"
        )
    if errors:
        raise ValidationError(errors)
    start = ended_on if continuing else occurred_on
    years = 5 if harms_life_health else 2
    if filed_on > add_years(start, years):
        counted = "终了" if continuing else "发生"
        more = (
            "" if harms_life_health else "；涉及公民生命健康安全且有危害后果的为五年，请勾选并说明"
        )
        raise ValidationError(
            {
                "occurred_on": (
                    f"违法行为{counted}之日（{start:%Y-%m-%d}）起已超过 {years} 年的追责时效"
                    f"（行政处罚法第三十六条{more}），不再给予行政处罚。"
                )
            }
        )


def correction_order_issue(
    *, case, user, issued_on: datetime.date, content: str, due_on=None, basis: str = ""
) -> CorrectionOrder:
    """Issue a 责令改正通知书 in its own number series. Not a penalty (行政处罚法第二十八条)."""
    errors = {}
    if not (content or "").strip():
        errors["correction_note"] = "请填写责令改正的内容。"
    if due_on is not None and due_on < issued_on:
        errors["correction_due"] = "改正期限不能早于下达日期。"
    if errors:
        raise ValidationError(errors)
    number = case_number_take(case=case, series=CORRECTION_SERIES, year=issued_on.year)
    basis = (basis or "").strip() or (
        f"《中华人民共和国行政处罚法》第二十八条第一款；{case.violation.penalty_basis}"
    )
    return CorrectionOrder.objects.create(
        case=case,
        number=number.text,
        content=content.strip(),
        due_on=due_on,
        basis=basis,
        issued_on=issued_on,
        issued_by=user,
    )


CORRECTION_MISSING = (
    "实施行政处罚时应当责令当事人改正或者限期改正违法行为（行政处罚法第二十八条第一款）。"
    "请勾选下达责令改正通知书并填写改正内容，或在“未责令改正的理由”中写明理由（如违法行为已当场改正）。"
)


def correction_check(case, penalties) -> str:
    """A penalty goes with an order to correct (行政处罚法第二十八条第一款): one given now
    (``order_correct``), one the case already holds, or the reason none is
    (``no_correction_reason``). Returns the reason to keep on the case (blank when an order
    stands); refuses a proposal or decision with neither."""
    reason = (getattr(penalties, "no_correction_reason", "") or "").strip()
    if getattr(penalties, "order_correct", False) or case.correction_orders.exists():
        return ""  # an order stands: no reason to keep beside it
    if reason:
        return reason
    raise ValidationError({"order_correct": CORRECTION_MISSING})


def _served(order) -> bool:
    return CaseService.objects.filter(
        case=order.case_id, document="correction-order", record_id=order.pk, current=True
    ).exists()


def correction_from_input(*, case, user, issued_on, penalties) -> CorrectionOrder | None:
    """The correction order a notice or decision form asks for (``order_correct``): issued
    once per case; a later form with other content or deadline updates the order while it
    is not served, and issues a new one (its own number) once it is: a served document is
    never rewritten."""
    if not getattr(penalties, "order_correct", False):
        return None
    content = (penalties.correction_note or "").strip()
    due_on = penalties.correction_due or None
    existing = case.correction_orders.order_by("-issued_on", "-id").first()
    if existing is not None and _served(existing):
        if existing.content == content and existing.due_on == due_on:
            return existing
        existing = None
    if existing is not None:
        if existing.content != content or existing.due_on != due_on:
            existing.content, existing.due_on = content, due_on
            existing.save(update_fields=["content", "due_on"])
        return existing
    return correction_order_issue(
        case=case, user=user, issued_on=issued_on, content=content, due_on=due_on
    )


@transaction.atomic
def measure_record(
    *, case, user, kind: str, taken_on: datetime.date, basis: str = "", note: str = ""
) -> CaseMeasure:
    """Record a measure that is not a penalty, e.g. 取缔 of an unlicensed clinic (医疗机构管理
    条例第四十三条 / 基本医疗卫生与健康促进法第九十九条), on a case not yet closed. The same
    measure sent twice (a double submit) is recorded once."""
    case = case_lock(case)
    require_status(
        case, *[s for s in CaseStatus.values if s != CaseStatus.CLOSED], action="登记取缔等措施"
    )
    errors = {}
    if kind not in MeasureKind.values:
        errors["kind"] = "请选择措施。"
    try:
        check_date(taken_on, field="taken_on", label="实施日期")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    else:
        if taken_on < case.filed_on and kind != MeasureKind.STOP:
            errors["taken_on"] = (
                f"实施日期不能早于立案日期（{case.filed_on:%Y-%m-%d}）；"
                "立案前当场责令停止的，请选择“责令停止违法行为”。"
            )
    basis, note = (basis or "").strip(), (note or "").strip()
    if kind == MeasureKind.BAN and not basis:
        errors["basis"] = "请填写取缔的法律依据（如《医疗机构管理条例》第四十三条）。"
    if errors:
        raise ValidationError(errors)
    same = case.measures.filter(kind=kind, taken_on=taken_on, basis=basis, note=note).first()
    if same is not None:
        return same
    measure = CaseMeasure(
        case=case, kind=kind, taken_on=taken_on, basis=basis, note=note, recorded_by=user
    )
    measure._history_user = user
    measure.save()
    return measure
