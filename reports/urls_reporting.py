"""Reporting upward and the dashboard.

Each card kind has its own paths (reporting/unit/, reporting/inspection/ ...) under one
name with the kind as a fixed argument: ``{% url 'reports:reporting_list' kind='unit' %}``
works, and an unknown kind is a 404 without a check in the view.

The case kinds come first and last on purpose: reversing a name without its kind (the
URL walk of tests/test_url_permissions.py does) gives the last pattern, and the walk
picks the object from the first one's path segment; both are penalty cases."""

from django.urls import path

from reports.models import CardKind
from reports.views.dashboard import DashboardView
from reports.views.reporting import (
    CardBulkRecordView,
    CardRecordView,
    ReportingListView,
    ReportingOverviewView,
)

KIND_ORDER = (
    CardKind.CASE_DECISION,
    CardKind.UNIT,
    CardKind.INSPECTION,
    CardKind.DRAW_PUBLICATION,
    CardKind.CASE_CLOSURE,
)


def _per_kind(route, view, name):
    return [
        path(f"reporting/{kind.value}/{route}", view, {"kind": kind.value}, name=name)
        for kind in KIND_ORDER
    ]


urlpatterns = [
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("reporting/", ReportingOverviewView.as_view(), name="reporting"),
    *_per_kind("", ReportingListView.as_view(), "reporting_list"),
    *_per_kind("record/", CardBulkRecordView.as_view(), "reporting_record_many"),
    *_per_kind("<int:object_id>/record/", CardRecordView.as_view(), "reporting_record"),
]
