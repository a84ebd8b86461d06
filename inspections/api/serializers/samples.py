"""Serializers of samples: the sample as read (with its number, sampling record and
results, 送检中 ones included), its input, and the input of a laboratory's results.

Every refusal comes in one answer: a request whose fields do not all parse still has the
service's checks run on those that do (SampleCreateSerializer.to_internal_value), so a
pH of 72, a time before the visit and an unknown limit are answered together. Readings
are taken as typed (a number, or text such as "7,2") and read by the service
(inspections.services.samples.reading_value), never by a float parser."""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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


def _messages(problems) -> list[str]:
    if isinstance(problems, str):
        return [problems]
    if isinstance(problems, DjangoValidationError):
        return problems.messages
    return [m for p in problems for m in _messages(p)]


def _split(results):
    """(results as the service takes them, the limits sent to the laboratory)."""
    readings = [(r["limit"], r["value"], r["detected"]) for r in results if not r.get("pending")]
    pending = [r["limit"] for r in results if r.get("pending")]
    return readings, pending


class SampleCreateSerializer(serializers.Serializer):
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

    CHECKED = ("inspection", "sample_type", "taken_at", "results", "lab", "portions")

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, dict) or not hasattr(data, "get"):
                raise
            raise serializers.ValidationError(self._with_rule_errors(data, exc.detail)) from None

    def _with_rule_errors(self, data, detail: dict) -> dict:
        """The fields' own errors, and the service's checks on the fields that parsed."""
        parsed = {}
        for name in self.CHECKED:
            if name in detail:
                continue
            try:
                parsed[name] = self.fields[name].run_validation(data.get(name, serializers.empty))
            except serializers.ValidationError:
                continue
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
        merged = dict(detail)
        for name, problems in errors.items():
            if name == "results" and "results" not in parsed:
                continue  # the results did not parse: their own errors say why
            merged.setdefault(name, _messages(problems))
        return merged

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
