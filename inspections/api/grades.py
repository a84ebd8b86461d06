"""The API of 信誉度等级: ``/api/v1/grades/`` lists the current grades (filters of the
publication list: township, kind, grade, q; ``?all=true`` every assessment not voided), one
assessment (voided ones too), POST an assessment from an inspection, POST ``void/``."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action

from core.api import ServiceWriteMixin
from inspections.api.views import LIST_RETRIEVE
from inspections.filters import GradeFilterSet
from inspections.models import GradeAssessment, Inspection
from inspections.services.grades import grade_assess, grade_void


class GradeAssessmentSerializer(serializers.ModelSerializer):
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    grade_label = serializers.CharField(source="get_grade_display", read_only=True)
    is_voided = serializers.BooleanField(read_only=True)

    class Meta:
        model = GradeAssessment
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "inspection",
            "assessed_on",
            "grade",
            "grade_label",
            "total",
            "full",
            "standardised",
            "key_failed",
            "not_applicable_items",
            "rules",
            "note",
            "assessed_by",
            "created_at",
            "is_voided",
            "voided_at",
            "void_reason",
        ]
        read_only_fields = fields


class GradeAssessInputSerializer(serializers.Serializer):
    """Assess the unit's grade from ``inspection`` (its scored checklist)."""

    inspection = serializers.PrimaryKeyRelatedField(queryset=Inspection.objects.all())
    assessed_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class GradeVoidInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, allow_blank=True)


class GradeViewSet(ServiceWriteMixin, *LIST_RETRIEVE):
    """Grades (卫生信誉度等级). A grade is never edited: a new assessment supersedes the unit's
    earlier ones; a wrong one is voided with a reason (managers)."""

    queryset = GradeAssessment.objects.select_related("establishment")
    serializer_class = GradeAssessmentSerializer
    filterset_class = GradeFilterSet
    action_permissions = {"void": ["inspections.void_gradeassessment"]}

    def get_queryset(self):
        records = GradeAssessment.objects
        if self.action in ("retrieve", "void"):
            records = GradeAssessment.all_objects
        elif self.request.query_params.get("all") != "true":
            records = GradeAssessment.objects.standing()
        return records.select_related("establishment").order_by("-assessed_on", "-id")

    @extend_schema(request=GradeAssessInputSerializer, responses={201: GradeAssessmentSerializer})
    def create(self, request, *args, **kwargs):
        return self.service_write(
            grade_assess,
            input=GradeAssessInputSerializer,
            output=GradeAssessmentSerializer,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=GradeVoidInputSerializer, responses=GradeAssessmentSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        """Void a wrong assessment: it stays, marked 已作废; the unit's grade is again the
        one before it."""
        return self.service_write(
            grade_void,
            input=GradeVoidInputSerializer,
            output=GradeAssessmentSerializer,
            assessment=self.get_object(),
        )
