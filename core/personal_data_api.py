"""The API side of core.personal_data: ``?reveal=1`` on GET of one record."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions

from core.models import AccessChannel
from core.personal_data import (
    REFUSED,
    REVEAL_PARAMETER,
    may_reveal,
    no_store,
    record_access,
    reveal_requested,
)

REVEAL_SCHEMA = OpenApiParameter(
    REVEAL_PARAMETER,
    OpenApiTypes.BOOL,
    description=(
        "1：显示完整身份证号码（仅限持有“可查看完整身份证号码”权限的用户，每次查看均被记录；"
        "不带此参数时以掩码显示）。只用于查看单条记录。"
    ),
)


class RevealMixin:
    """A viewset whose records hold an ID number: masked in every answer, full only on
    GET of one record with ``?reveal=1`` by a user holding the permission — logged.

    ``reveal_field`` names the field; ``holds_personal_number`` says whether a record's
    value is a person's number (a unit's credit code is not personal data)."""

    reveal_field = "id_number"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The schema names ``reveal`` on the viewset's own retrieve, whichever mixin
        # provides the method (another mixin's retrieve may come first in the MRO).
        if hasattr(cls, "retrieve"):
            extend_schema_view(retrieve=extend_schema(parameters=[REVEAL_SCHEMA]))(cls)

    def holds_personal_number(self, instance) -> bool:
        return bool(getattr(instance, self.reveal_field, ""))

    def reveals(self) -> bool:
        return self.action == "retrieve" and reveal_requested(self.request)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not reveal_requested(request):
            return
        if self.action != "retrieve":
            raise exceptions.ValidationError(
                {
                    REVEAL_PARAMETER: [
                        "完整身份证号码只能逐条查看：请在单条记录的地址上以 GET 使用。"
                    ]
                }
            )
        if not may_reveal(request.user):
            raise exceptions.PermissionDenied(REFUSED)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["show_full_id_number"] = self.reveals()
        return context

    def get_object(self):
        obj = super().get_object()
        self._reveal_object = obj
        return obj

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        instance = getattr(self, "_reveal_object", None)
        if self.reveals() and response.status_code == 200 and instance is not None:
            if self.holds_personal_number(instance):
                record_access(request, instance, field=self.reveal_field, channel=AccessChannel.API)
            no_store(response)
        return response
