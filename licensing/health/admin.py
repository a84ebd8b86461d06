"""Admin of the health-certificate rules, certificates and training sessions."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from licensing.health.models import (
    HealthCertificate,
    HealthRule,
    TrainingAttendance,
    TrainingSession,
)


@admin.register(HealthRule)
class HealthRuleAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "validity_months", "expiring_notice_days"]

    def has_delete_permission(self, request, obj=None):
        return False  # the rule in force is edited, never removed


@admin.register(HealthCertificate)
class HealthCertificateAdmin(SimpleHistoryAdmin):
    list_display = [
        "practitioner",
        "exam_date",
        "institution",
        "number",
        "result",
        "expires_on",
        "source",
    ]
    list_filter = ["result", "source", "exam_date"]
    search_fields = ["practitioner__name", "number", "institution"]
    list_select_related = ["practitioner__establishment"]
    raw_id_fields = ["practitioner"]
    readonly_fields = ["recorded_by", "recorded_at"]
    date_hierarchy = "exam_date"

    def save_model(self, request, obj, form, change):
        if not obj.recorded_by_id:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


class AttendanceInline(admin.TabularInline):
    model = TrainingAttendance
    extra = 0
    raw_id_fields = ["practitioner"]
    readonly_fields = ["source", "recorded_by", "recorded_at"]

    def has_add_permission(self, request, obj=None):
        return False  # attendance is added on the training page or by import


@admin.register(TrainingSession)
class TrainingSessionAdmin(SimpleHistoryAdmin):
    list_display = ["date", "topic", "place", "organiser"]
    search_fields = ["topic", "place", "organiser"]
    date_hierarchy = "date"
    readonly_fields = ["recorded_by", "created_at"]
    inlines = [AttendanceInline]

    def save_model(self, request, obj, form, change):
        if not obj.recorded_by_id:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
