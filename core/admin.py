from django.contrib import admin

from core import admin_accounts  # noqa: F401  (users, roles and API tokens)
from core.models import (
    CalendarDay,
    DocumentCounter,
    DocumentSeries,
    OfficerCertificate,
    PersonalDataAccess,
)


@admin.register(DocumentSeries)
class DocumentSeriesAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "pattern"]


@admin.register(DocumentCounter)
class DocumentCounterAdmin(admin.ModelAdmin):
    """Counters are read-only: a number once given is never reused or skipped."""

    list_display = ["series", "year", "last_number"]
    readonly_fields = ["series", "year", "last_number"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "name"]
    date_hierarchy = "date"


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Who saw which full ID number, when, from where: read here, never changed or deleted."""

    list_display = [
        "accessed_at",
        "username",
        "content_type",
        "object_id",
        "record",
        "field_label",
        "channel",
        "view_name",
        "ip_address",
    ]
    list_filter = ["channel", "accessed_at"]
    search_fields = ["username", "record", "ip_address", "path"]
    date_hierarchy = "accessed_at"
    list_select_related = ["content_type"]
    readonly_fields = [
        "accessed_at",
        "user",
        "username",
        "content_type",
        "object_id",
        "record",
        "field",
        "ip_address",
        "channel",
        "view_name",
        "path",
    ]
    actions = None

    @admin.display(description="字段", ordering="field")
    def field_label(self, access):
        """The field's name as the record's pages call it (身份证号码), not its code."""
        model = access.content_type.model_class()
        try:
            return model._meta.get_field(access.field).verbose_name
        except Exception:  # noqa: BLE001 - a field since renamed: its code as logged
            return access.field

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfficerCertificate)
class OfficerCertificateAdmin(admin.ModelAdmin):
    """Officers' enforcement certificates (执法证): also edited on each user's page."""

    list_display = ["number", "user", "issued_by", "valid_from", "valid_until"]
    list_select_related = ["user"]
    search_fields = ["number", "user__username", "user__first_name"]
    autocomplete_fields = ["user"]
