"""Gapless document numbers, one sequence per series and year.

The number is taken inside the transaction that saves the document: the counter row is
locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises writers), so two clerks
issuing at the same moment get consecutive numbers, and a document whose transaction
rolls back gives its number back. No duplicates, no gaps.
"""

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction

from core.models import DocumentCounter, DocumentSeries


@dataclass(frozen=True)
class DocumentNumber:
    year: int
    sequence: int
    text: str


def number_take(*, series: str, year: int) -> DocumentNumber:
    """Take the next number of ``series`` in ``year``. Call inside the saving transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("number_take() must run inside the transaction that saves the document")
    document_series = DocumentSeries.objects.get(code=series)
    try:
        with transaction.atomic():
            DocumentCounter.objects.get_or_create(series=document_series, year=year)
    except IntegrityError:
        pass  # another transaction created this year's counter at the same moment
    counter = DocumentCounter.objects.select_for_update().get(series=document_series, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return DocumentNumber(
        year, counter.last_number, document_series.format(year, counter.last_number)
    )
