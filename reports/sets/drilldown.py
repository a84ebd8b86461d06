"""Drill-down: figure key → (what the records are, their set in a scope's RecordSets). Each
set's count is the figure; reports:drill lists it."""

from django.db.models import Q

from inspections.choices import InspectionResult, OpinionStatus, Verdict
from penalties.choices import Procedure
from reports.sets import office

COMPLIANT = Q(result=InspectionResult.COMPLIANT)
DRILLDOWN = {
    "units": ("establishment", lambda r: r.units()),
    "inspected_units": ("establishment", lambda r: r.units_where("inspected")),
    "uninspected_units": ("establishment", lambda r: r.units_where(negated="inspected")),
    "licensed_before": ("establishment", lambda r: r.units_where("licensed")),
    "licence_due": ("establishment", lambda r: r.units_where("due")),
    "licences_issued": ("establishment", lambda r: r.units_where("issued")),
    "licence_missing": ("establishment", lambda r: r.units_where("due", negated="issued")),
    "visits": ("inspection", lambda r: r.inspections()),
    "compliant_visits": ("inspection", lambda r: r.inspections().filter(COMPLIANT)),
    "practitioners": ("practitioner", lambda r: r.practitioners()),
    "exam_due": ("practitioner", lambda r: r.practitioners_where("exam_due")),
    "examined": ("practitioner", lambda r: r.practitioners_where("examined")),
    "trained": ("practitioner", lambda r: r.practitioners_where("trained")),
    "officer_visits": ("officer_visit", office.officer_visits),
    "training_sessions_count": ("training_session", office.training_sessions),
    "training_attendance": ("training_attendance", office.training_attendances),
    "draws_count": ("draw", office.draws),
    "drawn_units": ("draw_assignment", office.drawn_units),
    "drawn_units_inspected": ("draw_assignment", office.drawn_units_inspected),
    "opinions": ("opinion", lambda r: r.opinions()),
    "opinions_rectified": (
        "opinion",
        lambda r: r.opinions().filter(status=OpinionStatus.CLOSED),
    ),
    "samples": ("sample", lambda r: r.samples()),
    "samples_failing": ("sample", lambda r: r.samples().filter(verdict=Verdict.FAIL)),
    "applications": ("application", lambda r: r.applications()),
    "consultations": ("consultation", lambda r: r.consultations()),
    "complaints": ("complaint", lambda r: r.complaints()),
    "complaints_closed": ("complaint", lambda r: r.complaints_closed()),
    "permits_issued": ("permit", lambda r: r.permits_issued()),
    "cases": ("case", lambda r: r.cases()),
    "decided_cases": ("case", lambda r: r.decided_cases()),
    "penalised_units": ("establishment", lambda r: r.penalised_units()),
    "ordinary_cases": ("case", lambda r: r.cases().filter(procedure=Procedure.ORDINARY)),
    "simple_cases": ("case", lambda r: r.cases().filter(procedure=Procedure.SIMPLE)),
    "ordinary_decided_cases": (
        "case",
        lambda r: r.decided_cases().filter(procedure=Procedure.ORDINARY),
    ),
    "simple_decided_cases": (
        "case",
        lambda r: r.decided_cases().filter(procedure=Procedure.SIMPLE),
    ),
}
