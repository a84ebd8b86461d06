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


def penalties_check(*, level: DiscretionLevel, lines, departure_reason: str) -> None:
    """Refuse penalties outside the discretion table unless a reason is recorded."""
    found = departures(level, lines)
    if found and not (departure_reason or "").strip():
        raise ValidationError(
            {
                **found,
                "departure_reason": "处罚超出裁量基准，须填写偏离裁量基准的理由。",
            }
        )
