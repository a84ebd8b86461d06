"""The raw-SQL baseline of the summary's counting (issue #19): one hand-written statement
that counts a domain's core figures of a period straight from the tables, written from the
definitions (reports/sets/records.py, DOMAIN.md), not from the ORM. bench/reports.py times
it beside the live summary and checks that both give the same figures;
tests/reports/test_baseline_sql.py checks the same on a small built dataset, on SQLite and
PostgreSQL (the statement is portable: CTEs, EXISTS, CASE, no FILTER and no casts).

    core_figures(domain_code, start, end) -> {"units": …, "inspected_units": …, …}
"""

import datetime

from django.db import connection
from django.utils import timezone

from reports.counting.rollup import report_queries

FIGURES = (
    "units",
    "inspected_units",
    "visits",
    "licensed_before",
    "licence_due",
    "licences_issued",
    "practitioners",
    "exam_due",
    "examined",
    "trained",
)

# %(name)s parameters; the units in scope (operating at some time in the period, registered,
# of the domain by their kind or a further domain supervised in the period), each with the
# kind it counts under and its flags, then every figure from them in one pass.
SQL = """
WITH dom AS (
    SELECT id FROM premises_domain WHERE code = %(domain)s
), domain_types AS (
    SELECT DISTINCT ptc.permittype_id AS id
    FROM licensing_permittype_categories ptc
    JOIN premises_category c ON c.id = ptc.category_id
    WHERE c.domain_id = (SELECT id FROM dom)
), held AS (
    SELECT p.establishment_id,
        MAX(CASE WHEN p.valid_from <= %(start)s
                  AND (p.expires_on IS NULL OR p.expires_on >= %(start)s)
                  AND NOT (p.status IN ('cancelled', 'revoked') AND p.cancelled_on IS NOT NULL
                          AND p.cancelled_on <= %(start)s)
                  AND NOT (p.status = 'superseded' AND p.replaced_on IS NOT NULL
                          AND p.replaced_on <= %(start)s)
            THEN 1 ELSE 0 END) AS on_first,
        MAX(CASE WHEN p.valid_from <= %(end)s
                  AND (p.expires_on IS NULL OR p.expires_on >= %(end)s)
                  AND NOT (p.status IN ('cancelled', 'revoked') AND p.cancelled_on IS NOT NULL
                          AND p.cancelled_on <= %(end)s)
                  AND NOT (p.status = 'superseded' AND p.replaced_on IS NOT NULL
                          AND p.replaced_on <= %(end)s)
            THEN 1 ELSE 0 END) AS on_last,
        MAX(CASE WHEN p.issued_on BETWEEN %(start)s AND %(end)s THEN 1 ELSE 0 END) AS got
    FROM licensing_permit p
    WHERE p.permit_type_id IN (SELECT id FROM domain_types)
    GROUP BY p.establishment_id
), units AS (
    SELECT e.id,
        CASE WHEN c.domain_id = (SELECT id FROM dom) THEN e.category_id ELSE (
            SELECT s.category_id FROM premises_supervision s
            WHERE s.establishment_id = e.id AND s.domain_id = (SELECT id FROM dom)
              AND s.started_on <= %(end)s AND (s.ended_on IS NULL OR s.ended_on >= %(start)s)
            ORDER BY s.started_on DESC LIMIT 1
        ) END AS kind
    FROM premises_establishment e
    JOIN premises_category c ON c.id = e.category_id
    WHERE e.subject_kind IN ('unit', 'individual')
      AND e.id IN (
          SELECT sc.establishment_id FROM premises_establishmentstatuschange sc
          WHERE sc.kind IN ('opened', 'resumed') AND sc.date <= %(end)s
            AND (sc.until IS NULL OR sc.until >= %(start)s)
      )
      AND (c.domain_id = (SELECT id FROM dom) OR EXISTS (
          SELECT 1 FROM premises_supervision s
          WHERE s.establishment_id = e.id AND s.domain_id = (SELECT id FROM dom)
            AND s.started_on <= %(end)s AND (s.ended_on IS NULL OR s.ended_on >= %(start)s)
      ))
), visits AS (
    SELECT i.establishment_id, COUNT(*) AS n
    FROM inspections_inspection i
    JOIN premises_category ic ON ic.id = i.category_id
    WHERE i.voided_at IS NULL AND i.inspected_at >= %(first)s AND i.inspected_at < %(after)s
      AND ic.domain_id = (SELECT id FROM dom)
    GROUP BY i.establishment_id
), flagged AS (
    SELECT u.id, v.n AS visits,
        CASE WHEN h.on_first = 1 AND h.on_last = 1 THEN 1 ELSE 0 END AS licensed,
        CASE WHEN u.kind IN (SELECT category_id FROM licensing_permittype_categories)
            THEN 1 ELSE 0 END AS needs,
        COALESCE(h.got, 0) AS got
    FROM units u
    LEFT JOIN visits v ON v.establishment_id = u.id
    LEFT JOIN held h ON h.establishment_id = u.id
), people AS (
    SELECT pr.id,
        CASE WHEN pr.post_id IS NULL OR po.serves_customers THEN 1 ELSE 0 END AS due,
        CASE WHEN EXISTS (
            SELECT 1 FROM licensing_healthcertificate hc
            WHERE hc.practitioner_id = pr.id AND hc.exam_date BETWEEN %(start)s AND %(end)s
        ) THEN 1 ELSE 0 END AS examined,
        CASE WHEN EXISTS (
            SELECT 1 FROM licensing_trainingattendance ta
            JOIN licensing_trainingsession ts ON ts.id = ta.session_id
            WHERE ta.practitioner_id = pr.id AND ts.date BETWEEN %(start)s AND %(end)s
        ) THEN 1 ELSE 0 END AS trained
    FROM premises_practitioner pr
    LEFT JOIN premises_post po ON po.id = pr.post_id
    WHERE pr.establishment_id IN (SELECT id FROM units)
      AND pr.hired_on <= %(end)s AND (pr.left_on IS NULL OR pr.left_on > %(start)s)
)
SELECT
    (SELECT COUNT(*) FROM flagged),
    (SELECT COUNT(*) FROM flagged WHERE visits > 0),
    (SELECT COALESCE(SUM(visits), 0) FROM flagged),
    (SELECT COUNT(*) FROM flagged WHERE licensed = 1),
    (SELECT COUNT(*) FROM flagged WHERE needs = 1 AND licensed = 0),
    (SELECT COUNT(*) FROM flagged WHERE needs = 1 AND licensed = 0 AND got = 1),
    (SELECT COUNT(*) FROM people),
    (SELECT COUNT(*) FROM people WHERE due = 1),
    (SELECT COUNT(*) FROM people WHERE due = 1 AND examined = 1),
    (SELECT COUNT(*) FROM people WHERE trained = 1)
"""


def core_figures(domain_code: str, start: datetime.date, end: datetime.date) -> dict:
    """The domain's core figures of the period [start, end], counted by ``SQL``."""
    ops = connection.ops
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time(), zone)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), zone)
    params = {
        "domain": domain_code,
        "start": ops.adapt_datefield_value(start),
        "end": ops.adapt_datefield_value(end),
        "first": ops.adapt_datetimefield_value(first),
        "after": ops.adapt_datetimefield_value(after),
    }
    with report_queries(), connection.cursor() as cursor:  # the summary's work_mem
        cursor.execute(SQL, params)
        row = cursor.fetchone()
    return dict(zip(FIGURES, row, strict=True))
