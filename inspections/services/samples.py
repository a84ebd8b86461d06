"""Samples taken on an inspection: recorded, judged against their limits."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from inspections.choices import Verdict
from inspections.models import Sample, SampleResult


@transaction.atomic
def sample_record(*, inspection, sample_type, taken_at, results, user, location="") -> Sample:
    """Record a sample and judge each value against its limit; the sample fails when any
    value fails. ``results``: [(StandardLimit, value or None, detected or None)]."""
    if not results:
        raise ValidationError({"results": "请至少填写一项检测结果。"})
    errors = []
    judged = []
    for limit, value, detected in results:
        if limit.sample_type != sample_type:
            errors.append(f"指标“{limit.parameter}”不属于样品类型“{sample_type}”。")
            continue
        try:
            verdict = limit.judge(None if value in (None, "") else Decimal(str(value)), detected)
        except ValidationError as exc:
            errors.append(f"{limit.parameter}：{exc.messages[0]}")
            continue
        except InvalidOperation:
            errors.append(f"{limit.parameter}：检测值“{value}”不是数字。")
            continue
        judged.append((limit, value, detected, verdict))
    if len({limit.pk for limit, *_ in results}) != len(results):
        errors.append("同一指标填写了两次。")
    if errors:
        raise ValidationError({"results": errors})
    sample = Sample(
        inspection=inspection,
        sample_type=sample_type,
        location=location,
        taken_at=taken_at,
        verdict=Verdict.FAIL if any(v == Verdict.FAIL for *_, v in judged) else Verdict.PASS,
    )
    sample._history_user = user
    sample.save()
    SampleResult.objects.bulk_create(
        SampleResult(
            sample=sample,
            limit=limit,
            value=None if value in (None, "") else Decimal(str(value)),
            detected=detected,
            verdict=verdict,
        )
        for limit, value, detected, verdict in judged
    )
    return sample
