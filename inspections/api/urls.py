from rest_framework.routers import DefaultRouter

from inspections.api import grades, promotion, views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("inspections", views.InspectionViewSet)
router.register("checklists", views.ChecklistViewSet, basename="checklist")
router.register("samples", views.SampleViewSet)
router.register("standards", views.StandardViewSet, basename="standard")
router.register("opinions", views.OpinionViewSet, basename="opinion")
router.register("campaigns", views.CampaignViewSet)
router.register("draws", views.DrawViewSet, basename="draw")
router.register("grades", grades.GradeViewSet, basename="grade")  # 信誉度等级
router.register("complaints", views.ComplaintViewSet, basename="complaint")
router.register(  # 健康促进评估
    "promotion-assessments",
    promotion.PromotionAssessmentViewSet,
    basename="promotion-assessment",
)

urlpatterns = router.urls
