"""The counts of a scope by cell (kind of unit × township), counted from the records: the
base of table 1, inspections by kind, opinions and samples. Each unit, inspection and
practitioner falls in exactly one cell, so cells add up to any domain or township.

``count_cells`` counts them from the record sets of one scope or several (a period and the
year before) in one statement whatever the amount of data; reports/counting/rollup.py keeps
them for the standard periods."""

from collections import defaultdict

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q

from inspections.choices import InspectionResult, OpinionStatus, Verdict
from reports.sets import RecordSets

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
CELL_FIELDS = (*ROW_FIELDS, "opinions", "opinions_rectified", "samples", "samples_failing")


def empty_cell() -> dict:
    return {**dict.fromkeys(CELL_FIELDS, 0), "visits_by_kind": {}}


def count_cells(*scopes: RecordSets) -> list[dict[tuple[int, int], dict]]:
    """The cells of each scope's records (a period and the year before, or the domains of a
    period), counted in one statement whatever the scopes and the amount of data.

    Each scope's units in scope are listed once, each with its kind, township and permit
    flags (``RecordSets.unit_flags``), and its visits once, by unit (a table expression
    each); every part then reads the cell of its records from the units it joins: the
    units and their flags (inspected: a visit listed), the visits by kind of inspection,
    the practitioners, the opinions and the samples."""
    tables, branches, params = [], [], []
    for n, records in enumerate(scopes):
        units = records.unit_flags("licensed", "needs", "got")
        visits = (
            records.within(f"units_{n}")
            .inspections()
            .order_by()
            .values(unit=F("establishment"), made_under=F("category"), visit_kind=F("kind"))
            .annotate(
                visits=Count("pk"),
                compliant=Count("pk", filter=Q(result=InspectionResult.COMPLIANT)),
            )
        )
        for name, qs in ((f"units_{n}", units), (f"visits_{n}", visits)):
            sql, more = qs.query.sql_with_params()
            tables.append(f"{name} AS ({sql})")
            params.extend(more)
    for n, records in enumerate(scopes):
        for sql, more in _parts(n, records):
            branches.append(sql)
            params.extend(more)
    statement = f"WITH {', '.join(tables)} {' UNION ALL '.join(branches)}"
    counted = [defaultdict(empty_cell) for _ in scopes]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for n, part, category, township, visit_kind, *sums in cursor.fetchall():
            counts = [int(count) for count in sums]  # PostgreSQL sums bigints as numeric
            cell = counted[n][(category, township)]
            for field, count in zip(PARTS[part], counts, strict=False):
                cell[field] += count
            if visit_kind is not None:
                kinds = cell["visits_by_kind"]
                kinds[visit_kind] = kinds.get(visit_kind, 0) + counts[0]
    return [dict(cells) for cells in counted]


# The parts of the statement, each with the cell fields its counts go to, in order.
PARTS = {
    "units": ("units", "inspected_units", "licensed_before", "licence_due", "licences_issued"),
    "visits": ("visits", "compliant_visits"),
    "practitioners": ("practitioners", "exam_due", "examined", "trained"),
    "opinions": ("opinions", "opinions_rectified"),
    "samples": ("samples", "samples_failing"),
}
WIDTH = max(len(fields) for fields in PARTS.values())


def _count(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _parts(n: int, records: RecordSets):
    """The statement's parts for the ``n``-th scope, as (SQL, params): each selects the
    scope's number, the part's name, the cell (kind, township), the kind of inspection
    (visits only) and ``WIDTH`` counts, grouped by cell."""
    units, visits = f"units_{n}", f"visits_{n}"
    # Of a domain, an inspection (its opinions, its samples) counts under the kind it was
    # made under (a hospital's 放射诊疗 visit in radiation); of all domains, under its
    # unit's main kind, with the unit. A practitioner counts under their unit's kind.
    made_under = "u.kind" if records.scope.domain is None else "r.made_under"

    def part(name, rows, counts, kind="u.kind", visit_kind="NULL"):
        counts = [*counts, *["0"] * (WIDTH - len(counts))]
        return (
            f"SELECT {n}, '{name}', {kind}, u.township, {visit_kind}, {', '.join(counts)} "
            f"FROM {rows} JOIN {units} u ON u.id = r.unit "
            f"GROUP BY {kind}, u.township{', r.visit_kind' if name == 'visits' else ''}"
        )

    def records_of(qs) -> tuple[str, list]:
        sql, params = qs.query.sql_with_params()
        return f"({sql}) r", list(params)

    due = "u.needs AND NOT u.licensed"
    yield (
        part(
            "units",
            f"(SELECT id AS unit, CASE WHEN id IN (SELECT unit FROM {visits}) THEN 1 ELSE 0 END "
            f"AS inspected FROM {units}) r",
            (
                "COUNT(*)",
                _count("r.inspected = 1"),
                _count("u.licensed"),
                _count(due),
                _count(f"{due} AND u.got"),
            ),
        ),
        [],
    )
    yield (
        part(
            "visits",
            f"{visits} r",
            ("SUM(r.visits)", "SUM(r.compliant)"),
            kind=made_under,
            visit_kind="r.visit_kind",
        ),
        [],
    )
    person = records.practitioner_conditions()
    rows, params = records_of(
        records.within(units)
        .practitioners()
        .order_by()
        .values(unit=F("establishment"))
        .annotate(**{name: ExpressionWrapper(person[name], BooleanField()) for name in person})
    )
    yield (
        part(
            "practitioners",
            rows,
            ("COUNT(*)", _count("r.exam_due"), _count("r.examined"), _count("r.trained")),
        ),
        params,
    )
    of_visit = {
        "unit": F("inspection__establishment"),
        "made_under": F("inspection__category"),
    }
    rows, params = records_of(
        records.within(units)
        .opinions()
        .order_by()
        .values(**of_visit)
        .annotate(rectified=ExpressionWrapper(Q(status=OpinionStatus.CLOSED), BooleanField()))
    )
    yield (
        part("opinions", rows, ("COUNT(*)", _count("r.rectified")), kind=made_under),
        params,
    )
    rows, params = records_of(
        records.within(units)
        .samples()
        .order_by()
        .values(**of_visit)
        .annotate(failing=ExpressionWrapper(Q(verdict=Verdict.FAIL), BooleanField()))
    )
    yield (
        part("samples", rows, ("COUNT(*)", _count("r.failing")), kind=made_under),
        params,
    )


def by_category(cells: dict) -> dict[int, dict]:
    """The cells added up per kind of unit."""
    rows = defaultdict(empty_cell)
    for (category, _township), cell in cells.items():
        row = rows[category]
        for field in CELL_FIELDS:
            row[field] += cell[field]
        for kind, n in cell["visits_by_kind"].items():
            row["visits_by_kind"][kind] = row["visits_by_kind"].get(kind, 0) + n
    return dict(rows)
