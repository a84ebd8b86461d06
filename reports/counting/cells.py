"""The counts of a scope by cell (kind of unit × township), counted from the records: the
base of table 1, inspections by kind, opinions, samples, officers sent and training
attendance by session. Each unit, inspection and practitioner falls in exactly one cell, so
cells add up to any domain or township.

``live_cells`` counts them from a scope's record sets in seven queries whatever the amount
of data; reports/counting/rollup.py keeps them for the standard periods."""

from collections import defaultdict

from django.db import connection
from django.db.models import Count, F, Q

from inspections.choices import InspectionResult, OpinionStatus, Verdict
from reports.sets import RecordSets
from reports.sets.office import officer_visits, training_attendances

# Table 1's counts (its row fields), then those of the work beside it.
ROW_FIELDS = (
    "units",
    "inspected_units",
    "licensed_before",
    "licence_due",
    "licences_issued",
    "visits",
    "compliant_visits",
    "practitioners",
    "exam_due",
    "examined",
    "trained",
)
CELL_FIELDS = (
    *ROW_FIELDS,
    "opinions",
    "opinions_rectified",
    "samples",
    "samples_failing",
    "officer_visits",
)


# Counts by key beside the cell's numbers: visits by kind of inspection, training
# attendance by session (its id as text, as JSON keeps it).
CELL_BREAKDOWNS = ("visits_by_kind", "training_by_session")


def empty_breakdowns() -> dict:
    return {field: {} for field in CELL_BREAKDOWNS}


def empty_cell() -> dict:
    return {**dict.fromkeys(CELL_FIELDS, 0), **empty_breakdowns()}


def live_cells(records: RecordSets, *, office: bool = True) -> dict[tuple[int, int], dict]:
    """{(category id, township id): counts} for the records' scope; without ``office``, the
    officers sent and the training attendance are not counted (zero and empty)."""
    cells = defaultdict(empty_cell)

    def add(rows, category, township, fields):
        for row in rows:
            cell = cells[(row[category], row[township])]
            for field in fields:
                cell[field] += row[field]

    add(
        unit_rows(records),
        "kind",
        "township",
        ("units", "inspected_units", "licensed_before", "licence_due", "licences_issued"),
    )
    # Of a domain, an inspection counts under the kind it was made under (a hospital's
    # 放射诊疗 visit in radiation); of all domains, under its unit's main kind, with the
    # unit. A practitioner counts under the kind their unit counts under.
    whole = records.scope.domain is None
    visit_of = ("establishment__category" if whole else "category", "establishment__township")
    for row in (
        records.inspections()
        .order_by()
        .values(*visit_of, "kind")
        .annotate(
            visits=Count("pk"),
            compliant_visits=Count("pk", filter=Q(result=InspectionResult.COMPLIANT)),
        )
    ):
        cell = cells[(row[visit_of[0]], row[visit_of[1]])]
        cell["visits"] += row["visits"]
        cell["compliant_visits"] += row["compliant_visits"]
        kinds = cell["visits_by_kind"]
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + row["visits"]
    person = records.practitioner_conditions()
    unit_of = ("unit_kind", "establishment__township")
    add(
        records.practitioners()
        .annotate(unit_kind=records.kind_of_unit("establishment__"))
        .order_by()
        .values(*unit_of)
        .annotate(
            practitioners=Count("pk"),
            exam_due=Count("pk", filter=person["exam_due"]),
            examined=Count("pk", filter=person["examined"]),
            trained=Count("pk", filter=person["trained"]),
        ),
        *unit_of,
        ("practitioners", "exam_due", "examined", "trained"),
    )
    if office:
        count_attendance(records, cells)
    visit_of = (
        "inspection__establishment__category" if whole else "inspection__category",
        "inspection__establishment__township",
    )
    add(
        records.opinions()
        .order_by()
        .values(*visit_of)
        .annotate(
            opinions=Count("pk"),
            opinions_rectified=Count("pk", filter=Q(status=OpinionStatus.CLOSED)),
        ),
        *visit_of,
        ("opinions", "opinions_rectified"),
    )
    add(
        records.samples()
        .order_by()
        .values(*visit_of)
        .annotate(samples=Count("pk"), samples_failing=Count("pk", filter=Q(verdict=Verdict.FAIL))),
        *visit_of,
        ("samples", "samples_failing"),
    )
    if office:
        add(
            officer_visits(records)
            .order_by()
            .values(*visit_of)
            .annotate(officer_visits=Count("pk")),
            *visit_of,
            ("officer_visits",),
        )
    return dict(cells)


def count_attendance(records: RecordSets, cells: dict) -> None:
    """Add each practitioner's attendance at a session of the period to their unit's cell,
    by session (one query)."""
    unit_of = ("unit_kind", "practitioner__establishment__township")
    for row in (
        training_attendances(records)
        .annotate(unit_kind=records.kind_of_unit("practitioner__establishment__"))
        .order_by()
        .values(*unit_of, "session")
        .annotate(attendance=Count("pk"))
    ):
        sessions = cells[(row[unit_of[0]], row[unit_of[1]])]["training_by_session"]
        key = str(row["session"])
        sessions[key] = sessions.get(key, 0) + row["attendance"]


UNIT_SQL = """
SELECT kind, place AS township, COUNT(*) AS units, SUM(inspected) AS inspected_units,
    SUM(licensed) AS licensed_before, SUM(needs * (1 - licensed)) AS licence_due,
    SUM(needs * (1 - licensed) * got) AS licences_issued
FROM ({flags}{fence}) flagged
GROUP BY kind, place
"""


def unit_rows(records: RecordSets) -> list[dict]:
    """Table 1's unit counts by (kind, township): each unit's conditions tested once
    (``RecordSets.unit_flags``), then added up. On PostgreSQL the flags sit behind OFFSET 0,
    which keeps the planner from pulling them up into the aggregate, where every filter
    would test them again (due and issued both test licensed)."""
    flags = (
        records.unit_flags()
        .order_by()
        .values("kind", "inspected", "licensed", "needs", "got", place=F("township_id"))
    )
    sql, params = flags.query.sql_with_params()
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(UNIT_SQL.format(flags=sql, fence=fence), params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def by_category(cells: dict) -> dict[int, dict]:
    """The cells' counts (not their breakdowns) added up per kind of unit."""
    rows: dict[int, dict] = {}
    for (category, _township), cell in cells.items():
        row = rows.get(category)
        if row is None:
            rows[category] = {field: cell[field] for field in CELL_FIELDS}
        else:
            for field in CELL_FIELDS:
                row[field] += cell[field]
    return rows


def added(counts: dict, more: dict) -> dict:
    """``counts`` with ``more`` added key by key (in place)."""
    for key, n in more.items():
        counts[key] = counts.get(key, 0) + n
    return counts
