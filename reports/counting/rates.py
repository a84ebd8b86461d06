"""Rates and amounts as the figures give them (the data, not how it is written:
core.formatting writes them): fractions with four decimals, None when there is nothing to
divide by."""

from decimal import ROUND_HALF_UP, Decimal

RATE_DIGITS = Decimal("0.0001")


def rate(part, whole) -> float | None:
    """A fraction with four decimals (0.9114), or None when the denominator is 0."""
    if not whole:
        return None
    return float((Decimal(part) / Decimal(whole)).quantize(RATE_DIGITS, ROUND_HALF_UP))


def frequency(visits, inspected) -> float | None:
    if not inspected:
        return None
    return float((Decimal(visits) / Decimal(inspected)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def money(value) -> float:
    return float(value or 0)
