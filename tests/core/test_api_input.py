"""core.api's one input style: a service's ValidationError answered as the API's field
errors, under the names the request used."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import URLResolver, get_resolver
from rest_framework import serializers

from core.api import ServiceWriteMixin, request_names, validation_error
from core.locking import StaleRecord


class Input(serializers.Serializer):
    date = serializers.DateField(source="inspected_at")
    note = serializers.CharField()
    shown = serializers.CharField(source="unit.name", read_only=True)


def test_service_errors_are_keyed_by_the_request_names():
    names = request_names(Input())
    assert names == {"inspected_at": "date"}
    error = validation_error(
        ValidationError({"inspected_at": "太早。", "note": "必填。", "__all__": "不行。"}), names
    )
    assert error.status_code == 400
    assert error.detail == {
        "date": ["太早。"],
        "note": ["必填。"],
        "non_field_errors": ["不行。"],
    }


def test_an_error_of_the_whole_record_and_a_stale_record():
    assert validation_error(ValidationError("不行。")).detail == {"non_field_errors": ["不行。"]}
    stale = validation_error(StaleRecord({"version": "已被修改。"}))
    assert stale.status_code == 409 and stale.detail == {"version": ["已被修改。"]}


class CancelInput(serializers.Serializer):
    reason = serializers.CharField()
    error_names = {"permit": "status", "cancel_reason": "reason"}


def test_an_input_names_the_services_other_error_keys():
    names = request_names(CancelInput())
    assert names == {"permit": "status", "cancel_reason": "reason"}
    error = validation_error(ValidationError({"permit": "已注销。"}), names)
    assert error.detail == {"status": ["已注销。"]}


def _api_views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern.url_patterns)
        elif getattr(pattern.callback, "actions", None):  # a DRF viewset's route
            yield pattern.callback


def test_every_write_endpoint_takes_its_input_through_core_api():
    """Every viewset that writes (create, update, a POST action other than a search, which
    only reads) is a ServiceWriteMixin, and no app's API validates input or catches a
    service's errors itself."""
    writers = set()
    for view in _api_views(get_resolver().url_patterns):
        actions = {
            name
            for method, name in view.actions.items()
            if method in ("post", "put", "patch") and name != "search"
        }
        if actions:
            writers.add(view.cls)
            assert issubclass(view.cls, ServiceWriteMixin), (view.cls, actions)
    assert len(writers) >= 12
    modules = [
        path
        for app in ("premises", "inspections", "licensing", "penalties", "reports")
        for path in (Path(settings.BASE_DIR) / app).glob("**/api/**/*.py")
    ]
    for path in modules:
        text = path.read_text()
        for pattern in (
            "def perform_create",
            "def perform_update",
            ".is_valid(",
            "DjangoValidationError",  # caught to rename its fields
            "except ValidationError",
        ):
            assert pattern not in text, (str(path), pattern)
