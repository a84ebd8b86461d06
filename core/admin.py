from django.contrib import admin

from core.models import CalendarDay, DocumentCounter, DocumentSeries


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
