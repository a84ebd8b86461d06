"""API of health certificates and training sessions."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action

from core.api import ServiceWriteMixin, VersionedRecordMixin
from core.api_docs import versioned_schema
from licensing.health import services
from licensing.health.api.serializers import (
    AttendanceResultSerializer,
    AttendanceSerializer,
    HealthCertificateSerializer,
    TrainingSessionSerializer,
)
from licensing.health.choices import CertificateSource
from licensing.health.filters import CertificateFilterSet, TrainingFilterSet
from licensing.health.models import HealthCertificate, TrainingSession
from licensing.health.views.training import attendee_count


class HealthCertificateViewSet(
    ServiceWriteMixin,
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

    def create(self, request, *args, **kwargs):
        return self.service_write(
            services.certificate_record,
            input=HealthCertificateSerializer,
            output=HealthCertificateSerializer,
            status=status.HTTP_201_CREATED,
            source=CertificateSource.API,
        )


@versioned_schema
class TrainingSessionViewSet(
    VersionedRecordMixin,
    ServiceWriteMixin,
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

    def create(self, request, *args, **kwargs):
        return self.service_write(
            services.training_create,
            input=TrainingSessionSerializer,
            output=TrainingSessionSerializer,
            status=status.HTTP_201_CREATED,
            answer=lambda session: self.get_queryset().get(pk=session.pk),
        )

    @extend_schema(request=AttendanceSerializer, responses=TrainingSessionSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        session = self.get_object()

        def with_added(added):
            answered = self.get_queryset().get(pk=session.pk)
            answered.added = added
            return answered

        return self.service_write(
            services.training_add_attendance,
            input=AttendanceSerializer,
            output=AttendanceResultSerializer,
            answer=with_added,
            session=session,
            source=CertificateSource.API,
        )


def register(router):
    """Add this part's viewsets to the licensing API router."""
    router.register("health-certificates", HealthCertificateViewSet, basename="health-certificate")
    router.register("trainings", TrainingSessionViewSet, basename="training")
