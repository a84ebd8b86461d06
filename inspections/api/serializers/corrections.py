"""Corrections through the API (更正 / 作废): inputs of the amend and void actions, and
the inspection as its page shows it: with its void mark and its amendments."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.people import display_name
from inspections.api.serializers.inspections import InspectionDetailSerializer
from inspections.choices import InspectionResult
from inspections.models import ProblemType, RecordAmendment, RecordKind
from inspections.services.corrections import amendments_of

User = get_user_model()


class RecordAmendmentSerializer(serializers.ModelSerializer):
    amended_by_name = serializers.SerializerMethodField()

    class Meta:
        model = RecordAmendment
        fields = ["id", "reason", "changes", "amended_by", "amended_by_name", "amended_at"]
        read_only_fields = fields

    def get_amended_by_name(self, obj) -> str:
        return display_name(obj.amended_by)


class InspectionRecordSerializer(InspectionDetailSerializer):
    """One inspection with its void mark (voided_at empty: in force) and its amendments
    ({field: [old, new]}, oldest first)."""

    amendments = serializers.SerializerMethodField()

    class Meta(InspectionDetailSerializer.Meta):
        fields = InspectionDetailSerializer.Meta.fields + [
            "voided_at",
            "voided_by",
            "void_reason",
            "amendments",
        ]
        read_only_fields = [
            *InspectionDetailSerializer.Meta.read_only_fields,
            "voided_at",
            "voided_by",
            "void_reason",
        ]

    @extend_schema_field(RecordAmendmentSerializer(many=True))
    def get_amendments(self, obj):
        found = amendments_of(RecordKind.INSPECTION, [obj.pk]).get(obj.pk, [])
        return RecordAmendmentSerializer(found, many=True).data


class ScoreAmendSerializer(serializers.Serializer):
    """One item's corrected score; null: not applicable (合理缺项)."""

    item = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    note = serializers.CharField(
        max_length=200, required=False, allow_blank=True, allow_null=True, default=None
    )


class InspectionAmendSerializer(serializers.Serializer):
    """What to correct, with the reason; a field left out stays as it is. ``scores``: the
    items to correct only (a note left out stays)."""

    reason = serializers.CharField(max_length=200, allow_blank=True)
    inspected_at = serializers.DateTimeField(required=False)
    inspectors = serializers.PrimaryKeyRelatedField(
        many=True, queryset=User.objects.all(), required=False
    )
    person_present = serializers.CharField(max_length=50, required=False, allow_blank=True)
    findings = serializers.CharField(required=False, allow_blank=True)
    problems = serializers.PrimaryKeyRelatedField(
        many=True, queryset=ProblemType.objects.all(), required=False
    )
    result = serializers.ChoiceField(choices=InspectionResult.choices, required=False)
    scores = ScoreAmendSerializer(many=True, required=False)

    def validate(self, attrs):
        if "scores" in attrs:
            attrs["scores"] = {s["item"]: (s["score"], s["note"]) for s in attrs["scores"]}
        return attrs


class VoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, allow_blank=True)
