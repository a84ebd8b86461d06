"""Penalties as entered (one flat shape for forms and the API) and their check against the
discretion table (处罚裁量权基准)."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from penalties.choices import PenaltyKind, PenaltyStage, Severity
from penalties.models import DiscretionLevel

# The input field that carries each kind of penalty: errors name it.
KIND_FIELD = {
    PenaltyKind.WARNING: "warning",
    PenaltyKind.FINE: "fine_amount",
    PenaltyKind.CONFISCATE_GAINS: "gains_amount",
    PenaltyKind.CONFISCATE_ITEMS: "items_confiscated",
    PenaltyKind.SUSPENSION: "suspension",
    PenaltyKind.SUSPEND_PRACTICE: "suspend_practice",
    PenaltyKind.REVOKE: "revoke",
}

# "7件", "3.5 kg", "12 盒"
_QUANTITY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(\S.*?)\s*$")
_SEPARATORS = re.compile(r"\s*[，,|；;\t]\s*")


@dataclass(frozen=True)
class ItemLine:
    """One confiscated item: name, specification, quantity (a number) and unit."""

    name: str
    quantity: Decimal
    unit: str
    specification: str = ""

    @property
    def text(self) -> str:
        spec = f"（{self.specification}）" if self.specification else ""
        return f"{self.name}{spec} {self.quantity.normalize():f}{self.unit}"


@dataclass(frozen=True)
class PenaltyLine:
    kind: str
    amount: Decimal | None = None
    items: str = ""
    quantity: str = ""
    note: str = ""
    item_lines: tuple = ()


def _quantity(text: str) -> tuple[Decimal, str] | None:
    match = _QUANTITY.match(text or "")
    if not match:
        return None
    try:
        number = Decimal(match.group(1))
    except InvalidOperation:
        return None
    return (number, match.group(2)) if number > 0 else None


def items_parse(text: str) -> list[ItemLine]:
    """The confiscated items of a form's text area, one a line: ``名称，规格，数量单位`` or
    ``名称，数量单位`` (数量 a number, 单位 e.g. 盒、支、件). Raises ValueError naming the line."""
    found = []
    for n, raw in enumerate((text or "").splitlines(), 1):
        if not raw.strip():
            continue
        parts = [p for p in _SEPARATORS.split(raw.strip()) if p]
        parsed = _quantity(parts[-1]) if len(parts) >= 2 else None
        if parsed is None:
            raise ValueError(
                f"第 {n} 行“{raw.strip()}”：请按“名称，规格，数量单位”填写（数量为数字，如 7盒）。"
            )
        name, spec = parts[0], "，".join(parts[1:-1])
        found.append(
            ItemLine(
                name=name[:100], specification=spec[:100], quantity=parsed[0], unit=parsed[1][:20]
            )
        )
    return found


@dataclass
class PenaltyInput:
    """The penalties of a notice or a decision, as a form or the API enters them.

    ``illegal_gains``: the illegal gains the case establishes (the base of a fine counted as
    a multiple of them). ``order_correct`` with ``correction_note`` / ``correction_due``
    issue the case's 责令改正通知书 beside the penalties, not as one of them;
    ``no_correction_reason`` says why none is given (第二十八条, orders.correction_check).
    Confiscated items: ``items`` (dicts name/specification/quantity/unit, the API), or
    ``items_confiscated`` (one item a line, a form), or ``items_confiscated`` naming one
    item with ``items_quantity`` such as "7件"."""

    warning: bool = False
    fine_amount: Decimal | None = None
    gains_amount: Decimal | None = None
    illegal_gains: Decimal | None = None
    items: list | None = None
    items_confiscated: str = ""
    items_quantity: str = ""
    suspension: bool = False
    suspension_note: str = ""
    suspend_practice: bool = False
    suspend_practice_note: str = ""
    revoke: bool = False
    revoke_note: str = ""
    # Not penalties: the order to correct that goes with them, or why none does (last on
    # the forms, together).
    order_correct: bool = False
    correction_note: str = ""
    correction_due: object = None
    no_correction_reason: str = ""

    def _money(self, field, errors, *, zero_ok=False):
        raw = getattr(self, field)
        if raw in (None, ""):
            return None
        try:
            amount = Decimal(str(raw))
        except InvalidOperation:
            errors[field] = f"“{raw}”不是金额。"
            return None
        if amount < 0 or (amount == 0 and not zero_ok):
            errors[field] = "金额不能为负数。" if zero_ok else "金额须大于 0；不处此项请留空。"
        elif amount != amount.quantize(Decimal("0.01")):
            errors[field] = "金额最多保留两位小数。"
        else:
            return amount
        return None

    def gains(self) -> Decimal | None:
        """The illegal gains entered (0 allowed); the confiscated gains if none was."""
        errors = {}
        gains = self._money("illegal_gains", errors, zero_ok=True)
        if errors:
            raise ValidationError(errors)
        if gains is None:
            gains = self._money("gains_amount", errors)
        return gains

    def _item_lines(self, errors) -> list[ItemLine]:
        if self.items:
            found = []
            for n, item in enumerate(self.items, 1):
                item = dict(item)
                quantity = item.get("quantity")
                try:
                    quantity = Decimal(str(quantity))
                except (InvalidOperation, TypeError):
                    quantity = None
                name, unit = (
                    str(item.get("name") or "").strip(),
                    str(item.get("unit") or "").strip(),
                )
                if not name or not unit or quantity is None or quantity <= 0:
                    errors["items"] = f"第 {n} 项没收物品须有名称、大于 0 的数量和单位。"
                    return []
                spec = str(item.get("specification") or "").strip()
                found.append(ItemLine(name=name, specification=spec, quantity=quantity, unit=unit))
            return found
        text = (self.items_confiscated or "").strip()
        quantity = (self.items_quantity or "").strip()
        if quantity and not text:
            errors["items_confiscated"] = "请填写没收的药品、器械名称。"
            return []
        if not text:
            return []
        if quantity:
            parsed = _quantity(quantity)
            if parsed is None:
                errors["items_quantity"] = "请以“数量单位”填写没收物品的数量，如 7件、3盒。"
                return []
            return [ItemLine(name=text[:100], quantity=parsed[0], unit=parsed[1][:20])]
        try:
            return items_parse(text)
        except ValueError as exc:
            errors["items_quantity"] = f"请填写没收物品的数量：{exc}"
            return []

    def lines(self) -> list[PenaltyLine]:
        errors = {}
        lines = []
        if self.warning:
            lines.append(PenaltyLine(PenaltyKind.WARNING))
        for kind, field in (
            (PenaltyKind.FINE, "fine_amount"),
            (PenaltyKind.CONFISCATE_GAINS, "gains_amount"),
        ):
            amount = self._money(field, errors)
            if amount is not None:
                lines.append(PenaltyLine(kind, amount=amount))
        self._money("illegal_gains", errors, zero_ok=True)
        items = self._item_lines(errors)
        if items:
            summary = "、".join(i.text for i in items)
            lines.append(
                PenaltyLine(
                    PenaltyKind.CONFISCATE_ITEMS,
                    items=summary[:200],
                    quantity=f"{len(items)} 项",
                    item_lines=tuple(items),
                )
            )
        for kind, flag, note in (
            (PenaltyKind.SUSPENSION, "suspension", "suspension_note"),
            (PenaltyKind.SUSPEND_PRACTICE, "suspend_practice", "suspend_practice_note"),
            (PenaltyKind.REVOKE, "revoke", "revoke_note"),
        ):
            if getattr(self, flag):
                lines.append(PenaltyLine(kind, note=(getattr(self, note) or "").strip()))
        if self.order_correct and not (self.correction_note or "").strip():
            errors["correction_note"] = "请填写责令改正的内容。"
        if self.order_correct and (self.no_correction_reason or "").strip():
            errors["no_correction_reason"] = (
                "已勾选下达责令改正通知书，不必再填写未责令改正的理由：两者选其一。"
            )
        if errors:
            raise ValidationError(errors)
        if not lines:
            raise ValidationError({"penalties": "请至少选择一种处罚（责令改正不是行政处罚）。"})
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


def _money(amount) -> str:
    return f"{amount.normalize():,f}"


def _gains_missing(level) -> bool:
    return level.by_gains and level.gains_floor is None


def departures(level: DiscretionLevel, lines: list[PenaltyLine], gains=None) -> dict[str, str]:
    """Where ``lines`` leave the discretion table: {input field: message}. A fine counted
    as a multiple of the illegal gains is measured against ``gains`` (floor applied)."""
    found = {}
    for line in lines:
        field = KIND_FIELD[line.kind]
        if line.kind not in level.penalties:
            found[field] = (
                f"“{level}”的裁量基准不含“{PenaltyKind(line.kind).label}”"
                f"（可处：{level.penalty_labels or '无'}）。"
            )
        elif line.kind == PenaltyKind.FINE:
            low, high = level.fine_range_for(gains)
            if (low is not None and line.amount < low) or (high is not None and line.amount > high):
                shown = (
                    f"{_money(low)}–{_money(high)} 元" if level.by_gains else level.fine_range_text
                )
                found[field] = (
                    f"罚款 {_money(line.amount)} 元超出“{level}”的裁量幅度"
                    f"（{shown}{'，即' + level.fine_range_text if level.by_gains else ''}）。"
                )
    return found


def _ceiling(levels, gains):
    """The clause's highest fine over all the violation's levels, or None if a level has
    no upper limit."""
    fining = [level for level in levels if PenaltyKind.FINE in level.penalties]
    highs = [level.fine_range_for(gains)[1] for level in fining]
    if not fining or any(high is None for high in highs):
        return None
    return max(highs)


def _floor(levels, gains):
    """The clause's lowest fine (a multiple's minimum counts: below it the law is broken)."""
    lows = [
        level.fine_range_for(gains)[0]
        for level in levels
        if PenaltyKind.FINE in level.penalties and level.by_gains
    ]
    lows = [low for low in lows if low is not None]
    return min(lows) if lows else None


def legal_bounds(violation, lines: list[PenaltyLine], gains=None) -> dict[str, str]:
    """What no departure reason can justify: {input field: message}. A penalty kind that no
    level of the violation allows; a fine below zero, or above the highest fine of all its
    levels when every level that fines has a maximum (the clause's own ceiling); a fine
    counted as a multiple of illegal gains outside the clause's multiples."""
    levels = list(violation.levels.all())
    allowed = {kind for level in levels for kind in level.penalties}
    ceiling = _ceiling(levels, gains)
    floor = _floor(levels, gains)
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
        elif line.kind == PenaltyKind.FINE and floor is not None and line.amount < floor:
            found[field] = (
                f"罚款 {_money(line.amount)} 元低于“{violation}”按违法所得倍数计算的最低罚款"
                f" {_money(floor)} 元（处罚依据规定的下限）。"
            )
    return found


def required_missing(level: DiscretionLevel, lines: list[PenaltyLine]) -> dict[str, str]:
    """The penalties the level's clause imposes (“给予警告，并处罚款”: both) missing from
    ``lines``: {input field: message}. “可以并处” penalties are not listed as required."""
    required = [k for k in level.required_penalties or [] if k in PenaltyKind.values]
    kinds = {line.kind for line in lines}
    if not required:
        return {}
    labels = "，并处".join(PenaltyKind(k).label for k in required)
    return {
        KIND_FIELD[k]: (
            f"“{level}”的处罚条款规定应当{labels}（{level.violation.penalty_basis}），"
            f"须同时处以“{PenaltyKind(k).label}”。"
        )
        for k in required
        if k not in kinds
    }


def fine_above_level(level: DiscretionLevel, lines: list[PenaltyLine], gains=None) -> bool:
    """The fine departs upward: above the chosen level's maximum (needs the legal review)."""
    high = level.fine_range_for(gains)[1]
    return any(
        line.kind == PenaltyKind.FINE
        and high is not None
        and line.amount is not None
        and line.amount > high
        for line in lines
    )


def penalties_check(*, level: DiscretionLevel, lines, departure_reason: str, gains=None) -> None:
    """Refuse what the law does not allow at all (a kind the clause does not provide, a
    mandatory pair split, a fine outside the clause's range or multiples), then penalties
    outside the discretion table unless a reason is recorded. ``gains``: the illegal gains
    (PenaltyInput.gains()) for a fine counted as a multiple of them."""
    fines = any(line.kind == PenaltyKind.FINE for line in lines)
    if fines and gains is None and _gains_missing(level):
        raise ValidationError(
            {"illegal_gains": f"“{level}”按违法所得的倍数罚款：请填写违法所得（没有的填 0）。"}
        )
    beyond = {**legal_bounds(level.violation, lines, gains), **required_missing(level, lines)}
    if beyond:
        raise ValidationError(beyond)
    found = departures(level, lines, gains)
    if found and not (departure_reason or "").strip():
        raise ValidationError(
            {
                **found,
                "departure_reason": "处罚超出裁量基准，须填写偏离裁量基准的理由。",
            }
        )


def not_heavier_check(case, lines) -> None:
    """A defence never makes the penalty heavier (行政处罚法第四十五条)."""
    proposed = {p.kind: p for p in case.penalties.filter(stage=PenaltyStage.PROPOSED)}
    errors = {}
    for line in lines:
        before = proposed.get(line.kind)
        field = KIND_FIELD[line.kind]
        if before is None:
            errors[field] = (
                f"告知书未告知“{PenaltyKind(line.kind).label}”：决定不能重于告知的处罚，如需加重应重新告知。"
            )
        elif line.amount is not None and before.amount is not None and line.amount > before.amount:
            errors[field] = (
                f"决定金额 {line.amount.normalize():,f} 元高于告知的 {before.amount.normalize():,f} 元：不得因陈述申辩加重处罚。"
            )
    if errors:
        raise ValidationError(errors)
