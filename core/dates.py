"""Calendar arithmetic shared by the apps."""

import datetime


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar date ``years`` later (earlier when negative); 29 February becomes
    28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)
