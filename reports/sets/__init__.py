"""The second stage of the reports pipeline: the records of a scope. ``RecordSets(scope)``
is made once per scope and handed to the counting, the drill-downs and the dashboard;
DRILLDOWN names the set behind each figure."""

from reports.sets.drilldown import DRILLDOWN
from reports.sets.records import RecordSets

__all__ = ["DRILLDOWN", "RecordSets"]
