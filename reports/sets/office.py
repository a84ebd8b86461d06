"""The office-wide record sets of one scope beside RecordSets' (records.py): the officers
sent on the visits (出动监督员人次), the training sessions and their attendance, the random
draws and the units they drew. Each function takes a scope's RecordSets and returns a fresh
queryset; a figure is its count and its drill-down lists it (reports.sets.DRILLDOWN).

Definitions (the catalogue writes them beside the figures):
- officer visits: one row per inspector per inspection in scope (Inspection.inspectors);
- training attendance: attendances, in sessions dated in the period, of practitioners in
  scope (a person at two sessions twice); training sessions: the sessions they attended;
- drawn units: units in scope assigned by a random draw made in the period; inspected: of
  them, those with an inspection made for the assignment by the period's end; draws: the
  draws that drew them.
"""

from django.db.models import Exists, OuterRef, Q

from inspections.models import DrawAssignment, Inspection, RandomDraw
from licensing.health.models import TrainingAttendance, TrainingSession
from reports.sets.records import RecordSets

OfficerVisit = Inspection.inspectors.through


def officer_visits(records: RecordSets):
    """Each inspector on each inspection in scope: their number is 出动监督员人次."""
    return OfficerVisit.objects.filter(records.inspection_condition("inspection__"))


def training_attendances(records: RecordSets):
    return TrainingAttendance.objects.filter(
        records.practitioner_condition("practitioner__"),
        session__date__range=(records.start, records.end),
    )


def training_sessions(records: RecordSets):
    """Sessions dated in the period that a practitioner in scope attended."""
    attended = training_attendances(records).filter(session=OuterRef("pk"))
    return TrainingSession.objects.filter(date__range=(records.start, records.end)).filter(
        Exists(attended)
    )


def drawn_units(records: RecordSets):
    """Assignments of draws made in the period whose unit is in scope."""
    return DrawAssignment.objects.filter(
        draw__created_at__gte=records.first,
        draw__created_at__lt=records.after,
        establishment__in=records.unit_ids,
    )


def draw_inspected(records: RecordSets, *, listing: bool = False) -> Q:
    """An assignment inspected for by the period's end (voided inspections do not count):
    to count, an uncorrelated IN; to list, an EXISTS (see records._member)."""
    made = Inspection.objects.filter(inspected_at__lt=records.after)
    if listing:
        return Q(Exists(made.filter(draw_assignment=OuterRef("pk"))))
    return Q(pk__in=made.filter(draw_assignment__isnull=False).values("draw_assignment"))


def drawn_units_inspected(records: RecordSets):
    return drawn_units(records).filter(draw_inspected(records, listing=True))


def draws(records: RecordSets):
    """Draws made in the period that drew a unit in scope."""
    return RandomDraw.objects.filter(Exists(drawn_units(records).filter(draw=OuterRef("pk"))))
