"""The API of the occupational-health register (premises/models/occupational.py): the
hazard catalogue (read only), employers' yearly profiles with their hazards, health
surveillance, occupational-disease cases and construction projects. Written through
premises.services.occupational, filtered by the lists' FilterSets."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action

from core.api import ServiceCreateMixin, ServiceUpdateMixin, VersionedRecordMixin
from core.api_docs import versioned_schema
from premises import services
from premises.filters import (
    ConstructionProjectFilterSet,
    HealthSurveillanceFilterSet,
    OccupationalCaseFilterSet,
    OccupationalProfileFilterSet,
)
from premises.models import (
    PROJECT_STAGES,
    ConstructionProject,
    HazardExposure,
    HazardFactor,
    HealthSurveillance,
    OccupationalDiseaseCase,
    OccupationalProfile,
)

# ---------------------------------------------------------------- serializers


class HazardFactorSerializer(serializers.ModelSerializer):
    class Meta:
        model = HazardFactor
        fields = ["id", "code", "hazard_class", "name", "cas_number", "focus", "is_active"]


class HazardExposureSerializer(serializers.ModelSerializer):
    """A hazard of the profile's year and the workers exposed (set again: replaced)."""

    factor = serializers.PrimaryKeyRelatedField(queryset=HazardFactor.objects.active())
    factor_name = serializers.CharField(source="factor.name", read_only=True)
    exposed = serializers.IntegerField(min_value=0)

    class Meta:
        model = HazardExposure
        fields = ["id", "factor", "factor_name", "exposed"]
        validators = []


class _EmployerRecordSerializer(serializers.ModelSerializer):
    """The unit and the record's key (year, stage) are set when created, then read-only."""

    fixed_on_update: tuple[str, ...] = ("establishment",)
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name in self.fixed_on_update:
                self.fields[name].read_only = True


class OccupationalProfileSerializer(_EmployerRecordSerializer):
    fixed_on_update = ("establishment", "year")
    exposures = HazardExposureSerializer(many=True, read_only=True)

    class Meta:
        model = OccupationalProfile
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "year",
            "surveyed_on",
            "workers_total",
            "exposed_total",
            "exposures",
            "declared",
            "declared_on",
            "records_kept",
            "records_count",
            "notes",
        ]
        validators = []  # the model and the service hold the rules


class HealthSurveillanceSerializer(_EmployerRecordSerializer):
    fixed_on_update = ("establishment", "year", "stage")

    class Meta:
        model = HealthSurveillance
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "year",
            "stage",
            "due",
            "examined",
            "rechecked",
            "suspected",
            "contraindicated",
            "institution",
        ]
        validators = []


class OccupationalCaseSerializer(_EmployerRecordSerializer):
    class Meta:
        model = OccupationalDiseaseCase
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "worker_name",
            "disease_class",
            "disease",
            "hazard",
            "diagnosed_on",
            "diagnosed_by",
            "reported",
            "reported_on",
        ]
        validators = []


class ConstructionProjectSerializer(_EmployerRecordSerializer):
    class Meta:
        model = ConstructionProject
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "name",
            "investment",
            "industry",
            "approved_by",
            "approved_on",
            *(f"{p}_{s}" for p, _label in PROJECT_STAGES for s in ("status", "on")),
            "notes",
        ]
        validators = []


# ---------------------------------------------------------------- endpoints


class HazardFactorViewSet(viewsets.ReadOnlyModelViewSet):
    """职业病危害因素分类目录 (reference data)."""

    queryset = HazardFactor.objects.all()
    serializer_class = HazardFactorSerializer
    pagination_class = None
    filterset_fields = ["hazard_class", "focus", "is_active"]


class _EmployerRecordViewSet(
    VersionedRecordMixin,
    ServiceCreateMixin,
    mixins.RetrieveModelMixin,
    ServiceUpdateMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    pass


@versioned_schema
class OccupationalProfileViewSet(_EmployerRecordViewSet):
    """An employer's occupational-health particulars by year; its hazards: POST to
    ``hazards/`` (factor, exposed; the same factor again replaces its count)."""

    queryset = OccupationalProfile.objects.select_related("establishment").prefetch_related(
        Prefetch("exposures", queryset=HazardExposure.objects.select_related("factor"))
    )
    serializer_class = OccupationalProfileSerializer
    filterset_class = OccupationalProfileFilterSet
    ordering = ["-year", "establishment__name", "id"]
    action_permissions = {"hazards": ["premises.change_occupationalprofile"]}
    create_service = services.occupational_profile_record
    update_service = services.occupational_profile_update
    record_argument = "profile"

    @extend_schema(request=HazardExposureSerializer, responses=OccupationalProfileSerializer)
    @action(detail=True, methods=["post"])
    def hazards(self, request, pk=None):
        profile = self.get_object()
        return self.service_write(
            services.hazard_exposure_set,
            input=HazardExposureSerializer,
            output=OccupationalProfileSerializer,
            answer=lambda exposure: self.get_queryset().get(pk=profile.pk),
            profile=profile,
        )


@versioned_schema
class HealthSurveillanceViewSet(_EmployerRecordViewSet):
    """职业健康检查 by employer, year and stage."""

    queryset = HealthSurveillance.objects.select_related("establishment")
    serializer_class = HealthSurveillanceSerializer
    filterset_class = HealthSurveillanceFilterSet
    ordering = ["-year", "establishment__name", "stage", "id"]
    create_service = services.health_surveillance_record
    update_service = services.health_surveillance_update
    record_argument = "surveillance"


@versioned_schema
class OccupationalCaseViewSet(_EmployerRecordViewSet):
    """Occupational-disease cases of employers."""

    queryset = OccupationalDiseaseCase.objects.select_related("establishment")
    serializer_class = OccupationalCaseSerializer
    filterset_class = OccupationalCaseFilterSet
    ordering = ["-diagnosed_on", "id"]
    create_service = services.occupational_case_record
    update_service = services.occupational_case_update
    record_argument = "case"


@versioned_schema
class ConstructionProjectViewSet(_EmployerRecordViewSet):
    """Construction projects and their "三同时" stages."""

    queryset = ConstructionProject.objects.select_related("establishment")
    serializer_class = ConstructionProjectSerializer
    filterset_class = ConstructionProjectFilterSet
    ordering = ["-approved_on", "id"]
    create_service = services.construction_project_record
    update_service = services.construction_project_update
    record_argument = "project"
