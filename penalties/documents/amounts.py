"""Amounts as the documents write them: in figures and in Chinese capitals (大写)."""

from decimal import ROUND_HALF_UP, Decimal

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")
CENT = Decimal("0.01")


def _integer_in_capitals(number: int) -> str:
    """12345 → 壹万贰仟叁佰肆拾伍: one 零 for each run of zeros inside the number."""
    if number == 0:
        return "零"
    digits = str(number)
    if len(digits) > 4 * len(_GROUPS):
        raise ValueError(f"金额过大：{number}")
    out = []
    pending_zero = False
    for i, char in enumerate(digits):
        position = len(digits) - 1 - i
        if char == "0":
            pending_zero = True
        else:
            if pending_zero and out:
                out.append("零")
            pending_zero = False
            out.append(_DIGITS[int(char)] + _PLACES[position % 4])
        group = position // 4
        if position % 4 == 0 and group and int(digits[max(0, i - 3) : i + 1]):
            out.append(_GROUPS[group])
    return "".join(out)


def yuan_in_capitals(amount) -> str:
    """An amount of yuan in Chinese capital numerals (大写), as written on financial documents:
    3000 → 叁仟元整, 12345.67 → 壹万贰仟叁佰肆拾伍元陆角柒分, 0.5 → 伍角整."""
    value = Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)
    if value < 0:
        raise ValueError(f"金额不能为负数：{amount}")
    cents = int(value * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    text = f"{_integer_in_capitals(yuan)}元" if yuan or not (jiao or fen) else ""
    if jiao:
        text += f"{_DIGITS[jiao]}角"
    elif fen and yuan:
        text += "零"
    if fen:
        text += f"{_DIGITS[fen]}分"
    else:
        text += "整"
    return text


def yuan_in_figures(amount) -> str:
    """3000 → 3,000; 12345.67 → 12,345.67 (no trailing zeros)."""
    value = Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text
