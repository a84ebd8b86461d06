from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from licensing.health import admin as health_admin  # noqa: F401  (registers the sub-package's)
from licensing.models import Application, Consultation, Permit, PermitType


@admin.register(PermitType)
class PermitTypeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "term_years", "decision_working_days", "renewal_notice_days"]
    filter_horizontal = ["categories"]


class ReadOnlyMixin:
    """Records written only by licensing.services: shown, never added, changed or deleted
    here (renewal, change and cancellation go through the window's pages)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Permit)
class PermitAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = [
        "number",
        "establishment",
        "permit_type",
        "issued_on",
        "expires_on",
        "status",
        "origin",
    ]
    list_filter = ["permit_type", "status", "origin"]
    search_fields = ["number", "establishment__name", "establishment__credit_code"]
    list_select_related = ["establishment", "permit_type"]
    date_hierarchy = "issued_on"


@admin.register(Application)
class ApplicationAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = [
        "receipt_number",
        "establishment",
        "permit_type",
        "kind",
        "path",
        "status",
        "received_on",
        "due_on",
    ]
    list_filter = ["permit_type", "kind", "path", "status"]
    search_fields = ["receipt_number", "establishment__name", "establishment__credit_code"]
    list_select_related = ["establishment", "permit_type"]
    date_hierarchy = "received_on"


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["consulted_on", "topic", "visitor", "establishment", "answered_by"]
    search_fields = ["topic", "visitor", "establishment__name"]
    list_select_related = ["establishment", "answered_by"]
    date_hierarchy = "consulted_on"
    autocomplete_fields = []
    raw_id_fields = ["establishment"]
    readonly_fields = ["answered_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.answered_by = request.user
        super().save_model(request, obj, form, change)
