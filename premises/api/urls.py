from rest_framework.routers import DefaultRouter

from premises.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("domains", views.DomainViewSet)
router.register("categories", views.CategoryViewSet)
router.register("townships", views.TownshipViewSet)
router.register("establishments", views.EstablishmentViewSet)
router.register("practitioners", views.PractitionerViewSet)

urlpatterns = router.urls
