from reports.urls_documents import urlpatterns as document_patterns
from reports.urls_reporting import urlpatterns as reporting_patterns
from reports.urls_summary import urlpatterns as summary_patterns

app_name = "reports"

urlpatterns = summary_patterns + document_patterns + reporting_patterns
