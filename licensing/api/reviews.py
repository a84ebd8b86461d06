"""The API of permit 复核 and 校验 (one record, as the permit's type says):
``/api/v1/permit-reviews/`` lists those recorded (``?permit=``, ``?establishment=``) and
records one (licensing.services.reviews); a 暂缓校验 takes ``deferred_until``."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets

from core.api import ServiceWriteMixin
from core.roster import roster
from inspections.models import Inspection
from licensing.choices import ReviewResult
from licensing.filters import PermitReviewAPIFilterSet
from licensing.models import Permit, PermitReview
from licensing.services.reviews import permit_review_record


class PermitReviewSerializer(serializers.ModelSerializer):
    result_label = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = PermitReview
        fields = [
            "id",
            "permit",
            "due_on",
            "reviewed_on",
            "reviewed_by",
            "result",
            "result_label",
            "deferred_until",
            "inspection",
            "note",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class PermitReviewInputSerializer(serializers.Serializer):
    permit = serializers.PrimaryKeyRelatedField(queryset=Permit.objects.all())
    reviewed_on = serializers.DateField()
    reviewed_by = serializers.PrimaryKeyRelatedField(queryset=roster())
    result = serializers.ChoiceField(choices=ReviewResult.choices)
    note = serializers.CharField(required=False, allow_blank=True)
    deferred_until = serializers.DateField(required=False, allow_null=True)
    inspection = serializers.PrimaryKeyRelatedField(
        queryset=Inspection.objects.all(), required=False, allow_null=True
    )


class PermitReviewViewSet(
    ServiceWriteMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """复核 (permits in their term) and 校验 (permits without a term); recorded, never
    edited."""

    queryset = PermitReview.objects.all()
    serializer_class = PermitReviewSerializer
    filterset_class = PermitReviewAPIFilterSet

    @extend_schema(request=PermitReviewInputSerializer, responses={201: PermitReviewSerializer})
    def create(self, request, *args, **kwargs):
        return self.service_write(
            permit_review_record,
            input=PermitReviewInputSerializer,
            output=PermitReviewSerializer,
            status=status.HTTP_201_CREATED,
        )


def register(router):
    router.register("permit-reviews", PermitReviewViewSet, basename="permitreview")
