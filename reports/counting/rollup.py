"""Keeps and reads the cells of the standard periods (reports/models/rollup.py).

Before a period's cells are read, the change log the triggers write is taken (every row
not yet taken, in one statement, so that a transaction committing meanwhile is left for the
next refresh) and fanned out to every kept period; the townships a period then has to
redo are counted again from the records, in the same transaction. A period asked for the
first time is counted whole. Refreshes take turns (a lock row); writers never wait for them.
With ``REPORTS_ROLLUP = False`` (e.g. on a read-only replica) every summary is counted live.
"""

import random
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction

from premises.models import Domain, Supervision
from reports.counting.cells import CELL_BREAKDOWNS, CELL_FIELDS, empty_breakdowns, live_cells
from reports.models import RollupCell, RollupChange, RollupDirty, RollupLock, RollupPeriod
from reports.scope import Scope
from reports.sets import RecordSets

EVERYWHERE = 0  # a township id meaning "every township"


@contextmanager
def report_queries():
    """One transaction for the queries of a report, with room to hash the sets it tests
    membership in (PostgreSQL's default work_mem makes it re-scan them row by row)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = %s", [settings.REPORTS_WORK_MEM])
        yield


def cells(
    records: RecordSets, *, breakdowns: bool = True, office: bool = True
) -> dict[tuple[int, int], dict]:
    """The cells of the records' scope: kept ones for a standard period, else counted live
    from the records. Without ``breakdowns`` kept cells are read without their counts by
    kind of visit and by training session (empty: the year before needs neither); without
    ``office``, cells counted live leave out the officers sent and the training attendance
    (zero and empty: the dashboard needs table 1's counts only)."""
    scope = records.scope
    with report_queries():
        if not (settings.REPORTS_ROLLUP and scope.period.is_standard) or scope.township_ids:
            return live_cells(records, office=office)
        period = refreshed(scope)
        kept = RollupCell.objects.filter(period=period)
        if scope.domain is None:
            kept = kept.filter(domain__isnull=True)
        elif scope.domain.pk in period.split_domains:
            kept = kept.filter(domain=scope.domain)
        else:
            kept = kept.filter(domain__isnull=True, category__domain=scope.domain)
        if scope.township is not None:
            kept = kept.filter(township=scope.township)
        if breakdowns:
            fields = (*CELL_FIELDS, *CELL_BREAKDOWNS)
            return {
                (row["category_id"], row["township_id"]): row
                for row in kept.values("category_id", "township_id", *fields)
            }
        return {
            (row["category_id"], row["township_id"]): {**row, **empty_breakdowns()}
            for row in kept.values("category_id", "township_id", *CELL_FIELDS)
        }


def refreshed(scope: Scope) -> RollupPeriod:
    """The period's kept cells, brought up to date with the records."""
    if not list(RollupLock.objects.select_for_update().filter(pk=1)):
        RollupLock.objects.get_or_create(pk=1)  # a flushed database: the new row is held
    period, created = RollupPeriod.objects.get_or_create(
        start=scope.period.start, end=scope.period.end
    )
    split = split_domains()
    if created or split != period.split_domains:
        RollupDirty.objects.create(period=period, township_id=EVERYWHERE)
    take_changes()
    dirty = set(RollupDirty.objects.filter(period=period).values_list("township_id", flat=True))
    if dirty:
        townships = () if EVERYWHERE in dirty else tuple(sorted(dirty))
        _delete(RollupCell, period_id=period.pk, township_ids=townships)
        domains = {d.pk: d for d in Domain.objects.filter(pk__in=split)}
        for domain_id in (None, *split):
            counted = live_cells(
                RecordSets(Scope(scope.period, domains.get(domain_id), township_ids=townships))
            )
            RollupCell.objects.bulk_create(
                RollupCell(
                    period=period,
                    domain_id=domain_id,
                    category_id=category,
                    township_id=township,
                    **counts,
                )
                for (category, township), counts in counted.items()
            )
        _delete(RollupDirty, period_id=period.pk)
        period.split_domains = split
        period.save(update_fields=["refreshed_at", "split_domains"])
    return period


def split_domains() -> list[int]:
    """The domains whose cells are kept apart (RollupCell): a further domain of a unit, or
    the main domain of a unit that has one (one query)."""
    further = Supervision.objects.order_by()
    ids = further.values_list("domain_id").union(
        further.values_list("establishment__category__domain_id")
    )
    return sorted({row[0] for row in ids})


def take_changes():
    """Move the logged townships to the lists of townships to redo of the kept periods
    that meet the logged days."""
    batch = random.randrange(1, 2**62)
    if not RollupChange.objects.filter(batch__isnull=True).update(batch=batch):
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO reports_rollupdirty (period_id, township_id) "
            "SELECT DISTINCT p.id, c.township_id FROM reports_rollupperiod p "
            "CROSS JOIN (SELECT DISTINCT township_id, first_day, last_day "
            "FROM reports_rollupchange WHERE batch = %s) c "
            'WHERE (c.first_day IS NULL OR p."end" >= c.first_day) '
            "AND (c.last_day IS NULL OR p.start <= c.last_day) "
            "AND NOT EXISTS (SELECT 1 FROM reports_rollupdirty d "
            "WHERE d.period_id = p.id AND d.township_id = c.township_id)",
            [batch],
        )
    _delete(RollupChange, batch=batch)


def _delete(model, *, township_ids=(), **equal):
    """Delete ``model``'s rows matching ``equal`` (and in ``township_ids`` when given) in one
    statement. Not ``QuerySet.delete()``: once any pre/post_delete receiver is connected for
    every sender (core/batches.py has one), Django selects the rows first and deletes them
    100 ids a statement, so a refresh would take more queries the longer the change log."""
    table = connection.ops.quote_name(model._meta.db_table)
    where = [f"{connection.ops.quote_name(column)} = %s" for column in equal]
    params = list(equal.values())
    if township_ids:
        where.append(f"township_id IN ({', '.join(['%s'] * len(township_ids))})")
        params.extend(township_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {' AND '.join(where)}", params)
