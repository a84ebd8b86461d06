from django.urls import path
from rest_framework.routers import SimpleRouter

from reports.api.views import AnnualView, FocusedPlanViewSet, SummaryView

router = SimpleRouter()
router.register("reports/plans", FocusedPlanViewSet, basename="focusedplan")

urlpatterns = [
    path("reports/summary/", SummaryView.as_view(), name="report-summary"),
    path("reports/annual/", AnnualView.as_view(), name="report-annual"),
    *router.urls,
]
