from typing import TYPE_CHECKING, Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated

# What RoleSchemaMixin is mixed into, as the type checker sees it (object at run time).
if TYPE_CHECKING:
    from rest_framework.views import APIView as _APIView
else:
    _APIView = object


class RoleSchemaMixin(_APIView):
    """The schema and its docs are for staff of the office: any signed-in user with a role."""

    permission_classes = [IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not request.user.groups.exists() and not request.user.is_superuser:
            raise PermissionDenied("没有访问接口文档的角色。")


def versioned_schema(viewset):
    """Document core.api.VersionedRecordMixin in the OpenAPI schema: the ETag of one
    record and the If-Match of its writes — updates and the POST actions on one record,
    such as a case's steps — (412 when it has changed since). Applied in each app's api
    module (core.api is loaded by DRF's settings, before drf-spectacular may be
    imported)."""
    if_match = OpenApiParameter(
        "If-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=False,
        description="The ETag of the record as read (GET, or the answer to the last write). "
        "If the record has changed since, the write is refused with 412 and nothing is "
        "saved. Without it the write goes ahead.",
    )
    # Parameters add up with an action's own extend_schema (its responses would not: the
    # 412 answer is added by document_write_headers).
    views: dict[str, Any] = {}
    if hasattr(viewset, "update"):
        update = extend_schema(parameters=[if_match])
        views.update(update=update, partial_update=update)
    for extra in viewset.get_extra_actions():
        if extra.detail and "post" in extra.mapping:
            views[extra.__name__] = extend_schema(methods=["POST"], parameters=[if_match])
    return extend_schema_view(**views)(viewset)


IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "maxLength": 255},
    "description": "A key of your choice (a UUID) for this request. Sent again with the "
    "same key within 24 hours, the same request gets the first answer again (header "
    "Idempotent-Replayed: true) and writes nothing; the key reused for a different request "
    "is refused with 422.",
}


def document_write_headers(result, generator, request, public):
    """drf-spectacular postprocessing: every write takes an Idempotency-Key (the
    middleware core.idempotency serves them all), and every operation taking If-Match
    may answer 412."""
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in ("post", "put", "patch", "delete"):
                continue
            parameters = operation.setdefault("parameters", [])
            if not any(p.get("name") == "Idempotency-Key" for p in parameters):
                parameters.append(dict(IDEMPOTENCY_KEY))
            if any(p.get("name") == "If-Match" for p in parameters):
                operation.setdefault("responses", {}).setdefault(
                    "412", {"description": "The record has changed since the If-Match version."}
                )
    return result
