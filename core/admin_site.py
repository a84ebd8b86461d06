from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied

from core.roles import Role


class OfficeAdminSite(admin.AdminSite):
    """The admin is for administrators. Signed-in users of other roles get 403, like on
    every other page, rather than the admin's own login form."""

    site_header = "卫监 · 系统管理"
    site_title = "卫监"
    index_title = "参考数据与用户"
    final_catch_all_view = False

    def has_permission(self, request):
        user = request.user
        return user.is_active and (
            user.is_superuser or user.groups.filter(name=Role.ADMINISTRATOR.value).exists()
        )

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        wrapper.admin_site = self  # type: ignore[attr-defined]  # as Django's own
        return wrapper


class OfficeAdminConfig(AdminConfig):
    default_site = "core.admin_site.OfficeAdminSite"
