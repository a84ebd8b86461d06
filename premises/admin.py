from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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
class PractitionerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "establishment", "post", "hired_on", "left_on"]
    search_fields = ["name", "establishment__name"]
    list_select_related = ["establishment"]
    raw_id_fields = ["establishment"]
