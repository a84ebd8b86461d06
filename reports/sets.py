"""The records behind every figure, as querysets. A figure is the count (or sum) of its
set, and its drill-down lists the same set, so the list's count equals the figure.

Definitions (written on the summary page and in the API docs):
- in scope: units of the domain operating at some time in the period;
- already licensed: in scope, holding a permit in force on the first day of the period and
  on its last day; due: the other units in scope whose kind needs a permit; issued: due
  units that got a permit dated in the period;
- inspected: in scope with at least one inspection in the period; visits: inspections of
  units in scope in the period;
- practitioners: employed in an in-scope unit at some time in the period; examined: with a
  health examination dated in the period; trained: attended a training in the period.
"""

from django.db.models import Exists, OuterRef, Q

from inspections.choices import InspectionResult, OpinionStatus, Verdict
from inspections.models import Inspection, Sample, SupervisionOpinion
from licensing.health.models import HealthCertificate, TrainingAttendance
from licensing.models import Application, Consultation, Permit
from premises.models import Establishment, Practitioner
from reports.scope import Scope


def units(scope: Scope):
    qs = Establishment.objects.in_period(scope.period.start, scope.period.end)
    if scope.domain is not None:
        qs = qs.filter(category__domain=scope.domain)
    if scope.township is not None:
        qs = qs.filter(township=scope.township)
    if scope.township_ids:
        qs = qs.filter(township_id__in=scope.township_ids)
    return qs


def _narrow(scope: Scope) -> bool:
    return scope.township is not None or bool(scope.township_ids)


def _unit_ids(scope: Scope):
    return units(scope).values("pk")


def inspections(scope: Scope):
    first, after = scope.period.moments()
    return Inspection.objects.filter(
        inspected_at__gte=first, inspected_at__lt=after, establishment__in=_unit_ids(scope)
    )


def _member(records, field: str, among, listing: bool) -> Q:
    """The row's pk is among ``records``' ``field``.

    To count (a FILTER in an aggregate): an uncorrelated IN, which PostgreSQL hashes once
    and probes per row, where an EXISTS correlated with the row runs once per row; ``among``
    (a township or a few) narrows the records to those of its rows first. To list (a
    WHERE): an EXISTS, which PostgreSQL joins, also negated (an anti-join), where a negated
    IN falls back to a subplan that is re-run per row once its set outgrows work_mem."""
    if listing:
        return Q(Exists(records.filter(**{field: OuterRef("pk")})))
    if among is not None:
        records = records.filter(**{f"{field}__in": among})
    return Q(pk__in=records.values(field))


def unit_conditions(scope: Scope, *, listing: bool = False) -> dict[str, Q]:
    """What a unit in scope may be: inspected, licensed (before), due, issued."""
    first, after = scope.period.moments()
    start, end = scope.period.start, scope.period.end
    narrow = _unit_ids(scope) if _narrow(scope) else None

    def member(records):
        return _member(records, "establishment", narrow, listing)

    visited = Inspection.objects.filter(inspected_at__gte=first, inspected_at__lt=after)
    got = Permit.objects.filter(issued_on__range=(start, end))
    licensed = member(Permit.objects.held_on(start)) & member(Permit.objects.held_on(end))
    due = Q(category__needs_permit=True) & ~licensed
    return {
        "inspected": member(visited),
        "licensed": licensed,
        "due": due,
        "issued": due & member(got),
    }


def units_where(scope: Scope, *flags: str, negated: str | None = None):
    """Units in scope meeting every named condition (and not ``negated``)."""
    conditions = unit_conditions(scope, listing=True)
    qs = units(scope)
    for flag in flags:
        qs = qs.filter(conditions[flag])
    if negated:
        qs = qs.exclude(conditions[negated])
    return qs


def practitioners(scope: Scope):
    start, end = scope.period.start, scope.period.end
    return Practitioner.objects.filter(
        establishment__in=_unit_ids(scope), hired_on__lte=end
    ).filter(Q(left_on__isnull=True) | Q(left_on__gt=start))


def practitioner_conditions(scope: Scope, *, listing: bool = False) -> dict[str, Q]:
    start, end = scope.period.start, scope.period.end
    narrow = practitioners(scope).values("pk") if _narrow(scope) else None
    examined = HealthCertificate.objects.filter(exam_date__range=(start, end))
    trained = TrainingAttendance.objects.filter(session__date__range=(start, end))
    return {
        "examined": _member(examined, "practitioner", narrow, listing),
        "trained": _member(trained, "practitioner", narrow, listing),
    }


def practitioners_where(scope: Scope, flag: str):
    return practitioners(scope).filter(practitioner_conditions(scope, listing=True)[flag])


def opinions(scope: Scope):
    first, after = scope.period.moments()
    return SupervisionOpinion.objects.filter(
        issued_at__gte=first,
        issued_at__lt=after,
        inspection__establishment__in=_unit_ids(scope),
    )


def samples(scope: Scope):
    first, after = scope.period.moments()
    return Sample.objects.filter(
        taken_at__gte=first, taken_at__lt=after, inspection__establishment__in=_unit_ids(scope)
    )


def applications(scope: Scope):
    qs = Application.objects.filter(received_on__range=(scope.period.start, scope.period.end))
    return _of_units(qs, scope)


def consultations(scope: Scope):
    qs = Consultation.objects.filter(consulted_on__range=(scope.period.start, scope.period.end))
    if scope.domain is not None or scope.township is not None:
        qs = _of_units(qs.filter(establishment__isnull=False), scope)
    return qs


def permits_issued(scope: Scope):
    """Every permit dated in the period for a unit of the domain (new, renewed, changed)."""
    qs = Permit.objects.filter(issued_on__range=(scope.period.start, scope.period.end))
    return _of_units(qs, scope)


def _of_units(qs, scope: Scope):
    if scope.domain is not None:
        qs = qs.filter(establishment__category__domain=scope.domain)
    if scope.township is not None:
        qs = qs.filter(establishment__township=scope.township)
    return qs


def cases(scope: Scope):
    """Penalty cases filed in the period (of the domain by their violation)."""
    from penalties.models import PenaltyCase

    qs = PenaltyCase.objects.filter(filed_on__range=(scope.period.start, scope.period.end))
    if scope.domain is not None:
        qs = qs.filter(violation__domain=scope.domain)
    if scope.township is not None:
        qs = qs.filter(establishment__township=scope.township)
    return qs


def decided_cases(scope: Scope):
    """Cases decided in the period: their fines and confiscations count in the period."""
    from penalties.models import PenaltyCase

    qs = PenaltyCase.objects.filter(decided_on__range=(scope.period.start, scope.period.end))
    if scope.domain is not None:
        qs = qs.filter(violation__domain=scope.domain)
    if scope.township is not None:
        qs = qs.filter(establishment__township=scope.township)
    return qs


# Drill-down: figure key → (what the records are, the set). Each set's count is the figure.
COMPLIANT = Q(result=InspectionResult.COMPLIANT)
DRILLDOWN = {
    "units": ("establishment", lambda s: units(s)),
    "inspected_units": ("establishment", lambda s: units_where(s, "inspected")),
    "uninspected_units": ("establishment", lambda s: units_where(s, negated="inspected")),
    "licensed_before": ("establishment", lambda s: units_where(s, "licensed")),
    "licence_due": ("establishment", lambda s: units_where(s, "due")),
    "licences_issued": ("establishment", lambda s: units_where(s, "issued")),
    "licence_missing": ("establishment", lambda s: units_where(s, "due", negated="issued")),
    "visits": ("inspection", lambda s: inspections(s)),
    "compliant_visits": ("inspection", lambda s: inspections(s).filter(COMPLIANT)),
    "practitioners": ("practitioner", lambda s: practitioners(s)),
    "examined": ("practitioner", lambda s: practitioners_where(s, "examined")),
    "trained": ("practitioner", lambda s: practitioners_where(s, "trained")),
    "opinions": ("opinion", lambda s: opinions(s)),
    "opinions_rectified": (
        "opinion",
        lambda s: opinions(s).filter(status=OpinionStatus.CLOSED),
    ),
    "samples": ("sample", lambda s: samples(s)),
    "samples_failing": ("sample", lambda s: samples(s).filter(verdict=Verdict.FAIL)),
    "applications": ("application", lambda s: applications(s)),
    "consultations": ("consultation", lambda s: consultations(s)),
    "permits_issued": ("permit", lambda s: permits_issued(s)),
    "cases": ("case", lambda s: cases(s)),
    "decided_cases": ("case", lambda s: decided_cases(s)),
}
