"""The API side of core.personal_data: ``?reveal=1`` on GET of one record, and the
search by a person's full ID number sent in a POST body (``…/search/``), never in a URL."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import django_filters
from django.http import QueryDict
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, serializers
from rest_framework.filters import OrderingFilter

from core.models import AccessChannel
from core.personal_data import (
    REFUSED,
    REVEAL_PARAMETER,
    holds_id_number,
    may_reveal,
    no_store,
    record_access,
    record_search,
    reveal_requested,
)

# What the mixins below are mixed into, as the type checker sees them (object at run time).
if TYPE_CHECKING:
    from rest_framework.viewsets import ReadOnlyModelViewSet as _ViewSet
else:
    _ViewSet = object

REVEAL_SCHEMA = OpenApiParameter(
    REVEAL_PARAMETER,
    OpenApiTypes.BOOL,
    description=(
        "1：显示完整身份证号码（仅限持有“可查看完整身份证号码”权限的用户，每次查看均被记录；"
        "不带此参数时以掩码显示）。只用于查看单条记录。"
    ),
)


class RevealMixin(_ViewSet):
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
        return {**super().get_serializer_context(), "show_full_id_number": self.reveals()}

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


# ---------------------------------------------------------------- searching by a full number

SEARCH_ACTION = "search"


class IdNumberSearchAPIMixin(_ViewSet):
    """A list endpoint whose ``q`` may match a person's full ID number (its FilterSet is a
    core.personal_data.IdNumberSearchMixin).

    ``GET …/?q=<full number>`` (or any request with one in the URL's ``q``) is refused with
    400 naming ``q``; the search is sent as JSON to ``POST …/search/`` — the viewset's
    ``search`` action calls ``id_number_search`` — which answers like the list (paged,
    numbers masked) and logs what a search by number matched."""

    filterset_class: Any  # the viewset's (an annotation only: nothing set here)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if hasattr(cls, "list") and getattr(cls, "filterset_class", None) is not None:
            q = cls.filterset_class.base_filters["q"]
            note = (
                f"{q.extra.get('help_text') or q.label}。身份证号码不能放在网址中："
                f"按身份证号码查找请以 POST 本地址下的 {SEARCH_ACTION}/ 提交（JSON 请求体），"
                "否则回答 400。"
            )
            parameter = OpenApiParameter("q", OpenApiTypes.STR, description=note)
            extend_schema_view(list=extend_schema(parameters=[parameter]))(cls)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if holds_id_number(request.query_params.get("q", "")):
            route = reverse(f"{self.basename}-{SEARCH_ACTION}")
            raise exceptions.ValidationError(
                {
                    "q": [
                        f"按身份证号码查找请以 POST {route} 提交（JSON 请求体，如 "
                        '{"q": "…"}），号码不会出现在网址中。'
                    ]
                }
            )

    def id_number_search(self, request):
        if not isinstance(request.data, Mapping):
            raise exceptions.ValidationError(
                {"non_field_errors": ['请求体应为 JSON 对象，如 {"q": "…", "status": "filed"}。']}
            )
        data = QueryDict(mutable=True)
        for key, value in request.data.items():
            values = value if isinstance(value, list) else [value]
            data.setlist(key, ["" if v is None else str(v) for v in values])
        filterset = self.filterset_class(
            data, queryset=self.get_queryset(), request=request, private=True
        )
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        queryset = _BodyOrdering(data).filter_queryset(request, filterset.qs, self)
        page = self.paginate_queryset(queryset)
        number = filterset.searched_id_number()
        if number and may_reveal(request.user):
            matches = filterset.id_number_matches(filterset.qs.prefetch_related(None), number)
            record_search(
                request,
                list(matches),
                model=queryset.model,
                number=number,
                field=filterset.id_number_field,
                channel=AccessChannel.API_SEARCH,
            )
        serializer = self.get_serializer(page, many=True)
        return no_store(self.get_paginated_response(serializer.data))


class _BodyOrdering(OrderingFilter):
    """``ordering`` from the JSON body, else from the URL, as on the list."""

    def __init__(self, data):
        self.data = data

    def get_ordering(self, request, queryset, view):
        params = self.data.get(self.ordering_param) or request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",")]
            ordering = self.remove_invalid_fields(queryset, fields, view, request)
            if ordering:
                return ordering
        return self.get_default_ordering(view)


def _field_for(name, filter_):
    """The OpenAPI shape of one filter of a FilterSet, sent in a JSON body."""
    label = str(filter_.label or name)
    note = filter_.extra.get("help_text")
    options: dict[str, Any] = {
        "required": False,
        "help_text": f"{label}：{note}" if note else label,
    }
    if isinstance(filter_, django_filters.ModelChoiceFilter):  # a ChoiceFilter too
        if filter_.extra.get("to_field_name"):
            return serializers.CharField(**options)
        return serializers.IntegerField(**options)
    if isinstance(filter_, django_filters.ChoiceFilter):
        return serializers.ChoiceField(choices=filter_.extra["choices"], **options)
    if isinstance(filter_, django_filters.DateFilter):
        return serializers.DateField(**options)
    if isinstance(filter_, django_filters.NumberFilter):
        return serializers.IntegerField(**options)
    return serializers.CharField(**options)


def id_number_search_schema(filterset_class, serializer_class, *, name, description=""):
    """The OpenAPI description of a ``search`` action: the filters as a JSON body, the
    list's paged answer, paging and ordering in the URL."""
    fields = {key: _field_for(key, f) for key, f in filterset_class.base_filters.items()}
    fields["ordering"] = serializers.CharField(
        required=False, help_text="排序字段，同列表的 ordering（前加 - 为倒序）"
    )
    return extend_schema(
        request=inline_serializer(name=name, fields=fields),
        parameters=[
            OpenApiParameter("page", OpenApiTypes.INT, description="页码"),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="每页条数（最多 500）"),
        ],
        responses={
            200: serializer_class(many=True),
            400: OpenApiResponse(description="筛选条件有误或无权按身份证号码查找：{字段: [原因]}"),
        },
        description=description,
        filters=False,  # the filters are in the body, not the URL
    )
