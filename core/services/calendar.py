"""The statutory calendar as shipped: the public holidays and the make-up working days
(调休) of the State Council's yearly notice (国务院办公厅关于某年部分节假日安排的通知), from
the chinese-calendar package, written into ``CalendarDay``.

``calendar_load`` is the one way in: the ``calendar_load`` management command and the data
migration that fills a new database both call it. A day the administrator added or changed
in the admin is local (``CalendarSource.LOCAL``) and a load never touches it: local edits
win. Loading is idempotent: a second load of the same data writes nothing.

The package covers the years it was released with (chinese-calendar 1.11: 2004-2026); a
later year is typed in the admin, or loaded after the package is upgraded (README, 节假日)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from core.models import CalendarDay, CalendarSource

# The package's Chinese names, as an office writes them (the rest are taken as they are).
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Mid-autumn Festival and National Day": "中秋节、国庆节",
}
MAKE_UP_SUFFIX = "调休上班"


class CalendarDataMissing(ValueError):
    """A year the shipped data does not cover (the message says what to do)."""


@dataclass(frozen=True)
class CalendarLoadResult:
    years: tuple[int, ...]
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept_local: int = 0


def _holiday_name(english: str) -> str:
    if english in HOLIDAY_NAMES:
        return HOLIDAY_NAMES[english]
    from chinese_calendar import Holiday

    for holiday in Holiday:
        if holiday.value == english:
            return holiday.chinese
    return english


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("chinese-calendar")
    except PackageNotFoundError:  # pragma: no cover - a broken install
        return "?"


def official_years() -> list[int]:
    """The years the installed chinese-calendar package has the State Council's notice for."""
    from chinese_calendar import constants

    return sorted(
        {day.year for day in constants.holidays} | {day.year for day in constants.workdays}
    )


def official_days(years) -> dict[datetime.date, tuple[bool, str]]:
    """``{date: (is_workday, name)}`` of the official holidays and make-up working days."""
    from chinese_calendar import constants

    wanted = set(years)
    days: dict[datetime.date, tuple[bool, str]] = {}
    for day, english in constants.holidays.items():
        if day.year in wanted:
            days[day] = (False, _holiday_name(english))
    for day, english in constants.workdays.items():
        if day.year in wanted:
            days[day] = (True, _holiday_name(english) + MAKE_UP_SUFFIX)
    return days


def calendar_missing_message(years) -> str:
    listed = "、".join(str(y) for y in years)
    return (
        f"随系统发布的节假日数据（chinese-calendar {_package_version()}）没有 {listed} 年："
        "请在管理后台“节假日与调休”中按国务院办公厅通知录入，"
        "或升级 chinese-calendar 后运行 manage.py calendar_load。"
    )


@transaction.atomic
def calendar_load(*, years=None, model=None) -> CalendarLoadResult:
    """Write the official days of ``years`` (default: every year the package has) into the
    calendar table. New days are created, official days brought up to date (and removed
    where the notice no longer lists them), local days left alone.

    ``model`` is the CalendarDay model to write, for a data migration's historical model.
    A year the package does not cover raises ``CalendarDataMissing`` and writes nothing."""
    model = model or CalendarDay
    known = official_years()
    chosen = sorted(set(years)) if years else known
    unknown = [y for y in chosen if y not in known]
    if unknown:
        raise CalendarDataMissing(calendar_missing_message(unknown))
    wanted = official_days(chosen)
    existing = {row.date: row for row in model.objects.filter(date__year__in=chosen)}
    create, update, kept = [], [], 0
    for day, (is_workday, name) in sorted(wanted.items()):
        row = existing.get(day)
        if row is None:
            create.append(
                model(date=day, is_workday=is_workday, name=name, source=CalendarSource.OFFICIAL)
            )
        elif row.source != CalendarSource.OFFICIAL:
            kept += 1
        elif (row.is_workday, row.name) != (is_workday, name):
            row.is_workday, row.name = is_workday, name
            update.append(row)
    stale = [
        row.pk
        for day, row in existing.items()
        if row.source == CalendarSource.OFFICIAL and day not in wanted
    ]
    model.objects.bulk_create(create)
    model.objects.bulk_update(update, ["is_workday", "name"])
    model.objects.filter(pk__in=stale).delete()
    return CalendarLoadResult(
        years=tuple(chosen),
        created=len(create),
        updated=len(update),
        removed=len(stale),
        kept_local=kept,
    )
