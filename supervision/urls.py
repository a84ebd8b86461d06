from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.api_docs import RoleSchemaMixin
from core.api_tokens import TokenObtainView
from core.views_account import PasswordChangeDoneView, PasswordChangeView
from inspections.views import HomeView


class SchemaView(RoleSchemaMixin, SpectacularAPIView):
    pass


class DocsView(RoleSchemaMixin, SpectacularSwaggerView):
    pass


urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Every signed-in user changes their own password (their API tokens are revoked).
    path("account/password/", PasswordChangeView.as_view(), name="password_change"),
    path("account/password/done/", PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("premises/", include("premises.urls")),
    path("inspections/", include("inspections.urls")),
    path("licensing/", include("licensing.urls")),
    path("penalties/", include("penalties.urls")),
    path("reports/", include("reports.urls")),
    path("", include("core.urls")),
    path("api/v1/", include("premises.api.urls")),
    path("api/v1/", include("inspections.api.urls")),
    path("api/v1/", include("licensing.api.urls")),
    path("api/v1/", include("penalties.api.urls")),
    path("api/v1/", include("reports.api.urls")),
    path("api/v1/auth/token/", TokenObtainView.as_view(), name="api_token"),
    path("api/schema/", SchemaView.as_view(), name="api_schema"),
    path("api/docs/", DocsView.as_view(url_name="api_schema"), name="api_docs"),
    path("admin/", admin.site.urls),
]
