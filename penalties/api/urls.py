from rest_framework.routers import DefaultRouter

from penalties.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("cases", views.CaseViewSet, basename="case")
router.register("violations", views.ViolationViewSet, basename="violation")
router.register("time-limits", views.TimeLimitViewSet, basename="timelimit")

urlpatterns = router.urls
