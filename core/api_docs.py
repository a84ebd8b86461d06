from rest_framework.permissions import IsAuthenticated


class RoleSchemaMixin:
    """The schema and its docs are for staff of the office: any signed-in user with a role."""

    permission_classes = [IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        from rest_framework.exceptions import PermissionDenied

        if not request.user.groups.exists() and not request.user.is_superuser:
            raise PermissionDenied("没有访问接口文档的角色。")
