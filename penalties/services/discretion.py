"""Penalties as entered (one flat shape for forms and the API) and their check against the
discretion table (处罚裁量权基准)."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from penalties.choices import PenaltyKind, Severity
from penalties.models import DiscretionLevel

# The input field that carries each kind of penalty: errors name it.
KIND_FIELD = {
    PenaltyKind.WARNING: "warning",
    PenaltyKind.FINE: "fine_amount",
    PenaltyKind.CONFISCATE_GAINS: "gains_amount",
    PenaltyKind.CONFISCATE_ITEMS: "items_confiscated",
    PenaltyKind.ORDER_CORRECT: "order_correct",
    PenaltyKind.SUSPENSION: "suspension",
}


@dataclass(frozen=True)
class PenaltyLine:
    kind: str
    amount: Decimal | None = None
    items: str = ""
    quantity: str = ""
    note: str = ""


@dataclass
class PenaltyInput:
    """The penalties of a notice or a decision, as a form or the API enters them."""

    warning: bool = False
    fine_amount: Decimal | None = None
    gains_amount: Decimal | None = None
    items_confiscated: str = ""
    items_quantity: str = ""
    order_correct: bool = False
    correction_note: str = ""
    suspension: bool = False
    suspension_note: str = ""

    def lines(self) -> list[PenaltyLine]:
        errors = {}
        lines = []
        if self.warning:
            lines.append(PenaltyLine(PenaltyKind.WARNING))
        for kind, field in (
            (PenaltyKind.FINE, "fine_amount"),
            (PenaltyKind.CONFISCATE_GAINS, "gains_amount"),
        ):
            raw = getattr(self, field)
            if raw in (None, ""):
                continue
            try:
                amount = Decimal(str(raw))
            except InvalidOperation:
                errors[field] = f"“{raw}”不是金额。"
                continue
            if amount <= 0:
                errors[field] = "金额须大于 0；不处此项请留空。"
            elif amount != amount.quantize(Decimal("0.01")):
                errors[field] = "金额最多保留两位小数。"
            else:
                lines.append(PenaltyLine(kind, amount=amount))
        items = (self.items_confiscated or "").strip()
        quantity = (self.items_quantity or "").strip()
        if items and not quantity:
            errors["items_quantity"] = "请填写没收物品的数量。"
        elif quantity and not items:
            errors["items_confiscated"] = "请填写没收的药品、器械名称。"
        elif items:
            lines.append(PenaltyLine(PenaltyKind.CONFISCATE_ITEMS, items=items, quantity=quantity))
        if self.order_correct:
            lines.append(PenaltyLine(PenaltyKind.ORDER_CORRECT, note=self.correction_note.strip()))
        if self.suspension:
            lines.append(PenaltyLine(PenaltyKind.SUSPENSION, note=self.suspension_note.strip()))
        if errors:
            raise ValidationError(errors)
        if not lines:
            raise ValidationError({"penalties": "请至少选择一种处罚。"})
        return lines


def discretion_level(violation, severity) -> DiscretionLevel:
    if severity not in Severity.values:
        raise ValidationError({"severity": "请选择违法情节（轻微、一般或严重）。"})
    level = DiscretionLevel.objects.filter(violation=violation, severity=severity).first()
    if level is None:
        raise ValidationError(
            {
                "severity": f"“{violation}”没有“{Severity(severity).label}”情节的裁量基准，请选择其他情节或请管理员补充。"
            }
        )
    return level


def departures(level: DiscretionLevel, lines: list[PenaltyLine]) -> dict[str, str]:
    """Where ``lines`` leave the discretion table: {input field: message}."""
    found = {}
    for line in lines:
        field = KIND_FIELD[line.kind]
        if line.kind not in level.penalties:
            found[field] = (
                f"“{level}”的裁量基准不含“{PenaltyKind(line.kind).label}”"
                f"（可处：{level.penalty_labels or '无'}）。"
            )
        elif line.kind == PenaltyKind.FINE:
            low, high = level.fine_min, level.fine_max
            if (low is not None and line.amount < low) or (high is not None and line.amount > high):
                found[field] = (
                    f"罚款 {line.amount.normalize():,f} 元超出“{level}”的裁量幅度"
                    f"（{level.fine_range_text}）。"
                )
    return found


def _money(amount) -> str:
    return f"{amount.normalize():,f}"


def legal_bounds(violation, lines: list[PenaltyLine]) -> dict[str, str]:
    """What no departure reason can justify: {input field: message}. A penalty kind that no
    level of the violation allows; a fine below zero, or above the highest fine of all its
    levels when every level that fines has a maximum (the clause's own ceiling)."""
    levels = list(violation.levels.all())
    allowed = {kind for level in levels for kind in level.penalties}
    fining = [level for level in levels if PenaltyKind.FINE in level.penalties]
    ceiling = (
        max(level.fine_max for level in fining)
        if fining and all(level.fine_max is not None for level in fining)
        else None
    )
    found = {}
    for line in lines:
        field = KIND_FIELD[line.kind]
        if line.kind not in allowed:
            labels = "、".join(PenaltyKind(k).label for k in PenaltyKind.values if k in allowed)
            found[field] = (
                f"“{violation}”的处罚依据不含“{PenaltyKind(line.kind).label}”"
                f"（各情节可处：{labels or '无'}），偏离裁量基准也不能处以此种处罚。"
            )
        elif line.amount is not None and line.amount < 0:
            found[field] = "金额不能为负数。"
        elif line.kind == PenaltyKind.FINE and ceiling is not None and line.amount > ceiling:
            found[field] = (
                f"罚款 {_money(line.amount)} 元超过“{violation}”的最高罚款 {_money(ceiling)} 元"
                "（处罚依据规定的上限），即使说明偏离理由也不能超出。"
            )
    return found


def fine_above_level(level: DiscretionLevel, lines: list[PenaltyLine]) -> bool:
    """The fine departs upward: above the chosen level's maximum (needs the legal review)."""
    return any(
        line.kind == PenaltyKind.FINE
        and level.fine_max is not None
        and line.amount is not None
        and line.amount > level.fine_max
        for line in lines
    )


def penalties_check(*, level: DiscretionLevel, lines, departure_reason: str) -> None:
    """Refuse what the law does not allow at all, then penalties outside the discretion
    table unless a reason is recorded."""
    beyond = legal_bounds(level.violation, lines)
    if beyond:
        raise ValidationError(beyond)
    found = departures(level, lines)
    if found and not (departure_reason or "").strip():
        raise ValidationError(
            {
                **found,
                "departure_reason": "处罚超出裁量基准，须填写偏离裁量基准的理由。",
            }
        )
