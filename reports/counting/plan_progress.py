"""A focused plan's progress, counted from the records in a fixed number of queries.

- Units in scope: operating units of the plan campaign's domains, kinds and townships
  (inspections.services.draws.draw_candidates: a hospital with 放射诊疗 counts in radiation).
- Relevant inspections: within the plan's period, on a unit in scope, in one of the plan's
  domains (the inspection's own kind) — or linked to the plan's campaign, wherever.
- Checked units: units in scope with a relevant inspection; share = checked / in scope.
- Problems: units whose relevant inspection recorded a problem or did not end compliant;
  opinions: supervision opinions of relevant inspections; cases: cases filed from them.

The generic 检查情况汇总表 (reports/presentation/plan_tables.py) is built from the same
rows, so the page and the export show the same figures."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from inspections.choices import InspectionResult
from inspections.models import Inspection, SupervisionOpinion
from inspections.services.draws import draw_candidates
from penalties.models import PenaltyCase
from premises.models import Establishment
from reports.models import FocusedPlan, TargetMeasure


@dataclass
class Figures:
    in_scope: int = 0
    checked: int = 0
    visits: int = 0
    problems: int = 0
    opinions: int = 0
    cases: int = 0

    @property
    def share(self) -> Decimal | None:
        if not self.in_scope:
            return None
        return (Decimal(100 * self.checked) / self.in_scope).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    def value(self, measure: str):
        return {
            TargetMeasure.COVERAGE: self.share,
            TargetMeasure.UNITS: self.checked,
            TargetMeasure.VISITS: self.visits,
            TargetMeasure.PROBLEMS: self.problems,
            TargetMeasure.OPINIONS: self.opinions,
            TargetMeasure.CASES: self.cases,
        }.get(measure)


@dataclass
class Progress:
    plan: FocusedPlan
    total: Figures
    by_domain: list[tuple[object, Figures]] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    unchecked_ids: list[int] = field(default_factory=list)


def scope_of(plan: FocusedPlan):
    campaign = plan.campaign
    domains = list(campaign.domains.all())
    categories = list(campaign.categories.all())
    townships = list(campaign.townships.all())
    return domains, categories, townships


def plan_progress(plan: FocusedPlan) -> Progress:
    campaign = plan.campaign
    domains, categories, townships = scope_of(plan)
    units = draw_candidates(domains=domains, categories=categories, townships=townships)
    # unit id -> ids of the plan's domains it is in (one query per domain, few domains).
    unit_domains: dict[int, set[int]] = {}
    if domains:
        for domain in domains:
            for pk in units.filter(Establishment.objects.domain_condition(domain)).values_list(
                "pk", flat=True
            ):
                unit_domains.setdefault(pk, set()).add(domain.pk)
    else:
        unit_domains = {pk: set() for pk in units.values_list("pk", flat=True)}

    in_period = Q(
        inspected_at__date__gte=campaign.start_date, inspected_at__date__lte=campaign.end_date
    )
    relevant = Q(establishment__in=units) & in_period
    if domains:
        relevant &= Q(category__domain__in=domains)
    rows = list(
        Inspection.objects.filter(relevant | Q(campaign=campaign))
        .values("pk", "establishment_id", "category__domain_id", "result")
        .distinct()
    )
    with_problems = set(
        Inspection.objects.filter(pk__in=[r["pk"] for r in rows], problems__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    opinion_of = set(
        SupervisionOpinion.objects.filter(inspection__in=[r["pk"] for r in rows]).values_list(
            "inspection_id", flat=True
        )
    )
    case_count: dict[int, int] = {}
    for inspection_id in PenaltyCase.objects.filter(
        inspection__in=[r["pk"] for r in rows]
    ).values_list("inspection_id", flat=True):
        case_count[inspection_id] = case_count.get(inspection_id, 0) + 1

    def figures(domain_id=None) -> Figures:
        scope_ids = {pk for pk, ds in unit_domains.items() if domain_id is None or domain_id in ds}
        mine = [r for r in rows if domain_id is None or r["category__domain_id"] == domain_id]
        checked = {r["establishment_id"] for r in mine} & scope_ids
        problems = {
            r["establishment_id"]
            for r in mine
            if r["pk"] in with_problems or r["result"] != InspectionResult.COMPLIANT
        }
        return Figures(
            in_scope=len(scope_ids),
            checked=len(checked),
            visits=len(mine),
            problems=len(problems),
            opinions=sum(1 for r in mine if r["pk"] in opinion_of),
            cases=sum(case_count.get(r["pk"], 0) for r in mine),
        )

    total = figures()
    progress = Progress(plan=plan, total=total)
    if domains:
        progress.by_domain = [(d, figures(d.pk)) for d in domains]
    checked_ids = {r["establishment_id"] for r in rows}
    progress.unchecked_ids = sorted(set(unit_domains) - checked_ids)
    for target in plan.targets.all():
        actual = total.value(target.measure)
        progress.targets.append(
            {
                "target": target,
                "actual": actual,
                "met": None if actual is None else Decimal(actual) >= target.target,
            }
        )
    return progress
