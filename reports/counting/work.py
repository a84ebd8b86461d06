"""The counts of the work done beside the cells: inspections by kind, opinions and samples
(added up from the cells), campaigns, the licensing window and penalty cases (counted from
a scope's record sets). Each a fixed number of queries."""

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from inspections.choices import InspectionKind
from inspections.models import Campaign
from licensing.choices import ApplicationKind, ApplicationPath
from penalties.choices import CaseStatus, PenaltyKind, PenaltyStage, Procedure
from premises.choices import REGISTERED_SUBJECTS
from reports.counting.rates import money, rate
from reports.sets import RecordSets


def _total(cells: dict, field: str) -> int:
    return sum(cell[field] for cell in cells.values())


def inspections_by_kind(cells: dict) -> list[dict]:
    counts = {}
    for cell in cells.values():
        for kind, n in cell["visits_by_kind"].items():
            counts[kind] = counts.get(kind, 0) + n
    return [
        {"kind": kind.value, "label": kind.label, "visits": counts.get(kind.value, 0)}
        for kind in InspectionKind
    ]


def opinions_and_samples(cells: dict) -> dict:
    samples, failing = _total(cells, "samples"), _total(cells, "samples_failing")
    return {
        "opinions": _total(cells, "opinions"),
        "opinions_rectified": _total(cells, "opinions_rectified"),
        "samples": samples,
        "samples_failing": failing,
        "monitoring_pass_rate": rate(samples - failing, samples),
    }


def campaigns(records: RecordSets) -> list[dict]:
    """The campaigns running in the period, each with its visits of units in scope (two
    queries: the campaigns, and the counts of all of them at once)."""
    domain = records.scope.domain
    listed = Campaign.objects.filter(start_date__lte=records.end, end_date__gte=records.start)
    if domain is not None:
        listed = listed.filter(Q(domains=domain) | Q(domains__isnull=True))
    listed = list(listed.distinct().order_by("start_date", "pk"))
    counts = {
        row["campaign"]: row
        for row in records.inspections()
        .filter(campaign__in=[c.pk for c in listed])
        .order_by()
        .values("campaign")
        .annotate(
            visits=Count("pk", distinct=True),
            units=Count("establishment", distinct=True),
            opinions=Count("opinion", distinct=True),
            cases=Count("penalty_cases", distinct=True),
        )
    }
    return [
        {
            "id": c.pk,
            "name": c.name,
            "start": c.start_date.isoformat(),
            "end": c.end_date.isoformat(),
            **{
                field: counts.get(c.pk, {}).get(field, 0)
                for field in ("visits", "units", "opinions", "cases")
            },
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
        .values("violation__code", "violation__name", "violation__order")
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
            "violation__code",
            "violation__name",
            "violation__order",
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
    # One line per violation with cases filed or decided in the period: the cases filed,
    # and the decisions' money (a case decided in the period may have been filed before).
    lines: dict[str, dict] = {}

    def line(row):
        return lines.setdefault(
            row["violation__code"],
            {"code": row["violation__code"], "violation": row["violation__name"],
             "order": row["violation__order"], "cases": 0, "decided_cases": 0,
             "fines": Decimal("0"), "confiscated_gains": Decimal("0")},
        )  # fmt: skip

    for row in rows:
        line(row)["cases"] = row["n"]
    for row in decided_rows:
        each = line(row)
        each["decided_cases"] += row["decided"]
        each["fines"] += row["fines"]
        each["confiscated_gains"] += row["gains"]
    by_violation = [
        {"code": each["code"], "violation": each["violation"], "cases": each["cases"],
         "decided_cases": each["decided_cases"], "fines": money(each["fines"]),
         "confiscated_gains": money(each["confiscated_gains"])}
        for each in sorted(lines.values(), key=lambda each: (each["order"], each["violation"]))
    ]  # fmt: skip
    cases = sum(r["cases"] for r in by_violation)
    return {
        "cases": cases,
        # 一般程序 and 简易程序 apart: simple cases are decided (and "filed") on the spot.
        "ordinary_cases": cases - simple_cases,
        "simple_cases": simple_cases,
        "cases_by_violation": by_violation,
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
