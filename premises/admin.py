from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.personal_data import MaskedHistoryAdminMixin
from core.validators import mask_id_number
from premises.models import (
    Category,
    Domain,
    Establishment,
    EstablishmentStatusChange,
    Practitioner,
    Township,
)


@admin.register(Domain)
class DomainAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "order"]
    ordering = ["order"]


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "parent", "domain", "needs_permit", "report_group", "is_active"]
    list_filter = ["domain", "needs_permit", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["parent", "domain"]


@admin.register(Township)
class TownshipAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "order"]
    search_fields = ["code", "name"]


class StatusChangeInline(admin.TabularInline):
    model = EstablishmentStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "date", "reason", "recorded_by", "recorded_at"]

    def has_add_permission(self, request, obj=None):
        return False  # status changes go through the unit's page, which checks the sequence


@admin.register(Establishment)
class EstablishmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "credit_code", "category", "township", "status", "opened_on"]
    list_filter = ["status", "category__domain", "township"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["category__parent", "township"]
    readonly_fields = ["status", "opened_on", "closed_on"]
    inlines = [StatusChangeInline]


@admin.register(Practitioner)
class PractitionerAdmin(MaskedHistoryAdminMixin, SimpleHistoryAdmin):
    """The ID number is masked here, in the record and its history alike: it is typed when
    a practitioner is added, and seen in full only on the practitioner's page on request
    (logged)."""

    list_display = ["name", "establishment", "post", "hired_on", "left_on"]
    search_fields = ["name", "establishment__name"]
    list_select_related = ["establishment"]
    raw_id_fields = ["establishment"]
    history_masks = {"id_number": lambda record, value: mask_id_number(value)}

    @admin.display(description="身份证号码")
    def masked_id_number(self, obj):
        return obj.id_number_masked

    def get_exclude(self, request, obj=None):
        return ["id_number"] if obj is not None else []

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "masked_id_number"] if obj is not None else readonly
