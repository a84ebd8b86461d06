"""The API of 健康促进: ``/api/v1/promotion-assessments/`` lists assessments (filters of the
list page: standard, passed, township, voided, q), one assessment with its scores, POST an
assessment (the sheet scored item by item), POST ``void/``."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action

from core.api import ServiceWriteMixin
from inspections.api.views import LIST_RETRIEVE
from inspections.filters import PromotionFilterSet
from inspections.models import (
    ChecklistTemplate,
    PromotionAssessment,
    PromotionScore,
    PromotionStandard,
)
from inspections.services.promotion import promotion_assess, promotion_void
from premises.models import Establishment


class PromotionScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = PromotionScore
        fields = ["item", "score", "note"]
        read_only_fields = fields


class PromotionAssessmentSerializer(serializers.ModelSerializer):
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    standard_name = serializers.CharField(source="standard.name", read_only=True)
    is_voided = serializers.BooleanField(read_only=True)
    scores = PromotionScoreSerializer(many=True, read_only=True)

    class Meta:
        model = PromotionAssessment
        fields = [
            "id",
            "subject",
            "subject_name",
            "standard",
            "standard_name",
            "sheet",
            "assessed_on",
            "assessors",
            "total",
            "full",
            "converted",
            "pass_mark",
            "passed",
            "note",
            "recorded_by",
            "created_at",
            "is_voided",
            "voided_at",
            "void_reason",
            "scores",
        ]
        read_only_fields = fields


class PromotionScoreInputSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PromotionAssessInputSerializer(serializers.Serializer):
    subject = serializers.PrimaryKeyRelatedField(queryset=Establishment.objects.all())
    standard = serializers.PrimaryKeyRelatedField(queryset=PromotionStandard.objects.all())
    sheet = serializers.PrimaryKeyRelatedField(queryset=ChecklistTemplate.objects.all())
    assessed_on = serializers.DateField()
    assessors = serializers.CharField(max_length=200)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    scores = PromotionScoreInputSerializer(many=True)

    def validate(self, attrs):
        """The scores as the service takes them: {item id: (score, note)}."""
        attrs["scores"] = {s["item"]: (s["score"], s["note"]) for s in attrs["scores"]}
        return attrs


class PromotionVoidInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, allow_blank=True)


class PromotionAssessmentViewSet(ServiceWriteMixin, *LIST_RETRIEVE):
    """健康促进 assessments. Never edited: a new assessment of the subject against the same
    standard supersedes it; a wrong one is voided with a reason (managers)."""

    queryset = PromotionAssessment.objects.all()
    serializer_class = PromotionAssessmentSerializer
    filterset_class = PromotionFilterSet
    action_permissions = {"void": ["inspections.void_promotionassessment"]}

    def get_queryset(self):
        return (
            PromotionAssessment.all_objects.select_related("subject", "standard")
            .prefetch_related("scores")
            .order_by("-assessed_on", "-id")
        )

    @extend_schema(
        request=PromotionAssessInputSerializer, responses={201: PromotionAssessmentSerializer}
    )
    def create(self, request, *args, **kwargs):
        return self.service_write(
            promotion_assess,
            input=PromotionAssessInputSerializer,
            output=PromotionAssessmentSerializer,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=PromotionVoidInputSerializer, responses=PromotionAssessmentSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        """Void a wrong assessment: it stays, marked 已作废, and no longer counts."""
        return self.service_write(
            promotion_void,
            input=PromotionVoidInputSerializer,
            output=PromotionAssessmentSerializer,
            assessment=self.get_object(),
        )
