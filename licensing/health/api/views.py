"""API of health certificates and training sessions."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import VersionedRecordMixin
from core.api_docs import versioned_schema
from licensing.health import services
from licensing.health.api.serializers import (
    AttendanceSerializer,
    HealthCertificateSerializer,
    TrainingSessionSerializer,
)
from licensing.health.choices import CertificateSource
from licensing.health.filters import CertificateFilterSet, TrainingFilterSet
from licensing.health.models import HealthCertificate, TrainingSession
from licensing.health.views.training import attendee_count
from premises.models import Practitioner


class HealthCertificateViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Health certificates (健康证明). Filters: ``practitioner``, ``establishment``,
    ``valid_on`` (a date), ``state``, ``township``, ``institution``. ID numbers are masked."""

    queryset = HealthCertificate.objects.select_related("practitioner")
    serializer_class = HealthCertificateSerializer
    filterset_class = CertificateFilterSet
    ordering_fields = ["exam_date", "expires_on"]
    ordering = ["-exam_date", "-id"]

    def perform_create(self, serializer):
        serializer.instance = services.certificate_record(
            user=self.request.user, source=CertificateSource.API, **serializer.validated_data
        )


@versioned_schema
class TrainingSessionViewSet(
    VersionedRecordMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Hygiene training sessions (卫生培训). Attendance: POST a list of practitioner ids to
    ``attendance/``; an unknown id or one not employed on the training day is refused and
    nothing is written."""

    queryset = TrainingSession.objects.annotate(attendee_count=attendee_count())
    serializer_class = TrainingSessionSerializer
    filterset_class = TrainingFilterSet
    ordering_fields = ["date"]
    ordering = ["-date", "-id"]
    action_permissions = {"attendance": ["licensing.add_trainingattendance"]}

    def perform_create(self, serializer):
        session = services.training_create(user=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=session.pk)

    @extend_schema(request=AttendanceSerializer, responses=TrainingSessionSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        session = self.get_object()
        serializer = AttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = serializer.validated_data["practitioners"]
        found = Practitioner.objects.in_bulk(ids)
        unknown = [i for i in ids if i not in found]
        if unknown:
            raise ValidationError(
                {"practitioners": [f"没有 id 为 {i} 的从业人员。" for i in unknown]}
            )
        with transaction.atomic():
            added = services.training_add_attendance(
                session=session,
                user=request.user,
                practitioners=[found[i] for i in dict.fromkeys(ids)],
                source=CertificateSource.API,
            )
        data = TrainingSessionSerializer(self.get_queryset().get(pk=session.pk)).data
        return Response({**data, "added": added}, status=status.HTTP_200_OK)


def register(router):
    """Add this part's viewsets to the licensing API router."""
    router.register("health-certificates", HealthCertificateViewSet, basename="health-certificate")
    router.register("trainings", TrainingSessionViewSet, basename="training")
