"""Figures of the work done beside the core ones: inspections by kind, opinions and
samples, campaigns, the licensing window and penalty cases. Each a fixed number of
queries."""

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from inspections.choices import InspectionKind, OpinionStatus, Verdict
from inspections.models import Campaign
from licensing.choices import ApplicationKind, ApplicationPath
from reports import sets
from reports.rates import money, rate


def inspections_by_kind(scope) -> list[dict]:
    counts = dict(sets.inspections(scope).order_by().values_list("kind").annotate(n=Count("pk")))
    return [
        {"kind": kind.value, "label": kind.label, "visits": counts.get(kind.value, 0)}
        for kind in InspectionKind
    ]


def opinions_and_samples(scope) -> dict:
    opinions = sets.opinions(scope).aggregate(
        opinions=Count("pk"),
        opinions_rectified=Count("pk", filter=Q(status=OpinionStatus.CLOSED)),
    )
    samples = sets.samples(scope).aggregate(
        samples=Count("pk"), samples_failing=Count("pk", filter=Q(verdict=Verdict.FAIL))
    )
    passing = samples["samples"] - samples["samples_failing"]
    return {
        **opinions,
        **samples,
        "monitoring_pass_rate": rate(passing, samples["samples"]),
    }


def campaigns(scope) -> list[dict]:
    start, end = scope.period.start, scope.period.end
    qs = Campaign.objects.filter(start_date__lte=end, end_date__gte=start)
    if scope.domain is not None:
        qs = qs.filter(Q(domains=scope.domain) | Q(domains__isnull=True))
    first, after = scope.period.moments()
    in_scope = Q(
        inspections__establishment__in=sets.units(scope).values("pk"),
        inspections__inspected_at__gte=first,
        inspections__inspected_at__lt=after,
    )
    rows = (
        qs.distinct()
        .annotate(
            visits=Count("inspections", filter=in_scope, distinct=True),
            units=Count("inspections__establishment", filter=in_scope, distinct=True),
            opinions=Count("inspections__opinion", filter=in_scope, distinct=True),
            cases=Count("inspections__penalty_cases", filter=in_scope, distinct=True),
        )
        .order_by("start_date", "pk")
    )
    return [
        {
            "id": c.pk,
            "name": c.name,
            "start": c.start_date.isoformat(),
            "end": c.end_date.isoformat(),
            "visits": c.visits,
            "units": c.units,
            "opinions": c.opinions,
            "cases": c.cases,
        }
        for c in rows
    ]


def licensing(scope) -> dict:
    applications = sets.applications(scope).aggregate(
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
        for row in sets.permits_issued(scope)
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
        "consultations": sets.consultations(scope).count(),
        "permits_issued": sum(p["permits"] for p in permits),
        "permits_by_type": permits,
    }


def penalty_cases(scope) -> dict:
    from penalties.choices import CaseStatus, PenaltyKind, PenaltyStage

    filed = sets.cases(scope)
    by_violation = [
        {"violation": row["violation__name"], "cases": row["n"]}
        for row in filed.order_by()
        .values("violation__name", "violation__order")
        .annotate(n=Count("pk"))
        .order_by("violation__order", "violation__name")
    ]
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
        return Coalesce(
            Sum(
                "penalties__amount",
                filter=Q(penalties__stage=PenaltyStage.DECIDED, penalties__kind=kind),
            ),
            Value(Decimal("0"), output_field=money_field),
            output_field=money_field,
        )

    decided = sets.decided_cases(scope).aggregate(
        decided_cases=Count("pk", distinct=True),
        fines=total(PenaltyKind.FINE),
        confiscated_gains=total(PenaltyKind.CONFISCATE_GAINS),
        confiscated_items=Count(
            "penalties",
            filter=Q(
                penalties__stage=PenaltyStage.DECIDED,
                penalties__kind=PenaltyKind.CONFISCATE_ITEMS,
            ),
        ),
    )
    return {
        "cases": sum(r["cases"] for r in by_violation),
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
        "fines": money(decided["fines"]),
        "confiscated_gains": money(decided["confiscated_gains"]),
        "confiscated_items": decided["confiscated_items"],
    }


# Figures shown beside the same period of the year before: counts with their relative
# change, rates side by side (their change is read in percentage points).
