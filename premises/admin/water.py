"""The drinking-water register's reference data (the 二次供水 cleaning interval) and its
records for the administrator (registered from PremisesConfig.ready)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from premises.models import (
    ProductSale,
    ProductSampling,
    SchoolProfile,
    SupplyParticulars,
    TankCleaningRule,
    WaterProduct,
    WaterTank,
)


@admin.register(TankCleaningRule)
class TankCleaningRuleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "months", "source"]


@admin.register(WaterProduct)
class WaterProductAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "model_name",
        "kind",
        "maker",
        "approval_number",
        "approval_valid_until",
    ]
    list_filter = ["kind", "approval_level"]
    search_fields = ["name", "model_name", "maker", "approval_number"]


@admin.register(SupplyParticulars)
class SupplyParticularsAdmin(SimpleHistoryAdmin):
    list_display = ["establishment", "recorded_on", "source", "daily_tons", "population"]
    list_filter = ["source", "disinfection", "self_testing"]
    raw_id_fields = ["establishment"]


@admin.register(WaterTank)
class WaterTankAdmin(SimpleHistoryAdmin):
    list_display = ["establishment", "name", "count", "volume_m3", "last_cleaned_on"]
    raw_id_fields = ["establishment"]


@admin.register(ProductSale)
class ProductSaleAdmin(SimpleHistoryAdmin):
    list_display = ["establishment", "product", "since", "ended_on"]
    raw_id_fields = ["establishment", "product"]


@admin.register(ProductSampling)
class ProductSamplingAdmin(SimpleHistoryAdmin):
    list_display = ["product", "establishment", "sampled_on", "lab", "result"]
    raw_id_fields = ["establishment", "product"]


@admin.register(SchoolProfile)
class SchoolProfileAdmin(SimpleHistoryAdmin):
    list_display = ["establishment", "year", "students", "boarding", "own_well"]
    raw_id_fields = ["establishment"]
