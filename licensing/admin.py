from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from licensing.choices import PermitState
from licensing.health import admin as health_admin  # noqa: F401  (registers the sub-package's)
from licensing.models import Application, Consultation, Permit, PermitType


class PermitTypeForm(forms.ModelForm):
    """The admin's form (its model and fields come from PermitTypeAdmin)."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_active") is False and cleaned.get("categories"):
            self.add_error(
                "categories",
                "停用的许可证类型不能有适用类别：所列类别仍会计为应发证却无从申请。"
                "请先移除适用类别（或移至接替的许可证类型）再停用。",
            )
        return cleaned


@admin.register(PermitType)
class PermitTypeAdmin(SimpleHistoryAdmin):
    """The kinds each type is for (适用类别) are the one table of which kinds need which
    permit: the window, the unlicensed list and the summary's 应发证 all read it."""

    form = PermitTypeForm
    list_display = [
        "code",
        "name",
        "term_years",
        "verification_years",
        "decision_working_days",
        "renewal_notice_days",
        "kinds",
        "is_active",
    ]
    filter_horizontal = ["categories"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories")

    @admin.display(description="适用类别")
    def kinds(self, obj):
        return "、".join(c.name for c in obj.categories.all()) or "—"


class ReadOnlyMixin:
    """Records written only by licensing.services: shown, never added, changed or deleted
    here (renewal, change and cancellation go through the window's pages)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PermitStateFilter(admin.SimpleListFilter):
    """By the status today (derived from the dates: PermitQuerySet.with_state)."""

    title = "状态"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return PermitState.choices

    def queryset(self, request, queryset):
        return queryset.filter(state=self.value()) if self.value() else queryset


@admin.register(Permit)
class PermitAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = [
        "number",
        "establishment",
        "permit_type",
        "issued_on",
        "valid_from",
        "expires_on",
        "state_today",
        "recorded_status",
        "origin",
    ]
    list_filter = ["permit_type", PermitStateFilter, "origin"]
    search_fields = ["number", "establishment__name", "establishment__credit_code"]
    list_select_related = ["establishment", "permit_type"]
    date_hierarchy = "issued_on"

    def get_queryset(self, request):
        return super().get_queryset(request).with_state()

    @admin.display(description="状态（今日）", ordering="state")
    def state_today(self, obj):
        return obj.state_label

    @admin.display(description="记录状态", ordering="status")
    def recorded_status(self, obj):
        """What was done to the record (有效: the current version, whatever its dates)."""
        return obj.get_status_display()


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
