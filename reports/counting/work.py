"""The counts of the work done beside the cells: inspections by kind, opinions, samples and
officers sent (added up from the cells), campaigns, the licensing window and penalty cases
(counted from a scope's record sets). Each a fixed number of queries."""

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from inspections.choices import InspectionKind, SampleVerdict
from inspections.models import Campaign
from licensing.choices import ApplicationKind, ApplicationPath
from penalties.choices import CaseStatus, PenaltyKind, PenaltyStage, Procedure
from premises.choices import REGISTERED_SUBJECTS
from reports.counting.cells import added
from reports.counting.rates import money, rate
from reports.sets import RecordSets


def _total(cells: dict, field: str) -> int:
    return sum(cell[field] for cell in cells.values())


def inspections_by_kind(cells: dict) -> list[dict]:
    counts = {}
    for cell in cells.values():
        added(counts, cell["visits_by_kind"])
    return [
        {"kind": kind.value, "label": kind.label, "visits": counts.get(kind.value, 0)}
        for kind in InspectionKind
    ]


def work_in_cells(cells: dict) -> dict:
    """Opinions, samples and officers sent, added up from the cells."""
    samples, failing = _total(cells, "samples"), _total(cells, "samples_failing")
    return {
        "opinions": _total(cells, "opinions"),
        "opinions_rectified": _total(cells, "opinions_rectified"),
        "samples": samples,
        "samples_failing": failing,
        "monitoring_pass_rate": rate(samples - failing, samples),
        "officer_visits": _total(cells, "officer_visits"),
    }


# (the field of a campaign's line, the column of its counts)
CAMPAIGN_COUNTS = (
    ("visits", "visits"), ("units", "units"), ("opinions", "opinions"),
    ("samples", "n_samples"), ("samples_failing", "n_failing"), ("cases", "cases"),
    ("penalised_units", "penalised_units"),
)  # fmt: skip


def campaigns(records: RecordSets) -> list[dict]:
    """The campaigns running in the period, each with its visits of units in scope, their
    opinions, samples judged (and failing), cases and units penalised (a decided case
    against a registered unit), and the problems those visits found (three queries: the
    campaigns, the counts of all of them at once, their problems)."""
    domain = records.scope.domain
    listed = Campaign.objects.filter(start_date__lte=records.end, end_date__gte=records.start)
    if domain is not None:
        listed = listed.filter(Q(domains=domain) | Q(domains__isnull=True))
    listed = list(listed.distinct().order_by("start_date", "pk"))
    visits = records.inspections().filter(campaign__in=[c.pk for c in listed]).order_by()
    kept = Q(samples__voided_at__isnull=True)
    judged = kept & ~Q(samples__verdict=SampleVerdict.PENDING)
    penalised = Q(
        penalty_cases__decided_on__isnull=False,
        penalty_cases__establishment__subject_kind__in=REGISTERED_SUBJECTS,
    )
    counts = {
        row["campaign"]: row
        for row in visits.values("campaign").annotate(
            visits=Count("pk", distinct=True),
            units=Count("establishment", distinct=True),
            opinions=Count("opinion", distinct=True),
            # named apart from the relations they count (an alias hides its relation)
            n_samples=Count("samples", distinct=True, filter=judged),
            n_failing=Count(
                "samples", distinct=True, filter=kept & Q(samples__verdict=SampleVerdict.FAIL)
            ),
            cases=Count("penalty_cases", distinct=True),
            penalised_units=Count("penalty_cases__establishment", distinct=True, filter=penalised),
        )
    }
    problems: dict[int, list] = {}
    for row in (
        visits.filter(problems__isnull=False)
        .values("campaign", "problems__name", "problems__order", "problems__code")
        .annotate(count=Count("pk", distinct=True))
        .order_by("campaign", "-count", "problems__order", "problems__code")
    ):
        problems.setdefault(row["campaign"], []).append(
            {"name": row["problems__name"], "count": row["count"]}
        )
    return [
        {
            "id": c.pk,
            "name": c.name,
            "start": c.start_date.isoformat(),
            "end": c.end_date.isoformat(),
            **{field: counts.get(c.pk, {}).get(column, 0) for field, column in CAMPAIGN_COUNTS},
            "problems": problems.get(c.pk, []),
        }
        for c in listed
    ]


def licensing(records: RecordSets) -> dict:
    applications = records.applications().aggregate(
        applications=Count("pk"),
        commitment_applications=Count("pk", filter=Q(path=ApplicationPath.COMMITMENT)),
        **{
            f"applications_{kind.value}": Count("pk", filter=Q(kind=kind.value))
            for kind in ApplicationKind
        },
    )
    permits = [
        {
            "permit_type": row["permit_type__name"],
            "permits": row["permits"],
            "commitment": row["commitment"],
        }
        for row in records.permits_issued()
        .order_by()
        .values("permit_type__name", "permit_type__code")
        .annotate(
            permits=Count("pk"),
            commitment=Count("pk", filter=Q(application__path=ApplicationPath.COMMITMENT)),
        )
        .order_by("permit_type__code")
    ]
    return {
        **applications,
        "consultations": records.consultations().count(),
        **_complaints(records),
        "permits_issued": sum(p["permits"] for p in permits),
        "permits_by_type": permits,
    }


def _complaints(records: RecordSets) -> dict:
    """Complaints received and closed in the period, in one query."""
    dated = records.complaint_conditions()
    return records.complaints_dated(dated["received"] | dated["closed"]).aggregate(
        complaints=Count("pk", filter=dated["received"]),
        complaints_closed=Count("pk", filter=dated["closed"]),
    )


def penalty_cases(records: RecordSets) -> dict:
    filed = records.cases()
    simple = Q(procedure=Procedure.SIMPLE)
    rows = list(
        filed.order_by()
        .values(*VIOLATION)
        .annotate(n=Count("pk"), simple=Count("pk", filter=simple))
        .order_by("violation__order", "violation__name")
    )
    simple_cases = sum(row["simple"] for row in rows)
    by_status = dict(filed.order_by().values_list("status").annotate(n=Count("pk")))
    by_outcome, outcome_labels = {}, {}
    if hasattr(filed.model, "outcome"):
        outcome_labels = dict(filed.model._meta.get_field("outcome").choices or ())
        by_outcome = dict(
            filed.filter(status=CaseStatus.CLOSED)
            .order_by()
            .values_list("outcome")
            .annotate(n=Count("pk"))
        )
    money_field = DecimalField(max_digits=14, decimal_places=2)

    def total(kind):
        decided = Q(penalties__stage=PenaltyStage.DECIDED, penalties__kind=kind)
        return Coalesce(
            Sum("penalties__amount", filter=decided),
            Value(Decimal("0"), output_field=money_field),
            output_field=money_field,
        )

    # Decided cases by (violation, unit, procedure) in one query: the totals, each
    # violation's money and the units penalised (a unit once, however many cases; a person,
    # registered as a subject or not, is no unit) are added up from its rows.
    decided_rows = list(
        records.decided_cases()
        .order_by()
        .values(
            *VIOLATION,
            "establishment",
            "establishment__subject_kind",
            "procedure",
        )
        .annotate(
            decided=Count("pk", distinct=True),
            fines=total(PenaltyKind.FINE),
            gains=total(PenaltyKind.CONFISCATE_GAINS),
            items=Count(
                "penalties",
                filter=Q(
                    penalties__stage=PenaltyStage.DECIDED,
                    penalties__kind=PenaltyKind.CONFISCATE_ITEMS,
                ),
            ),
        )
    )
    simple_rows = [row for row in decided_rows if row["procedure"] == Procedure.SIMPLE]
    decided = {
        "decided_cases": sum(row["decided"] for row in decided_rows),
        "simple_decided_cases": sum(row["decided"] for row in simple_rows),
        "fines": sum((row["fines"] for row in decided_rows), Decimal("0")),
        "simple_fines": sum((row["fines"] for row in simple_rows), Decimal("0")),
        "confiscated_gains": sum((row["gains"] for row in decided_rows), Decimal("0")),
        "confiscated_items": sum(row["items"] for row in decided_rows),
        "penalised_units": len(
            {
                row["establishment"]
                for row in decided_rows
                if row["establishment__subject_kind"] in REGISTERED_SUBJECTS
            }
        ),
    }
    by_violation = [
        {"code": key, "violation": each["name"], "domain": each["domain"],
         **_money_line(each)}
        for key, each in _tally(rows, decided_rows, "violation__code")
    ]  # fmt: skip
    cases = sum(r["cases"] for r in by_violation)
    return {
        "cases": cases,
        # 一般程序 and 简易程序 apart: simple cases are decided (and "filed") on the spot.
        "ordinary_cases": cases - simple_cases,
        "simple_cases": simple_cases,
        "cases_by_violation": by_violation,
        # 统计分组: the office's groups of violations (医疗机构依法执业 apart from 非法行医)
        "cases_by_group": [
            {"group": key, **_money_line(each)}
            for key, each in _tally(_grouped(rows), _grouped(decided_rows), "group")
        ],
        "cases_by_domain": [
            {"domain": key, "domain_name": each["name"], **_money_line(each)}
            for key, each in _tally(rows, decided_rows, "violation__domain__code")
            if key is not None
        ],
        "cases_by_status": [
            {"status": s.value, "label": s.label, "cases": by_status.get(s.value, 0)}
            for s in CaseStatus
        ],
        "cases_by_outcome": [
            {"outcome": k, "label": outcome_labels.get(k, k), "cases": v}
            for k, v in sorted(by_outcome.items())
            if k
        ],
        "decided_cases": decided["decided_cases"],
        "ordinary_decided_cases": decided["decided_cases"] - decided["simple_decided_cases"],
        "simple_decided_cases": decided["simple_decided_cases"],
        "fines": money(decided["fines"]),
        "ordinary_fines": money(decided["fines"] - decided["simple_fines"]),
        "simple_fines": money(decided["simple_fines"]),
        "confiscated_gains": money(decided["confiscated_gains"]),
        "confiscated_items": decided["confiscated_items"],
        "penalised_units": decided["penalised_units"],
    }


# What a case's rows say of its violation (its code decides the rest: no finer grouping).
VIOLATION = (
    "violation__code",
    "violation__name",
    "violation__order",
    "violation__domain__code",
    "violation__domain__name",
    "violation__domain__order",
    "violation__report_group",
)
_NAME_OF = {
    "group": ("group", "violation__order"),
    "violation__code": ("violation__name", "violation__order"),
    "violation__domain__code": ("violation__domain__name", "violation__domain__order"),
}


def _grouped(rows: list[dict]) -> list[dict]:
    """Rows with their violation's statistics group (统计分组; none: the violation alone)."""
    for row in rows:
        row["group"] = row["violation__report_group"] or row["violation__name"]
    return rows


def _tally(rows, decided_rows, key: str) -> list[tuple]:
    """The cases filed (``rows``) and decided (``decided_rows``) added up by ``key`` (a
    violation, its domain or its group), in the catalogue's order: each line's cases,
    decisions, money and units penalised (a registered unit once, however many cases)."""
    name, order = _NAME_OF[key]
    lines: dict = {}

    def line(row):
        each = lines.setdefault(
            row[key],
            {"name": row[name], "order": row[order] or 0, "domain": row["violation__domain__code"],
             "cases": 0, "decided_cases": 0, "units": set(), "fines": Decimal("0"),
             "confiscated_gains": Decimal("0")},
        )  # fmt: skip
        each["order"] = min(each["order"], row[order] or 0)  # a group: its first violation's
        return each

    for row in rows:
        line(row)["cases"] += row["n"]
    for row in decided_rows:
        each = line(row)
        each["decided_cases"] += row["decided"]
        each["fines"] += row["fines"]
        each["confiscated_gains"] += row["gains"]
        if row["establishment__subject_kind"] in REGISTERED_SUBJECTS:
            each["units"].add(row["establishment"])
    return sorted(lines.items(), key=lambda item: (item[1]["order"], item[1]["name"] or ""))


def _money_line(each: dict) -> dict:
    return {
        "cases": each["cases"],
        "decided_cases": each["decided_cases"],
        "units": len(each["units"]),
        "fines": money(each["fines"]),
        "confiscated_gains": money(each["confiscated_gains"]),
    }
