"""Serializers of samples: the sample as read (with its number, sampling record and
results, 送检中 ones included), its input, and the input of a laboratory's results.

Every refusal comes in one answer: a request whose fields do not all parse still has the
service's checks run on those that do (SampleCreateSerializer.to_internal_value), so a
pH of 72, a time before the visit and an unknown limit are answered together. Readings
are taken as typed (a number, or text such as "7,2") and read by the service
(inspections.services.samples.reading_value), never by a float parser."""

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import AllErrorsAtOnce
from inspections.models import Inspection, Sample, SampleResult, StandardLimit
from inspections.services.samples import sample_check


class SampleResultSerializer(serializers.ModelSerializer):
    parameter = serializers.CharField(source="limit.parameter", read_only=True)
    unit = serializers.CharField(source="limit.unit", read_only=True)
    limit_text = serializers.CharField(source="limit.limit_text", read_only=True)

    class Meta:
        model = SampleResult
        fields = ["limit", "parameter", "unit", "limit_text", "value", "detected", "verdict"]


@extend_schema_field(OpenApiTypes.STR)
class ReadingField(serializers.Field):
    """A reading as sent: a JSON number or text ("7.2", "7,2", "７．２"); null for none.
    The service reads it (and refuses what is not a number, on the result)."""

    def to_internal_value(self, data):
        if data is None or isinstance(data, str | int | float | Decimal):
            if isinstance(data, bool):
                self.fail("invalid")
            return data
        self.fail("invalid")

    default_error_messages = {"invalid": "请填写数字。"}


class SampleResultInputSerializer(serializers.Serializer):
    limit = serializers.PrimaryKeyRelatedField(queryset=StandardLimit.objects.all())
    value = ReadingField(required=False, allow_null=True, default=None)
    detected = serializers.BooleanField(required=False, allow_null=True, default=None)
    # Sent to the laboratory: no value now, entered later (POST samples/{id}/results/).
    pending = serializers.BooleanField(required=False, default=False)


class SampleSerializer(serializers.ModelSerializer):
    results = SampleResultSerializer(many=True, read_only=True)

    class Meta:
        model = Sample
        fields = [
            "id",
            "number",
            "inspection",
            "sample_type",
            "location",
            "taken_at",
            "method",
            "purpose",
            "instrument",
            "container",
            "portions",
            "site_description",
            "lab",
            "verdict",
            "results",
        ]


def _split(results):
    """(results as the service takes them, the limits sent to the laboratory)."""
    readings = [(r["limit"], r["value"], r["detected"]) for r in results if not r.get("pending")]
    pending = [r["limit"] for r in results if r.get("pending")]
    return readings, pending


class SampleCreateSerializer(AllErrorsAtOnce):
    inspection = serializers.PrimaryKeyRelatedField(queryset=Inspection.objects.all())
    sample_type = serializers.CharField(max_length=50)
    location = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    taken_at = serializers.DateTimeField()
    results = SampleResultInputSerializer(many=True)
    method = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    purpose = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    instrument = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    container = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    portions = serializers.IntegerField(min_value=1, required=False, default=1)
    site_description = serializers.CharField(required=False, allow_blank=True, default="")
    lab = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    rule_fields = ("inspection", "sample_type", "taken_at", "results", "lab", "portions")

    def rule_errors(self, parsed):
        """The service's checks on the fields that parsed (results that did not parse have
        their own errors)."""
        results, pending = _split(parsed.get("results", []))
        _judged, errors = sample_check(
            inspection=parsed.get("inspection"),
            sample_type=parsed.get("sample_type", ""),
            taken_at=parsed.get("taken_at"),
            results=results,
            pending=pending,
            lab=parsed.get("lab", ""),
            portions=parsed.get("portions", 1),
        )
        if "results" not in parsed:
            errors.pop("results", None)
        return errors

    def validate(self, attrs):
        """The results as the service takes them: (limit, value, detected), and the limits
        sent to the laboratory."""
        attrs["results"], attrs["pending"] = _split(attrs["results"])
        return attrs


class SampleResultEntrySerializer(serializers.Serializer):
    """The laboratory's results of a sample 送检中."""

    results = SampleResultInputSerializer(many=True)

    def validate(self, attrs):
        attrs["results"] = [(r["limit"], r["value"], r["detected"]) for r in attrs["results"]]
        return attrs
