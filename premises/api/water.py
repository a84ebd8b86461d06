"""API of the drinking-water register and schools' particulars (premises/models/water.py,
premises/models/schools.py): suppliers' particulars, 二次供水 tanks, 涉水产品 and school
profiles, read and created. Writes go through premises.services.water and .schools."""

from rest_framework import mixins, serializers, viewsets

from core.api import ServiceCreateMixin
from premises.filters.water import (
    SchoolProfileFilterSet,
    SupplyParticularsFilterSet,
    WaterProductFilterSet,
    WaterTankFilterSet,
)
from premises.models import (
    Establishment,
    SchoolProfile,
    SupplyParticulars,
    WaterProduct,
    WaterTank,
)
from premises.services import schools as school_services
from premises.services import water as services


class _Unit(serializers.ModelSerializer):
    establishment = serializers.PrimaryKeyRelatedField(queryset=Establishment.objects.all())
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)


class SupplyParticularsSerializer(_Unit):
    large = serializers.BooleanField(read_only=True, help_text="千吨万人")

    class Meta:
        model = SupplyParticulars
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "recorded_on",
            "source",
            "daily_tons",
            "population",
            "treatment",
            "disinfection",
            "self_testing",
            "self_testing_items",
            "notes",
            "large",
        ]
        validators = []  # the model and the service hold the rules


class WaterTankSerializer(_Unit):
    class Meta:
        model = WaterTank
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "name",
            "kind",
            "count",
            "volume_m3",
            "covered_locked",
            "last_cleaned_on",
            "notes",
            "retired_on",
        ]
        read_only_fields = ["retired_on"]
        validators = []


class WaterProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = WaterProduct
        fields = [
            "id",
            "name",
            "model_name",
            "kind",
            "maker",
            "approval_number",
            "approval_level",
            "approval_valid_until",
            "notes",
        ]
        validators = []


class SchoolProfileSerializer(_Unit):
    class Meta:
        model = SchoolProfile
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "year",
            "students",
            "classes",
            "boarding",
            "boarders",
            "school_doctors",
            "health_teachers",
            "own_well",
            "notes",
        ]
        validators = []


class _ReadCreate(
    ServiceCreateMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    pass


class SupplyParticularsViewSet(_ReadCreate):
    """供水单位基本情况 (dated; the same day sent again returns the row there is)."""

    queryset = SupplyParticulars.objects.select_related("establishment")
    serializer_class = SupplyParticularsSerializer
    filterset_class = SupplyParticularsFilterSet
    ordering = ["establishment__name", "-recorded_on", "id"]
    create_service = services.supply_particulars_record


class WaterTankViewSet(_ReadCreate):
    """二次供水设施 (filter ``overdue=yes``: cleaning overdue)."""

    queryset = WaterTank.objects.select_related("establishment")
    serializer_class = WaterTankSerializer
    filterset_class = WaterTankFilterSet
    ordering = ["establishment__name", "name", "id"]
    create_service = services.water_tank_register


class WaterProductViewSet(_ReadCreate):
    """涉水产品 and their 卫生许可批件 (filter ``approval_invalid=yes``)."""

    queryset = WaterProduct.objects.all()
    serializer_class = WaterProductSerializer
    filterset_class = WaterProductFilterSet
    ordering = ["name", "id"]
    create_service = services.water_product_register


class SchoolProfileViewSet(_ReadCreate):
    """学校卫生基本情况 by school year (a school with its own well is supervised as
    学校自备井 too)."""

    queryset = SchoolProfile.objects.select_related("establishment")
    serializer_class = SchoolProfileSerializer
    filterset_class = SchoolProfileFilterSet
    ordering = ["-year", "establishment__name", "id"]
    create_service = school_services.school_profile_record
