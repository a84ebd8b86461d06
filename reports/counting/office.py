"""The office-wide counts beside table 1: training sessions and their attendance (counted
with the cells, reports/counting/cells.py, as the officers sent, 出动监督员人次, are), random
draws, and of all domains one block per domain added up from the cells already counted.
Each a fixed number of queries (one, or none)."""

from django.db.models import Count

from licensing.health.models import TrainingSession
from reports.counting.cells import added
from reports.counting.rates import frequency, rate
from reports.sets import RecordSets
from reports.sets.office import draw_inspected, drawn_units


def training(cells: dict) -> dict:
    """The sessions in the period attended by practitioners in scope, each with its date,
    place, topic and their attendance, from the cells' attendance by session (one query:
    the sessions)."""
    attendance: dict[str, int] = {}
    for cell in cells.values():
        added(attendance, cell["training_by_session"])
    sessions = [
        {
            "id": session.pk,
            "date": session.date.isoformat(),
            "place": session.place,
            "topic": session.topic,
            "attendance": attendance[str(session.pk)],
        }
        for session in TrainingSession.objects.filter(
            pk__in=[int(key) for key, n in attendance.items() if n]
        ).order_by("date", "pk")
    ]
    return {
        "training_sessions": sessions,
        "training_sessions_count": len(sessions),
        "training_attendance": sum(s["attendance"] for s in sessions),
    }


def draws(records: RecordSets) -> dict:
    """The random draws made in the period, each with its units in scope and how many of
    them were inspected for it by the period's end (one query)."""
    listed = [
        {
            "id": row["draw"],
            "name": row["draw__name"],
            "date": row["draw__created_at"].date().isoformat(),
            "units": row["units"],
            "inspected": row["inspected"],
        }
        for row in drawn_units(records)
        .order_by()
        .values("draw", "draw__name", "draw__created_at")
        .annotate(units=Count("pk"), inspected=Count("pk", filter=draw_inspected(records)))
        .order_by("draw__created_at", "draw")
    ]
    return {
        "draws": listed,
        "draws_count": len(listed),
        "drawn_units": sum(d["units"] for d in listed),
        "drawn_units_inspected": sum(d["inspected"] for d in listed),
    }


DOMAIN_COUNTS = ("units", "inspected_units", "visits", "opinions", "samples", "samples_failing")
# A domain's cases, decisions and money: (its field, the field of penalty_cases' line).
DOMAIN_CASES = (
    ("cases", "cases"),
    ("decided_cases", "decided_cases"),
    ("penalised_units", "units"),
    ("fines", "fines"),
    ("confiscated_gains", "confiscated_gains"),
)


def domains(rows: dict, kinds: dict, cases_by_domain: list[dict]) -> list[dict]:
    """Of all domains, one block per domain: the cells of its kinds added up (a unit, and
    its visits, under its main kind's domain: the blocks add up to the office's totals)
    and the cases of its violations (``penalty_cases``' lines by domain), with coverage
    and frequency. ``rows``: the cells added up by kind (``by_category``); ``kinds``: their
    kinds by id, with their domain. No query."""
    blocks: dict[str, dict] = {}
    order: dict[str, tuple] = {}

    def block(code, name):
        return blocks.setdefault(
            code,
            {"domain": code, "domain_name": name,
             **dict.fromkeys(DOMAIN_COUNTS, 0),
             **{field: 0 for field, _ in DOMAIN_CASES},
             "categories": []},
        )  # fmt: skip

    for category, counts in rows.items():
        kind = kinds[category]
        each = block(kind.domain.code, kind.domain.name)
        order[kind.domain.code] = (kind.domain.order, kind.domain.code)
        each["categories"].append(kind.code)
        for field in DOMAIN_COUNTS:
            each[field] += counts[field]
    for line in cases_by_domain:
        each = block(line["domain"], line["domain_name"])
        for field, of in DOMAIN_CASES:
            each[field] += line[of]
    for each in blocks.values():
        each["coverage_rate"] = rate(each["inspected_units"], each["units"])
        each["frequency"] = frequency(each["visits"], each["inspected_units"])
        each["categories"].sort()
    last = (10**6, "")
    return sorted(blocks.values(), key=lambda b: (order.get(b["domain"], last), b["domain"]))
