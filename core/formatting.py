"""How numbers are written: one rule per kind of figure, used by every page, PDF, workbook,
dashboard and narrative, so the same figure reads the same everywhere.

Kinds (the ``kind`` of a figure in reports' catalogue):

- ``count``: a whole number, written plainly: 617.
- ``rate``: a fraction (0.9114), written as a percentage with two decimals: 91.14%. Two
  decimals because rates are kept to four decimals of a fraction and the official
  statistics tables print them so (coverage 29,403 / 31,160 = 94.36%).
- ``frequency``: visits per unit, one decimal: 2.4 (户次/户).
- ``money``: yuan, two decimals with thousands separators: 14,500.00.

Every rounding is half up (0.66665 → 66.67%, never 66%), on Decimal, never on binary
floats. A missing value (None: a denominator of 0, a period without data) is written "—".

Differences:
- ``difference(kind, now, before)``: the absolute change in the figure's own unit — a rate
  in percentage points (+1.20 个百分点), a frequency plainly (2.5 vs 2.4 is +0.1), a count
  or an amount signed (+12, +1,200.00);
- ``growth(now, before)``: the relative change of a count or an amount (+75.00%), "—"
  when the year before had nothing;
- ``change(kind, now, before)``: what a "增减" column shows — growth for counts and money,
  the difference for rates and frequencies.

``EXCEL`` holds the matching number formats of a workbook cell (the value stays a number),
so a workbook shows the string this module writes."""

from decimal import ROUND_HALF_UP, Decimal

DASH = "—"
POINTS = "个百分点"
COUNT, RATE, FREQUENCY, MONEY = "count", "rate", "frequency", "money"
KINDS = (COUNT, RATE, FREQUENCY, MONEY)

# Decimal places of what is written, per kind (a rate's are those of its percentage).
PLACES = {COUNT: 0, RATE: 2, FREQUENCY: 1, MONEY: 2}

# Workbook number formats writing the same strings: the value, and a signed difference
# (a rate's difference is stored in percentage points, see ``excel_difference``).
EXCEL = {COUNT: "0", RATE: "0.00%", FREQUENCY: "0.0", MONEY: "#,##0.00"}
EXCEL_DIFFERENCE = {
    COUNT: "+0;-0;0",
    RATE: f'+0.00" {POINTS}";-0.00" {POINTS}";0.00" {POINTS}"',
    FREQUENCY: "+0.0;-0.0;0.0",
    MONEY: "+#,##0.00;-#,##0.00;0.00",
}
EXCEL_GROWTH = "+0.00%;-0.00%;0.00%"


def decimal(value) -> Decimal | None:
    """``value`` as a Decimal (a float through its shortest repr: 0.1 → 0.1), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    return Decimal(str(value))


def rounded(value, places: int) -> Decimal:
    """``value`` (not None) rounded half up to ``places`` decimals (0 → a whole number)."""
    number = decimal(value)
    if number is None:
        raise TypeError("nothing to round")
    return number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def _fixed(number: Decimal, places: int, *, grouped: bool = False, signed: bool = False) -> str:
    number = rounded(number, places)
    if number == 0:
        number = abs(number)  # never "-0.00"
    sign = "+" if signed and number > 0 else ""
    return f"{sign}{number:{',' if grouped else ''}.{places}f}"


# ---------------------------------------------------------------- values


def count(value) -> str:
    """617 → "617"; None → "—"."""
    number = decimal(value)
    return DASH if number is None else _fixed(number, 0)


def rate(value) -> str:
    """A fraction as a percentage: 0.9114 → "91.14%", 2/3 → "66.67%", 1 → "100.00%"."""
    number = decimal(value)
    return DASH if number is None else f"{_fixed(number * 100, PLACES[RATE])}%"


def frequency(value) -> str:
    """Visits per unit: 2.4 → "2.4"; 2.45 → "2.5"."""
    number = decimal(value)
    return DASH if number is None else _fixed(number, PLACES[FREQUENCY])


def money(value) -> str:
    """Yuan: 14500 → "14,500.00"; 12.5 → "12.50"; None → "—"."""
    number = decimal(value)
    return DASH if number is None else _fixed(number, PLACES[MONEY], grouped=True)


WRITERS = {COUNT: count, RATE: rate, FREQUENCY: frequency, MONEY: money}


def number(kind: str, value) -> str:
    """``value`` written as a figure of ``kind``."""
    return WRITERS[kind](value)


# ---------------------------------------------------------------- differences


def signed(kind: str, delta) -> str:
    """A change already worked out, in the figure's own unit: a rate's (a fraction) in
    percentage points (0.012 → "+1.20 个百分点"), a frequency's plainly ("+0.1"), a count's
    or an amount's signed ("+12", "+1,200.00")."""
    delta = decimal(delta)
    if delta is None:
        return DASH
    if kind == RATE:
        return f"{_fixed(delta * 100, PLACES[RATE], signed=True)} {POINTS}"
    return _fixed(delta, PLACES[kind], grouped=kind == MONEY, signed=True)


def difference(kind: str, now, before) -> str:
    """``now`` − ``before`` in the figure's own unit; "—" when either is missing."""
    now, before = decimal(now), decimal(before)
    if now is None or before is None:
        return DASH
    return signed(kind, now - before)


def points(now, before) -> str:
    """The change of a rate in percentage points: 0.9114 vs 0.8994 → "+1.20 个百分点"."""
    return difference(RATE, now, before)


def growth_fraction(now, before) -> Decimal | None:
    """The relative change as a fraction with four decimals (0.7586), None when the year
    before had nothing (0 or missing) to grow from."""
    now, before = decimal(now), decimal(before)
    if now is None or not before:
        return None
    return rounded((now - before) / before, 4)


def signed_rate(fraction) -> str:
    """A relative change given as a fraction: 0.75 → "+75.00%", -0.1 → "-10.00%"."""
    number = decimal(fraction)
    return DASH if number is None else f"{_fixed(number * 100, PLACES[RATE], signed=True)}%"


def growth(now, before) -> str:
    """The relative change of a count or an amount: 35 vs 20 → "+75.00%"; "—" when the
    year before had nothing."""
    return signed_rate(growth_fraction(now, before))


def change(kind: str, now, before) -> str:
    """A "增减" column: counts and money grow by a percentage, rates move by percentage
    points, frequencies by a plain difference."""
    if kind in (RATE, FREQUENCY):
        return difference(kind, now, before)
    return growth(now, before)


def excel_signed(kind: str, delta) -> Decimal | None:
    """The number a workbook stores for ``signed(kind, delta)`` (formatted by
    EXCEL_DIFFERENCE): a rate's change in percentage points, the others' in their unit."""
    delta = decimal(delta)
    if delta is None:
        return None
    if kind == RATE:
        return rounded(delta * 100, PLACES[RATE])
    return rounded(delta, PLACES[kind])


def excel_difference(kind: str, now, before) -> Decimal | None:
    now, before = decimal(now), decimal(before)
    if now is None or before is None:
        return None
    return excel_signed(kind, now - before)


# What may end a clause the user typed, before the document adds its own punctuation.
_CLAUSE_END = "。．.，,；;：:、 \u3000\n\r\t"


def clause(text) -> str:
    """A piece of text as the middle of a printed sentence: stripped, its own closing
    punctuation taken off ("办理许可证。" → "办理许可证"), so the document's own does not
    double it."""
    return str(text or "").strip().rstrip(_CLAUSE_END)


def sentence(text) -> str:
    """A piece of text as a whole printed sentence: one closing 。 (none if empty)."""
    body = clause(text)
    return f"{body}。" if body else ""
