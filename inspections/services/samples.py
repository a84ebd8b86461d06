"""Samples taken on an inspection: recorded with their sampling record, judged against
their limits, or kept 送检中 until the laboratory's result is entered.

Every check runs before anything is written and all its refusals come at once, each on
its field; a result's refusal carries the limit it is about in its ``code``
(``limit_<pk>``), so a page can put it beside that parameter (the API answers them under
``results``, as before)."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.numbering import number_take
from inspections.choices import SampleVerdict, Verdict
from inspections.models import Sample, SampleResult, SampleTypeScope

SERIES = "sample"

# A tablet's clock may run a little ahead of the server's.
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)

# Full-width digits and signs, and the ways a decimal point is written on a Chinese
# keyboard (．。点), read as their ASCII forms.
_FULL_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + d): str(d) for d in range(10)},
        "．": ".",
        "。": ".",
        "点": ".",
        "，": ",",
        "－": "-",
        "−": "-",
        "＋": "+",
        "\u3000": "",
        " ": "",
    }
)
READING_PLACES = 4
READING_LIMIT = Decimal(10) ** 8
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
# "1,000": a thousands separator or a decimal comma? Refused rather than guessed.
_AMBIGUOUS_COMMA = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")


def reading_value(raw) -> Decimal | None:
    """A reading as typed: "7.2", "7,2" (a decimal comma), "７．２", "7点2" → Decimal("7.2").
    Empty → None. Anything else is refused (ValidationError), never guessed into another
    number: "1,000" could be one or a thousand, "7,2,1" is not a number."""
    if raw is None:
        return None
    if isinstance(raw, Decimal | int | float) and not isinstance(raw, bool):
        text = format(Decimal(str(raw)), "f")  # a number already: the same bounds apply
    else:
        text = str(raw).strip().translate(_FULL_WIDTH)
    if not text:
        return None
    if "," in text:
        if _AMBIGUOUS_COMMA.fullmatch(text):
            raise ValidationError(
                f"“{raw}”不明确：小数请用小数点（如 {text.replace(',', '.')}），"
                "千位不要加逗号（如 " + text.replace(",", "") + "）。",
                code="ambiguous",
            )
        if text.count(",") > 1 or "." in text:
            raise ValidationError(f"“{raw}”不是数字：请只用一个小数点。", code="invalid")
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        raise ValidationError(f"“{raw}”不是数字。", code="invalid")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"“{raw}”不是数字。", code="invalid") from None
    # What a result keeps (SampleResult.value: 12 digits, 4 after the point).
    if abs(number) >= READING_LIMIT:
        raise ValidationError(f"“{raw}”过大，请核对。", code="too_large")
    if -number.normalize().as_tuple().exponent > READING_PLACES:
        raise ValidationError(
            f"“{raw}”的小数超过 {READING_PLACES} 位，请按检测报告的位数填写。", code="places"
        )
    return number


def _on(limit, message: str) -> ValidationError:
    """A refusal about one parameter: its code names the limit (``limit_<pk>``)."""
    return ValidationError(message, code=f"limit_{limit.pk}")


def sample_type_misfit(sample_type: str, establishment) -> str | None:
    """Why ``sample_type`` is not taken at ``establishment`` (its scope: SampleTypeScope),
    or None."""
    scope = SampleTypeScope.objects.filter(sample_type=sample_type).first()
    if scope is None:
        return None
    categories = list(scope.categories.all())
    category = establishment.category
    # The unit's main kind, and the kinds of its further domains today (a school with its
    # own well is also 学校自备井: its water is sampled there).
    kinds = [category] + [
        s.category
        for s in establishment.supervisions.active_on(timezone.localdate()).select_related(
            "category"
        )
    ]
    wanted = {c.pk for c in categories}
    if any(wanted & {kind.pk, kind.parent_id} for kind in kinds):
        return None
    names = "、".join(c.name for c in categories) or "（未指定类别）"
    return (
        f"“{sample_type}”只在{names}采样；{establishment.name}是{category.name}，不能登记此类样品。"
    )


def sample_types_for(establishment, types) -> list[str]:
    """Of ``types``, those that may be taken at ``establishment``."""
    return [t for t in types if sample_type_misfit(t, establishment) is None]


def _time_errors(inspection, taken_at) -> dict:
    if taken_at is None:
        return {}
    if taken_at > timezone.now() + CLOCK_TOLERANCE:
        return {"taken_at": "采样时间不能晚于现在。"}
    start = inspection.inspected_at.replace(second=0, microsecond=0)
    if taken_at < start:
        return {
            "taken_at": (
                f"采样时间不能早于本次检查开始的时间（"
                f"{timezone.localtime(inspection.inspected_at):%Y-%m-%d %H:%M}）。"
            )
        }
    return {}


def _judge(limit, value, detected) -> tuple[Decimal | None, str]:
    """The reading read and judged; ValidationError (about the limit) when it cannot be."""
    try:
        number = reading_value(value)
    except ValidationError as exc:
        raise _on(limit, f"{limit.parameter}：{exc.messages[0]}") from None
    implausible = limit.plausibility_error(number)
    if implausible:
        raise _on(limit, implausible)
    try:
        return number, limit.judge(number, detected)
    except ValidationError as exc:
        raise _on(limit, f"{limit.parameter}：{exc.messages[0]}") from None


def _results_errors(sample_type, results, pending) -> tuple[list, list]:
    """(judged rows, refusals): rows are (limit, value, detected, verdict)."""
    errors, judged = [], []
    pending_ids = {limit.pk for limit in pending}
    for limit, value, detected in results:
        if limit.sample_type != sample_type:
            errors.append(_on(limit, f"指标“{limit.parameter}”不属于样品类型“{sample_type}”。"))
            continue
        if limit.pk in pending_ids:
            errors.append(_on(limit, f"{limit.parameter}：已填写结果，不能同时“送检待测”。"))
            continue
        try:
            number, verdict = _judge(limit, value, detected)
        except ValidationError as exc:
            errors.append(exc)
            continue
        judged.append((limit, number, detected, verdict))
    for limit in pending:
        if limit.sample_type != sample_type:
            errors.append(_on(limit, f"指标“{limit.parameter}”不属于样品类型“{sample_type}”。"))
    pks = [limit.pk for limit, *_ in results] + list(pending_ids)
    if len(set(pks)) != len(pks) and not errors:
        errors.append(ValidationError("同一指标填写了两次。"))
    return judged, errors


def sample_check(
    *, inspection, sample_type, taken_at, results=(), pending=(), lab="", portions=1
) -> tuple[list, dict]:
    """Every reason the sample cannot be recorded, at once, without writing: (judged rows,
    errors by field). ``taken_at`` may be None (the form refused it already)."""
    errors = {}
    if inspection is not None:
        misfit = sample_type_misfit(sample_type, inspection.establishment)
        if misfit:
            errors["sample_type"] = misfit
        errors.update(_time_errors(inspection, taken_at))
    if not results and not pending:
        errors["results"] = [ValidationError("请至少填写一项检测结果，或勾选送检待测的指标。")]
    judged, result_errors = _results_errors(sample_type, results, pending)
    if result_errors:
        errors.setdefault("results", []).extend(result_errors)
    if pending and not (lab or "").strip():
        errors["lab"] = "有送检待测的指标，须填写检测机构。"
    if portions is not None and portions < 1:
        errors["portions"] = "样品份数至少为 1。"
    return judged, errors


def _verdict(rows) -> str:
    verdicts = [row.verdict for row in rows]
    if SampleVerdict.PENDING in verdicts:
        return SampleVerdict.PENDING
    return SampleVerdict.FAIL if Verdict.FAIL in verdicts else SampleVerdict.PASS


@transaction.atomic
def sample_record(
    *,
    inspection,
    sample_type,
    taken_at,
    results,
    user,
    location="",
    pending=(),
    method="",
    purpose="",
    instrument="",
    container="",
    portions=1,
    site_description="",
    lab="",
) -> Sample:
    """Record a sample with its sampling record, numbered in the series "sample", and judge
    each value against its limit: the sample fails when any value fails. ``results``:
    [(StandardLimit, value or None, detected or None)]; ``pending``: the limits sent to the
    laboratory (the sample is 送检中 until their results are entered: sample_result_enter)."""
    pending = list(pending)
    judged, errors = sample_check(
        inspection=inspection,
        sample_type=sample_type,
        taken_at=taken_at,
        results=results,
        pending=pending,
        lab=lab,
        portions=portions,
    )
    if errors:
        raise ValidationError(errors)
    rows = [
        SampleResult(limit=limit, value=value, detected=detected, verdict=verdict)
        for limit, value, detected, verdict in judged
    ] + [SampleResult(limit=limit, verdict=SampleVerdict.PENDING) for limit in pending]
    year = timezone.localtime(taken_at).year
    sample = Sample(
        inspection=inspection,
        number=number_take(series=SERIES, year=year).text,
        sample_type=sample_type,
        location=location,
        taken_at=taken_at,
        method=method,
        purpose=purpose,
        instrument=instrument,
        container=container,
        portions=portions if portions is not None else 1,
        site_description=site_description,
        lab=lab,
        verdict=_verdict(rows),
    )
    sample._history_user = user
    sample.save()
    for row in rows:
        row.sample = sample
    SampleResult.objects.bulk_create(rows)
    return sample


@transaction.atomic
def sample_result_enter(*, sample, results, user) -> Sample:
    """Enter the laboratory's results of a sample 送检中: ``results`` [(StandardLimit, value
    or None, detected or None)] for parameters awaiting their result. The sample is judged
    once no result is awaited; until then it stays 送检中 (and is counted nowhere)."""
    sample = Sample.objects.select_for_update().get(pk=sample.pk)
    waiting = {
        row.limit_id: row
        for row in sample.results.select_related("limit").filter(verdict=SampleVerdict.PENDING)
    }
    if not waiting:
        raise ValidationError({"results": "该样品没有等待录入的检测结果。"})
    if not results:
        raise ValidationError({"results": "请至少录入一项检测结果。"})
    errors, done = [], []
    for limit, value, detected in results:
        row = waiting.get(limit.pk)
        if row is None:
            errors.append(_on(limit, f"指标“{limit.parameter}”不在本样品的送检项目中。"))
            continue
        try:
            number, verdict = _judge(limit, value, detected)
        except ValidationError as exc:
            errors.append(exc)
            continue
        row.value, row.detected, row.verdict = number, detected, verdict
        done.append(row)
    if errors:
        raise ValidationError({"results": errors})
    SampleResult.objects.bulk_update(done, ["value", "detected", "verdict"])
    sample.verdict = _verdict(sample.results.all())
    sample._history_user = user
    sample.save(update_fields=["verdict"])
    return sample
