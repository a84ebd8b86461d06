from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import VersionedRecordMixin
from core.api_docs import versioned_schema
from core.personal_data_api import RevealMixin
from premises import services
from premises.api.serializers import (
    CategorySerializer,
    DomainSerializer,
    EstablishmentSerializer,
    PractitionerSerializer,
    StatusChangeSerializer,
    TownshipSerializer,
)
from premises.filters import EstablishmentFilterSet, PractitionerFilterSet
from premises.models import Category, Domain, Establishment, Practitioner, Township


class DomainViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Domain.objects.all()
    serializer_class = DomainSerializer
    pagination_class = None


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Category.objects.select_related("domain")
    serializer_class = CategorySerializer
    pagination_class = None
    filterset_fields = ["parent", "needs_permit"]


class TownshipViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Township.objects.all()
    serializer_class = TownshipSerializer
    pagination_class = None


@versioned_schema
class EstablishmentViewSet(
    VersionedRecordMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Units of the registry. Closing or suspending a unit: POST to ``status/``."""

    queryset = Establishment.objects.select_related("category__domain", "township")
    serializer_class = EstablishmentSerializer
    filterset_class = EstablishmentFilterSet
    ordering_fields = ["name", "credit_code", "opened_on", "status"]
    ordering = ["name", "id"]
    action_permissions = {"status": ["premises.add_establishmentstatuschange"]}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.establishment_create(
            user=self.request.user, opened_on=data.pop("opened_on"), **data
        )

    def perform_update(self, serializer):
        serializer.instance = services.establishment_update(
            establishment=serializer.instance, user=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=StatusChangeSerializer, responses=EstablishmentSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        establishment = self.get_object()
        serializer = StatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.establishment_change_status(
            establishment=establishment, user=request.user, **serializer.validated_data
        )
        establishment.refresh_from_db()
        return Response(EstablishmentSerializer(establishment).data, status=status.HTTP_200_OK)


@versioned_schema
class PractitionerViewSet(
    VersionedRecordMixin,
    RevealMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Practitioners. ID numbers are masked in every answer; ``?reveal=1`` on one
    practitioner shows the full number to users holding 可查看完整身份证号码, and each such
    view is logged."""

    queryset = Practitioner.objects.select_related("establishment")
    serializer_class = PractitionerSerializer
    filterset_class = PractitionerFilterSet
    ordering_fields = ["name", "hired_on"]
    ordering = ["establishment__name", "name", "id"]

    def perform_create(self, serializer):
        serializer.instance = services.practitioner_create(
            user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.practitioner_update(
            practitioner=serializer.instance, user=self.request.user, **serializer.validated_data
        )
