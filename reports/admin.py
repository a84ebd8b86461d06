"""Focused plans in the admin: read only. Plans are written on their pages (reports.services
.plans.plan_save, with their campaign and targets), submissions are never changed."""

from django.contrib import admin

from reports.models import FocusedPlan, PlanSubmission, PlanTarget


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlanTargetInline(ReadOnlyMixin, admin.TabularInline):
    model = PlanTarget
    extra = 0


@admin.register(FocusedPlan)
class FocusedPlanAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "year", "issuer", "document_number", "due_date"]
    list_filter = ["year"]
    search_fields = ["campaign__name", "document_number"]
    inlines = [PlanTargetInline]


@admin.register(PlanSubmission)
class PlanSubmissionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["plan", "table", "submitted_on", "submitted_by", "filename", "recorded_at"]
    list_filter = ["table"]
    exclude = ["content"]
