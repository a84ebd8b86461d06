from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action

from core.api import ServiceCreateMixin, ServiceUpdateMixin, VersionedRecordMixin
from core.api_docs import versioned_schema
from core.personal_data_api import RevealMixin
from premises import services
from premises.api.serializers import (
    CategorySerializer,
    DomainSerializer,
    EstablishmentSerializer,
    PractitionerSerializer,
    StatusChangeSerializer,
    SupervisionSerializer,
    TownshipSerializer,
)
from premises.filters import CategoryFilterSet, EstablishmentFilterSet, PractitionerFilterSet
from premises.models import Category, Domain, Establishment, Practitioner, Township


class DomainViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Domain.objects.all()
    serializer_class = DomainSerializer
    pagination_class = None


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Category.objects.select_related("domain").prefetch_related("permit_types")
    serializer_class = CategorySerializer
    pagination_class = None
    filterset_class = CategoryFilterSet


class TownshipViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Township.objects.all()
    serializer_class = TownshipSerializer
    pagination_class = None


@versioned_schema
class EstablishmentViewSet(
    VersionedRecordMixin,
    RevealMixin,
    ServiceCreateMixin,
    mixins.RetrieveModelMixin,
    ServiceUpdateMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Units of the registry. Closing or suspending a unit: POST to ``status/``; a further
    domain it is supervised under (a hospital's 放射诊疗): POST to ``supervisions/``.
    A person's ID number (自然人) is masked in every answer; ``?reveal=1`` on one unit
    shows it to users holding 可查看完整身份证号码, each such view logged."""

    queryset = Establishment.objects.select_related("category__domain", "township").with_domains()
    serializer_class = EstablishmentSerializer
    filterset_class = EstablishmentFilterSet
    ordering_fields = ["name", "credit_code", "opened_on", "status"]
    ordering = ["name", "id"]
    action_permissions = {
        "status": ["premises.add_establishmentstatuschange"],
        "supervisions": ["premises.add_supervision"],
    }
    create_service = services.establishment_create
    update_service = services.establishment_update
    record_argument = "establishment"

    @extend_schema(request=StatusChangeSerializer, responses=EstablishmentSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        establishment = self.get_object()
        return self.service_write(
            services.establishment_change_status,
            input=StatusChangeSerializer,
            output=EstablishmentSerializer,
            answer=lambda change: self.get_queryset().get(pk=establishment.pk),
            establishment=establishment,
        )

    @extend_schema(request=SupervisionSerializer, responses=EstablishmentSerializer)
    @action(detail=True, methods=["post"])
    def supervisions(self, request, pk=None):
        establishment = self.get_object()
        return self.service_write(
            services.supervision_add,
            input=SupervisionSerializer,
            output=EstablishmentSerializer,
            answer=lambda row: self.get_queryset().get(pk=establishment.pk),
            establishment=establishment,
        )


@versioned_schema
class PractitionerViewSet(
    VersionedRecordMixin,
    RevealMixin,
    ServiceCreateMixin,
    mixins.RetrieveModelMixin,
    ServiceUpdateMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Practitioners. ID numbers are masked in every answer; ``?reveal=1`` on one
    practitioner shows the full number to users holding 可查看完整身份证号码, and each such
    view is logged."""

    queryset = Practitioner.objects.select_related("establishment", "post")
    serializer_class = PractitionerSerializer
    filterset_class = PractitionerFilterSet
    ordering_fields = ["name", "hired_on"]
    ordering = ["establishment__name", "name", "id"]
    create_service = services.practitioner_create
    update_service = services.practitioner_update
    record_argument = "practitioner"
