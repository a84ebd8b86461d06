"""A scope from query parameters, with errors naming the parameter: the summary page's
form, the drill-down lists, the documents and the API all read their scope here."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.input_rules import date_out_of_window
from premises.models import Domain, Township
from reports.scope.period import Period, Scope


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
