from reports.models.plans import (
    STATE_LABELS,
    FocusedPlan,
    PlanSubmission,
    PlanTable,
    PlanTarget,
    TargetMeasure,
)
from reports.models.reporting import CardKind, InfoCardReport
from reports.models.rollup import RollupCell, RollupChange, RollupDirty, RollupLock, RollupPeriod
from reports.models.summary import SummaryReport, SummaryStatus

__all__ = [
    "STATE_LABELS",
    "FocusedPlan",
    "PlanSubmission",
    "PlanTable",
    "PlanTarget",
    "TargetMeasure",
    "CardKind",
    "InfoCardReport",
    "RollupCell",
    "RollupChange",
    "RollupDirty",
    "RollupLock",
    "RollupPeriod",
    "SummaryReport",
    "SummaryStatus",
]
