from reports.models.reporting import CardKind, InfoCardReport
from reports.models.summary import SummaryReport, SummaryStatus

__all__ = ["CardKind", "InfoCardReport", "SummaryReport", "SummaryStatus"]
