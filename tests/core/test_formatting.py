"""core.formatting: one way to write each kind of figure and its differences."""

from decimal import Decimal

import pytest

from core import formatting as fmt


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.9114, "91.14%"),
        (2 / 3, "66.67%"),  # rounded, never floored to 66%
        (0.6667, "66.67%"),
        (0.66665, "66.67%"),  # half up
        (1, "100.00%"),
        (1.0, "100.00%"),
        (0, "0.00%"),
        (Decimal("0.0005"), "0.05%"),
        (0.99995, "100.00%"),
        (None, "—"),
    ],
)
def test_rates_are_percentages_with_two_decimals_rounded_half_up(value, text):
    assert fmt.rate(value) == text
    assert fmt.number(fmt.RATE, value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(2.4, "2.4"), (2.45, "2.5"), (2.35, "2.4"), (3, "3.0"), (None, "—")],
)
def test_frequencies_have_one_decimal(value, text):
    assert fmt.frequency(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (14500, "14,500.00"),
        (12.5, "12.50"),
        (Decimal("1234567.005"), "1,234,567.01"),
        (0, "0.00"),
        (None, "—"),
    ],
)
def test_money_is_yuan_with_two_decimals_and_separators(value, text):
    assert fmt.money(value) == text


@pytest.mark.parametrize(("value", "text"), [(617, "617"), (12345, "12345"), (0, "0"), (None, "—")])
def test_counts_are_written_plainly(value, text):
    assert fmt.count(value) == text


def test_a_rate_moves_in_percentage_points():
    assert fmt.points(0.9114, 0.8994) == "+1.20 个百分点"
    assert fmt.points(0.8994, 0.9114) == "-1.20 个百分点"
    assert fmt.points(0.5, 0.5) == "0.00 个百分点"
    assert fmt.difference(fmt.RATE, 0.5, 0.5) == "0.00 个百分点"
    assert fmt.change(fmt.RATE, 0.75, 0.5) == "+25.00 个百分点"


def test_a_frequency_moves_by_a_plain_difference_not_in_points():
    assert fmt.change(fmt.FREQUENCY, 2.5, 2.4) == "+0.1"
    assert fmt.change(fmt.FREQUENCY, 2.4, 2.5) == "-0.1"
    assert fmt.change(fmt.FREQUENCY, 2.4, 2.4) == "0.0"
    assert "个百分点" not in fmt.change(fmt.FREQUENCY, 2.5, 2.4)


def test_counts_and_money_grow_by_a_percentage():
    assert fmt.change(fmt.COUNT, 35, 20) == "+75.00%"
    assert fmt.change(fmt.COUNT, 18, 20) == "-10.00%"
    assert fmt.change(fmt.COUNT, 20, 20) == "0.00%"
    assert fmt.change(fmt.MONEY, 3000.0, 2000) == "+50.00%"
    assert fmt.growth(2, 3) == "-33.33%"
    assert fmt.growth_fraction(35, 20) == Decimal("0.75")


@pytest.mark.parametrize(
    ("kind", "now", "before"),
    [
        (fmt.COUNT, 5, 0),  # nothing to grow from
        (fmt.COUNT, 5, None),
        (fmt.MONEY, 5, 0),
        (fmt.RATE, 0.5, None),  # no rate the year before (a year without data)
        (fmt.RATE, None, 0.5),
        (fmt.FREQUENCY, 2.4, None),
    ],
)
def test_a_missing_year_before_is_a_dash(kind, now, before):
    assert fmt.change(kind, now, before) == "—"


def test_absolute_differences_keep_the_unit():
    assert fmt.difference(fmt.COUNT, 35, 20) == "+15"
    assert fmt.difference(fmt.COUNT, 20, 35) == "-15"
    assert fmt.difference(fmt.MONEY, 3500, 2000) == "+1,500.00"
    assert fmt.difference(fmt.FREQUENCY, 2.5, 2.4) == "+0.1"
    assert fmt.difference(fmt.COUNT, 3, None) == "—"


def test_workbook_numbers_and_formats_match_the_strings():
    assert fmt.EXCEL == {
        "count": "0",
        "rate": "0.00%",
        "frequency": "0.0",
        "money": "#,##0.00",
    }
    assert fmt.excel_difference(fmt.RATE, 0.9114, 0.8994) == Decimal("1.20")
    assert fmt.excel_difference(fmt.FREQUENCY, 2.5, 2.4) == Decimal("0.1")
    assert fmt.excel_difference(fmt.COUNT, 3, None) is None
    assert "个百分点" in fmt.EXCEL_DIFFERENCE[fmt.RATE]


def test_floats_are_read_through_their_repr_not_their_binary_value():
    # 0.285 is 0.28499999... in binary: read as 0.285, it rounds half up to 28.50%.
    assert fmt.rate(0.285) == "28.50%"
    assert fmt.money(2.675) == "2.68"
    assert fmt.frequency(0.05) == "0.1"


def test_a_change_worked_out_is_written_in_its_unit():
    assert fmt.signed(fmt.RATE, 0.012) == "+1.20 个百分点"
    assert fmt.signed(fmt.FREQUENCY, -0.1) == "-0.1"
    assert fmt.signed(fmt.MONEY, 1200) == "+1,200.00"
    assert fmt.signed(fmt.COUNT, None) == "—"
    assert fmt.excel_signed(fmt.RATE, 0.012) == Decimal("1.20")
