from licensing.health.urls import urlpatterns as health_urls
from licensing.urls_permits import urlpatterns as permit_urls

app_name = "licensing"

urlpatterns = permit_urls + health_urls
