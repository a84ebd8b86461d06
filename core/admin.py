from django.contrib import admin

from core import admin_accounts  # noqa: F401  (users, roles and API tokens)
from core.models import (
    CalendarDay,
    CalendarSource,
    DocumentCode,
    DocumentCounter,
    DocumentSeries,
    OfficerCertificate,
    PersonalDataAccess,
)


@admin.register(DocumentSeries)
class DocumentSeriesAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "pattern"]


@admin.register(DocumentCode)
class DocumentCodeAdmin(admin.ModelAdmin):
    """文号代字: the office's 地区简称 and each domain's 执法类别 ({office}, {category})."""

    list_display = ["kind", "key", "name", "code", "verified", "source"]
    list_filter = ["kind", "verified"]


@admin.register(DocumentCounter)
class DocumentCounterAdmin(admin.ModelAdmin):
    """Counters are read-only: a number once given is never reused or skipped."""

    list_display = ["series", "year", "last_number"]
    readonly_fields = ["series", "year", "last_number"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CalendarYearFilter(admin.SimpleListFilter):
    title = "年份"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(d.year), f"{d.year} 年") for d in years]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(date__year=self.value())
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """The official days ship with the system (core.services.calendar); a day saved here
    becomes local and a later ``calendar_load`` keeps it. An official day is changed, not
    deleted (a deleted one would come back with the next load): the admin refuses to delete
    it, alone or in a selection."""

    list_display = ["date", "weekday", "is_workday", "name", "source"]
    list_filter = [CalendarYearFilter, "is_workday", "source"]
    search_fields = ["name", "date"]
    date_hierarchy = "date"
    readonly_fields = ["source"]

    @admin.display(description="星期")
    def weekday(self, obj):
        return "一二三四五六日"[obj.date.weekday()]

    def save_model(self, request, obj, form, change):
        obj.source = CalendarSource.LOCAL
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.source == CalendarSource.OFFICIAL:
            return False
        return super().has_delete_permission(request, obj)


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
