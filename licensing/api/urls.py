from rest_framework.routers import DefaultRouter

from licensing.api import health, permits

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
permits.register(router)
health.register(router)

urlpatterns = router.urls
