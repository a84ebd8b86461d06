from rest_framework.routers import DefaultRouter

from licensing.api import reviews, views
from licensing.health.api import views as health_views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
views.register(router)
health_views.register(router)
reviews.register(router)  # 复核 and 校验

urlpatterns = router.urls
