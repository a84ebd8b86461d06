"""What only the narrative tells, beside the figures: the units' files (建档), the training
sessions, and each failing sample with its unit, the items that failed and what was ordered.

``narrative_facts(scope, figures)`` is called when a summary is drafted
(reports.services.summaries, kept in its snapshot as figures["facts"]) or its live PDF is
printed (reports.views.documents); a fixed number of queries whatever the amount of data."""

import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from inspections.choices import InspectionResult, OpinionStatus, SampleVerdict, Verdict
from inspections.models import SampleResult, SupervisionOpinion
from licensing.health.models import TrainingSession
from reports.counting.rollup import report_queries
from reports.scope import Scope
from reports.sets import RecordSets

# A unit's file is complete when the registry has what identifies and reaches it.
COMPLETE_FILE = ~Q(credit_code="") & ~Q(legal_representative="") & ~Q(phone="")
FAILING_SAMPLES_LISTED = 20
ORDER_WITHIN = datetime.timedelta(days=60)


def archives(records: RecordSets) -> dict:
    """Units in scope (each has its file in the registry) and those whose file is complete."""
    return records.units().aggregate(units=Count("pk"), complete=Count("pk", filter=COMPLETE_FILE))


def training_sessions(sessions: list[dict]) -> list[dict]:
    """The summary's sessions of the period attended by practitioners in scope (its
    ``training_sessions``, with how many of them came: ``attendance``), each with how many
    came in all (``total``)."""
    totals = dict(
        TrainingSession.objects.filter(pk__in=[s["id"] for s in sessions])
        .annotate(total=Count("attendances"))
        .values_list("pk", "total")
    )
    return [{**s, "total": totals.get(s["id"], 0)} for s in sessions]


def _ordered(inspection, later=None) -> dict:
    """What the inspection that took the sample ordered, or else the opinion the unit was
    given within ``ORDER_WITHIN`` after (the lab's result came in after the visit)."""
    opinion = getattr(inspection, "opinion", None) or later
    if opinion is not None:
        return {
            "order": "opinion",
            "opinion_id": opinion.pk,
            "opinion_number": opinion.number,
            "deadline": opinion.deadline.isoformat(),
            "rectified": opinion.status == OpinionStatus.CLOSED,
        }
    if inspection.result == InspectionResult.REFERRED:
        return {"order": "referred"}
    return {"order": ""}


def _later_opinion(sample, opinions):
    for opinion in opinions:
        unit = opinion.inspection.establishment_id
        if unit == sample.inspection.establishment_id and (
            sample.taken_at <= opinion.issued_at <= sample.taken_at + ORDER_WITHIN
        ):
            return opinion
    return None


def failing_samples(records: RecordSets) -> list[dict]:
    """The failing samples of the period (the first ones, by date), each with its unit, the
    items that failed and what was ordered."""
    failed = SampleResult.objects.filter(verdict=SampleVerdict.FAIL).select_related("limit")
    samples = (
        records.samples()
        .filter(verdict=Verdict.FAIL)
        .select_related("inspection__establishment", "inspection__opinion")
        .prefetch_related(Prefetch("results", queryset=failed, to_attr="failed"))
        .order_by("taken_at", "pk")[:FAILING_SAMPLES_LISTED]
    )
    samples = list(samples)
    opinions = (
        list(
            SupervisionOpinion.objects.filter(
                inspection__establishment__in={s.inspection.establishment_id for s in samples},
                issued_at__gte=samples[0].taken_at,
            )
            .select_related("inspection")
            .order_by("issued_at", "pk")
        )
        if samples
        else []
    )
    return [
        {
            "id": s.pk,
            "inspection_id": s.inspection_id,
            "unit": s.inspection.establishment.name,
            "unit_id": s.inspection.establishment_id,
            "sample_type": s.sample_type,
            "location": s.location,
            "date": timezone.localdate(s.taken_at).isoformat(),
            "items": [r.limit.parameter for r in s.failed],
            **_ordered(s.inspection, _later_opinion(s, opinions)),
        }
        for s in samples
    ]


def narrative_facts(scope: Scope, figures: dict) -> dict:
    """What the narrative of ``scope`` tells beside its summary's ``figures``."""
    records = RecordSets(scope)
    with report_queries():  # the summary's work_mem: the sets are large at a province
        return {
            "archives": archives(records),
            "training_sessions": training_sessions(figures["training_sessions"]),
            "failing_samples": failing_samples(records),
        }
