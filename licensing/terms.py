"""Dates of permits: terms in whole years, leap days handled."""

import datetime


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar date ``years`` later; 29 February becomes 28 February in a
    common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
