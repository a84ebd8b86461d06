"""core.api's one input style: a service's ValidationError answered as the API's field
errors, under the names the request used."""

from django.core.exceptions import ValidationError
from rest_framework import serializers

from core.api import request_names, validation_error
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
