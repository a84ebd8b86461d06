"""Gapless document numbers, one sequence per series and year.

The number is taken inside the transaction that saves the document: the counter row is
locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises writers), so two clerks
issuing at the same moment get consecutive numbers, and a document whose transaction
rolls back gives its number back. No duplicates, no gaps.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from core.models import DocumentCode, DocumentCounter, DocumentSeries
from core.patterns import validate_number_pattern


@dataclass(frozen=True)
class DocumentNumber:
    year: int
    sequence: int
    text: str


def number_take(
    *,
    series: str,
    year: int,
    held: Callable[[DocumentNumber], bool] | None = None,
    category: str = "",
) -> DocumentNumber:
    """Take the next number of ``series`` in ``year``. Call inside the saving transaction.

    ``category``: the code of the document's supervision domain (e.g. "medical"), whose
    执法类别 (DocumentCode, e.g. 医) fills the pattern's {category}; {office} is the office's
    地区简称. One sequence per series and year whatever the category (万卫医罚〔2026〕001号,
    万卫公罚〔2026〕002号): numbers stay unique and gapless.

    ``held`` says whether a number is already held by a record the series did not number
    (a permit issued before Weijian, registered with its original number): such a number
    is passed over, so the series never gives it twice and is never blocked by it. Every
    number up to the counter is then held by exactly one document."""
    if not connection.in_atomic_block:
        raise RuntimeError("number_take() must run inside the transaction that saves the document")
    document_series = DocumentSeries.objects.get(code=series)
    try:
        validate_number_pattern(document_series.pattern)
    except ValidationError as exc:
        # Saved before patterns were checked: say so instead of failing with a 500.
        raise ValidationError(
            f"“{document_series.name}”的文号格式“{document_series.pattern}”无效"
            f"（{exc.messages[0]}），请管理员在“文书编号规则”中更正后再办理。"
        ) from None
    try:
        with transaction.atomic():
            DocumentCounter.objects.get_or_create(series=document_series, year=year)
    except IntegrityError:
        pass  # another transaction created this year's counter at the same moment
    counter = DocumentCounter.objects.select_for_update().get(series=document_series, year=year)
    codes = (
        DocumentCode.values_for(category)
        if "{office}" in document_series.pattern or "{category}" in document_series.pattern
        else {}
    )
    while True:
        counter.last_number += 1
        number = DocumentNumber(
            year, counter.last_number, document_series.format(year, counter.last_number, **codes)
        )
        if held is None or not held(number):
            break
    counter.save(update_fields=["last_number"])
    return number
