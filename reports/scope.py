"""What a summary is about: a period (a year, a half-year, a quarter or custom dates), a
supervision domain (or all) and optionally a township."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.dates import add_years
from core.input_rules import date_out_of_window
from premises.models import Domain, Township


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def __post_init__(self):
        if self.end < self.start:
            raise ValidationError({"end": "结束日期不能早于开始日期。"})

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def half(cls, year: int, half: int) -> "Period":
        if half == 1:
            return cls(datetime.date(year, 1, 1), datetime.date(year, 6, 30))
        return cls(datetime.date(year, 7, 1), datetime.date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        first = datetime.date(year, 3 * (quarter - 1) + 1, 1)
        last = (
            datetime.date(year, 12, 31)
            if quarter == 4
            else datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)
        )
        return cls(first, last)

    def year_before(self) -> "Period":
        return Period(add_years(self.start, -1), add_years(self.end, -1))

    @property
    def label(self) -> str:
        s, e = self.start, self.end
        if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
            return f"{s.year}年"
        if s.year == e.year and (s.month, s.day) == (1, 1) and (e.month, e.day) == (6, 30):
            return f"{s.year}年上半年"
        if s.year == e.year and (s.month, s.day) == (7, 1) and (e.month, e.day) == (12, 31):
            return f"{s.year}年下半年"
        for q in range(1, 5):
            if Period.quarter(s.year, q) == self:
                return f"{s.year}年第{'一二三四'[q - 1]}季度"
        return f"{s:%Y年%m月%d日}至{e:%Y年%m月%d日}"

    @property
    def is_standard(self) -> bool:
        """A year, a half-year or a quarter (the periods whose counts are kept)."""
        return not self.label.endswith("日")

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[start of the first day, start of the day after the last) in local time: for
        filtering date-times with an index."""
        tz = timezone.get_current_timezone()
        first = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=tz)
        after = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        return first, after


@dataclass(frozen=True)
class Scope:
    period: Period
    domain: Domain | None = None
    township: Township | None = None
    # Internal: only these townships (by id), for counting a few townships again.
    township_ids: tuple[int, ...] = ()

    def year_before(self) -> "Scope":
        return Scope(self.period.year_before(), self.domain, self.township, self.township_ids)

    @property
    def label(self) -> str:
        parts = [self.period.label, self.domain.name if self.domain else "全部专业"]
        if self.township:
            parts.append(self.township.name)
        return " · ".join(parts)

    def as_params(self) -> dict:
        params = {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()}
        if self.domain:
            params["domain"] = self.domain.code
        if self.township:
            params["township"] = self.township.code
        return params


def _date(value, field):
    try:
        day = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"日期“{value}”格式不对，应为 YYYY-MM-DD。"}) from None
    refusal = date_out_of_window(day)
    if refusal:
        raise ValidationError({field: refusal})
    return day


def _int(value, field, low, high, label):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"{label}“{value}”不是整数。"}) from None
    if not low <= number <= high:
        raise ValidationError({field: f"{label}应在 {low} 到 {high} 之间。"})
    return number


def scope_from_params(params) -> Scope:
    """A scope from query parameters: ``start``+``end``, or ``year`` with optional ``half``
    (1/2) or ``quarter`` (1–4); ``domain`` (code) and ``township`` (code) optional.
    Errors name the parameter."""
    if params.get("start") or params.get("end"):
        start = _date(params.get("start"), "start")
        end = _date(params.get("end"), "end")
        period = Period(start, end)
    elif params.get("year"):
        year = _int(params.get("year"), "year", 2000, 2100, "年度")
        if params.get("half"):
            period = Period.half(year, _int(params.get("half"), "half", 1, 2, "半年"))
        elif params.get("quarter"):
            period = Period.quarter(year, _int(params.get("quarter"), "quarter", 1, 4, "季度"))
        else:
            period = Period.year(year)
    else:
        period = Period.year(timezone.localdate().year)
    if (period.end - period.start).days > 366 * 5:
        raise ValidationError({"end": "统计期间不能超过五年。"})
    domain = township = None
    if params.get("domain"):
        domain = Domain.objects.filter(code=params["domain"]).first()
        if domain is None:
            raise ValidationError({"domain": f"没有代码为“{params['domain']}”的监督专业。"})
    if params.get("township"):
        township = Township.objects.filter(code=params["township"]).first()
        if township is None:
            raise ValidationError({"township": f"没有代码为“{params['township']}”的乡镇（街道）。"})
    return Scope(period, domain, township)
