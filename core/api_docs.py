from rest_framework.permissions import IsAuthenticated


class RoleSchemaMixin:
    """The schema and its docs are for staff of the office: any signed-in user with a role."""

    permission_classes = [IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        from rest_framework.exceptions import PermissionDenied

        if not request.user.groups.exists() and not request.user.is_superuser:
            raise PermissionDenied("没有访问接口文档的角色。")


def versioned_schema(viewset):
    """Document core.api.VersionedUpdateMixin in the OpenAPI schema: the ETag of one
    record and the If-Match of its updates (412 when it has changed since). Applied in
    each app's api module (core.api is loaded by DRF's settings, before drf-spectacular
    may be imported)."""
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import (
        OpenApiParameter,
        OpenApiResponse,
        extend_schema,
        extend_schema_view,
    )

    if_match = OpenApiParameter(
        "If-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=False,
        description="The ETag of the record as read (GET). If the record has changed since, "
        "the update is refused with 412 and nothing is saved. Without it the update goes "
        "ahead.",
    )
    refused = OpenApiResponse(description="The record has changed since the If-Match version.")
    update = extend_schema(
        parameters=[if_match], responses={200: viewset.serializer_class, 412: refused}
    )
    return extend_schema_view(update=update, partial_update=update)(viewset)
