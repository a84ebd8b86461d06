from django.urls import path

from reports.views.drill import DrillView
from reports.views.summary import SummaryView

urlpatterns = [
    path("summary/", SummaryView.as_view(), name="summary"),
    # e.g. drill/units/?start=2024-01-01&end=2024-12-31
    path("drill/<slug:key>/", DrillView.as_view(), name="drill"),
]
