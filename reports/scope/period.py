"""A period (a year, a half-year, a quarter or custom dates) and a scope: the period, a
supervision domain (or all) and optionally a township."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.dates import add_years
from premises.models import Domain, Township


def supervision(subject: str) -> str:
    """The supervision of a domain as a title names it, "卫生" written once: 公共场所 →
    公共场所卫生监督, 学校卫生 → 学校卫生监督 (not 学校卫生卫生监督), 计划生育与母婴保健 →
    计划生育与母婴保健监督, "" (all domains) → 卫生监督."""
    return f"{subject}监督" if subject.endswith(("卫生", "保健")) else f"{subject}卫生监督"


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
