"""Working days for legal time limits: weekends and public holidays are not working days,
except adjusted working weekends (调休). The holiday table is data the administrator keeps.

One walk: ``WorkingDays`` reads the holiday table a year at a time and keeps it, so a page
of deadlines costs a query per year it touches, not per row; ``add_working_days`` is the
same walk for one date."""

import datetime

from django.utils import timezone

from core.models import CalendarDay

ONE_DAY = datetime.timedelta(days=1)


def _horizon(start: datetime.date, days: int) -> datetime.date:
    """A date the walk of ``days`` working days from ``start`` rarely passes."""
    return start + datetime.timedelta(days=days * 2 + 30)


class WorkingDays:
    """The working-day calendar for many dates at once (the holiday table kept by year)."""

    def __init__(self):
        self._years: set[int] = set()
        self._overrides: dict[datetime.date, bool] = {}

    def load(self, first: datetime.date, last: datetime.date) -> None:
        """Read the holiday table for the years from ``first`` to ``last`` in one query
        (the years already read are not read again)."""
        missing = [y for y in range(first.year, last.year + 1) if y not in self._years]
        if missing:
            self._overrides.update(
                CalendarDay.objects.filter(date__year__in=missing).values_list("date", "is_workday")
            )
            self._years.update(missing)

    def is_working(self, day: datetime.date) -> bool:
        """Weekdays, except holidays; weekends, except adjusted working days (调休)."""
        self.load(day, day)
        if day in self._overrides:
            return self._overrides[day]
        return day.weekday() < 5

    def add(self, start: datetime.date, days: int) -> datetime.date:
        """The date ``days`` working days after ``start`` (start itself not counted)."""
        day, left = start, days
        while left > 0:
            day += ONE_DAY
            if self.is_working(day):
                left -= 1
        return day

    def cutoff(self, days: int, on: datetime.date) -> datetime.date:
        """The latest event date whose deadline (``days`` working days on) is before ``on``.

        The deadline of day d is before ``on`` when the days after d and before ``on`` hold
        ``days`` working days: counting back from the day before ``on``, the ``days``-th
        working day found is the earliest possible deadline, and d is the day before it."""
        day, left = on, days
        while left > 0:
            day -= ONE_DAY
            if self.is_working(day):
                left -= 1
        return day - ONE_DAY


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (start itself not counted)."""
    calendar = WorkingDays()
    calendar.load(start, _horizon(start, days))
    return calendar.add(start, days)


def is_working_day(day: datetime.date) -> bool:
    return WorkingDays().is_working(day)


# From this month on, next year's calendar is wanted too: the State Council's notice for the
# next year usually appears in October or November, and limits counted from now on (up to
# three months of working days) reach into next year's 元旦 and 春节.
NEXT_YEAR_FROM_MONTH = 11


def missing_calendar_years(on: datetime.date) -> list[int]:
    """This year, and from November next year, when the holiday table has no day in them
    (one query): their working-day limits would count every weekday, holidays included."""
    years = [on.year]
    if on.month >= NEXT_YEAR_FROM_MONTH:
        years.append(on.year + 1)
    present = {
        d.year for d in CalendarDay.objects.filter(date__year__in=years).dates("date", "year")
    }
    return [year for year in years if year not in present]


def today() -> datetime.date:
    return timezone.localdate()


def calendar_panel(user, request):
    """The home page's warning that a year's holidays are missing: shown to everyone (every
    limit on their pages is counted with it), with the way to fix it for who may."""
    from core.panels import Panel

    if request.user != user:
        return None
    missing = missing_calendar_years(today())
    if not missing:
        return None
    years = "、".join(str(year) for year in missing)
    return Panel(
        title=f"工作日历缺少 {years} 年的节假日",
        template="core/_calendar_panel.html",
        context={
            "years": years,
            "command": " ".join(f"--year {year}" for year in missing),
            "can_edit": user.has_perm("core.add_calendarday"),
        },
        order=0,
    )
