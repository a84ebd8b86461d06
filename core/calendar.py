"""Working days for legal time limits: weekends and public holidays are not working days,
except adjusted working weekends (调休). The holiday table is data the administrator keeps."""

import datetime

from core.models import CalendarDay


def _overrides(start, end):
    return dict(
        CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_workday")
    )


def is_working_day(day: datetime.date, overrides=None) -> bool:
    overrides = _overrides(day, day) if overrides is None else overrides
    if day in overrides:
        return overrides[day]
    return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (start itself not counted)."""
    horizon = start + datetime.timedelta(days=days * 2 + 30)
    overrides = _overrides(start, horizon)
    day, left = start, days
    while left > 0:
        day += datetime.timedelta(days=1)
        if day > horizon:
            horizon = day + datetime.timedelta(days=60)
            overrides.update(_overrides(day, horizon))
        if is_working_day(day, overrides):
            left -= 1
    return day
