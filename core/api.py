"""API building blocks shared by every app: role checks, paging, error format, and the one
way a write is taken (ServiceWriteMixin: input serializer → service → output serializer)."""

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.http import parse_etags, quote_etag
from rest_framework import exceptions, parsers, permissions, serializers, status
from rest_framework.fields import SkipField, empty
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from core.locking import StaleRecord, change_note, digest, record_version

# What the mixins below are mixed into, as the type checker sees it (object at run time).
if TYPE_CHECKING:
    from rest_framework.viewsets import GenericViewSet as _ViewSet
else:
    _ViewSet = object


class RolePermission(permissions.DjangoModelPermissions):
    """Model permissions, with reading gated by ``view_*`` too (DRF lets any user read).

    A view may name extra permissions per action in ``action_permissions``.
    """

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        extra = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
        if extra is not None:
            return request.user.has_perms(extra)
        return super().has_permission(request, view)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a bound on nesting: no request of this API nests deeper
    than a few levels, and a body nested thousands deep (which made the decoder recurse
    until it failed with a 500) is refused with 400 before anything reads it."""

    max_depth = 32

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
        else:
            if _depth_within(data, self.max_depth):
                return data
        raise exceptions.ParseError(f"JSON 嵌套层数过多（最多 {self.max_depth} 层）。")


def _depth_within(data, limit: int) -> bool:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return False
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return True


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "记录已被修改，本次修改未保存。"
    default_code = "precondition_failed"


def _if_match_passes(header: str, current: str) -> bool:
    """RFC 9110 If-Match against the record's version. Weak tags compare too: the
    version names the stored state whatever the encoding (a proxy that compresses the
    answer may weaken the ETag)."""
    tags = parse_etags(header)
    if tags == ["*"]:
        return True  # any current version of an existing record
    return any(digest(tag.removeprefix("W/").strip('"')) == digest(current) for tag in tags)


class VersionedRecordMixin(_ViewSet):
    """Optimistic locking for one record through the API (core.locking).

    GET of one record answers with an ``ETag`` naming the record's version, and so does
    every write to it (PUT, PATCH, and the POST actions on it, such as a case's steps),
    naming the version it left. A write sent with ``If-Match`` runs in one transaction
    that first locks the row; if the record has changed since that version it is refused
    with 412 and nothing is saved. Without ``If-Match`` the write goes ahead as before:
    API clients that do not use ETags keep working (the edit pages, by contrast, always
    carry the version). Put it before DRF's mixins in the bases.
    """

    def get_object(self):
        obj = super().get_object()
        self._versioned_object = obj
        header = self.request.headers.get("If-Match")
        if header is not None and self.request.method not in permissions.SAFE_METHODS:
            current = record_version(obj, lock=True)
            if current is None:
                raise exceptions.NotFound()
            if not _if_match_passes(header, current):
                by, note = change_note(obj, _submitted_version(header), self.request.user)
                raise PreconditionFailed(
                    f"If-Match 不是该记录的当前版本：此记录在您读取后已被{by}修改{note}，"
                    "本次修改未保存。请重新读取（GET）该记录，按最新内容和新的 ETag 重新提交。"
                )
        return obj

    def dispatch(self, request, *args, **kwargs):
        if request.method in permissions.SAFE_METHODS or "If-Match" not in request.headers:
            return super().dispatch(request, *args, **kwargs)
        # The version checked stays true until the write is saved: one transaction.
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
            return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        obj = getattr(self, "_versioned_object", None)
        if obj is not None and 200 <= response.status_code < 300 and self.detail:
            version = record_version(obj)  # as the request left it
            if version is not None:
                response["ETag"] = quote_etag(version)
        return response


def _submitted_version(header: str) -> str:
    tags = [t for t in parse_etags(header) if t != "*"]
    return tags[0].removeprefix("W/").strip('"') if tags else ""


class StandardPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def validation_error(
    exc: DjangoValidationError, names: Mapping[str, str] | None = None
) -> exceptions.ValidationError:
    """A business rule's ValidationError as the API answers it: JSON keyed by field
    (``non_field_errors`` for the record as a whole), each field under the name the request
    gave it (``names``: service argument -> request field); 409 when the write was based on
    a record someone has changed since (StaleRecord)."""
    names = names or {}
    if hasattr(exc, "error_dict"):
        detail = {
            ("non_field_errors" if k == "__all__" else names.get(k, k)): v
            for k, v in exc.message_dict.items()
        }
    else:
        detail = {"non_field_errors": exc.messages}
    error = exceptions.ValidationError(detail)
    if isinstance(exc, StaleRecord):
        error.status_code = 409
    return error


def error_messages(problems) -> list[str]:
    """A business rule's refusal of one field (a text, a Django ValidationError or a list of
    them) as the API lists it."""
    if isinstance(problems, str):
        return [problems]
    if isinstance(problems, DjangoValidationError):
        return problems.messages
    return [m for p in problems for m in error_messages(p)]


class AllErrorsAtOnce(serializers.Serializer):
    """An input serializer whose refusal for its fields also carries the business rules'
    refusals of the fields that did parse, in the same answer (a follow-up dated before its
    opinion beside a missing field): the client never needs a second pass to learn more.

    ``rule_fields`` names (as the request names them) the inputs the rules read; a
    subclass returns the rules' errors for those parsed (keyed by the fields' ``source``)
    from ``rule_errors`` without raising; they come back under the request's names."""

    rule_fields: tuple[str, ...] = ()

    def rule_errors(self, parsed: dict) -> dict:
        return {}

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, dict) or not hasattr(data, "get"):
                raise
            parsed = {}
            for name in self.rule_fields:
                if name in exc.detail:
                    continue
                field = self.fields[name]
                try:
                    parsed[field.source] = field.run_validation(data.get(name, empty))
                except (serializers.ValidationError, SkipField):
                    continue
            merged: dict = dict(exc.detail)
            renamed = {field.source: name for name, field in self.fields.items()}
            for key, problems in self.rule_errors(parsed).items():
                merged.setdefault(renamed.get(key, key), error_messages(problems))
            raise serializers.ValidationError(merged) from None


def request_names(serializer: serializers.BaseSerializer) -> dict[str, str]:
    """The request's name of each input a serializer hands on under another (``source``),
    and of the service's other error keys it names (``error_names``, e.g. the record's
    state reported as ``status``)."""
    sources = {
        field.source: name
        for name, field in getattr(serializer, "fields", {}).items()  # a list serializer: none
        if not field.read_only
        and field.source not in (name, "*")
        and "." not in (field.source or "")
    }
    return {**sources, **getattr(serializer, "error_names", {})}


class ServiceWriteMixin(_ViewSet):
    """The one way the API writes (the HackSoft Django styleguide's input serializer →
    service → output serializer), for every write endpoint of every app:

    1. the input serializer shapes the request (types, choices, ids); its ``validated_data``
       are the service's keyword arguments (a serializer whose service takes another shape
       reshapes them in ``validate()``; an input sent under another name uses ``source``);
    2. the service (keyword-only, in the app's services) checks every rule and writes; its
       ValidationError is answered as 400 JSON keyed by field (409 for a stale record),
       each field named as the request named it (request_names: the input's sources and
       its ``error_names``): errors are renamed here and nowhere else;
    3. the output serializer answers with the record.

    Put it before VersionedRecordMixin's neighbours as any mixin: a write on one record gets
    that record with ``self.get_object()`` (If-Match checked, ETag answered) and passes it
    to the service. ServiceCreateMixin and ServiceUpdateMixin are the plain create, update
    and partial update built on it; actions call ``service_write`` themselves.
    """

    def service_write(
        self,
        service: Callable,
        *,
        input: type[serializers.BaseSerializer],
        output: type[serializers.BaseSerializer],
        status: int = status.HTTP_200_OK,
        answer: Callable | None = None,
        instance=None,
        partial: bool = False,
        **arguments,
    ) -> Response:
        """Validate the request with ``input``, call ``service(user=…, **arguments,
        **validated_data)``, answer ``status`` with ``output`` of the service's result
        (or of ``answer(result)``: the record to show, e.g. read again with what its
        answer shows). ``instance`` and ``partial`` are the input serializer's, for
        updates."""
        context = self.get_serializer_context()
        serializer = input(instance, data=self.request.data, partial=partial, context=context)
        serializer.is_valid(raise_exception=True)
        try:
            result = service(user=self.request.user, **arguments, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise validation_error(exc, request_names(serializer)) from None
        record = result if answer is None else answer(result)
        return Response(output(record, context=context).data, status=status)


class ServiceCreateMixin(ServiceWriteMixin):
    """POST to the list: ``create_service(user=…, **input)``; the view's serializer class
    is input and output."""

    create_service: Callable

    def create(self, request, *args, **kwargs):
        serializer_class = self.get_serializer_class()
        return self.service_write(
            type(self).create_service,
            input=serializer_class,
            output=serializer_class,
            status=status.HTTP_201_CREATED,
        )


class ServiceUpdateMixin(ServiceWriteMixin):
    """PUT and PATCH of one record: ``update_service(<record_argument>=record, user=…,
    **input)``; the view's serializer class is input and output."""

    update_service: Callable
    record_argument: str  # the service's keyword for the record, e.g. "establishment"

    def update(self, request, *args, partial=False, **kwargs):
        record = self.get_object()
        serializer_class = self.get_serializer_class()
        return self.service_write(
            type(self).update_service,
            input=serializer_class,
            output=serializer_class,
            instance=record,
            partial=partial,
            **{self.record_argument: record},
        )

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


def exception_handler(exc, context):
    """Business rules raise Django's ValidationError; answer it as JSON keyed by field."""
    if isinstance(exc, DjangoValidationError):
        exc = validation_error(exc)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    # Imported here: rest_framework.views reads DRF's settings while it is being imported
    # (APIView's parser and permission classes are this module's), a cycle
    # rest_framework.views -> core.api -> rest_framework.views at the top of the module.
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)
