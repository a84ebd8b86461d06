from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from penalties.models import (
    CaseAmendment,
    CasePayment,
    CaseReview,
    DiscretionLevel,
    PenaltyCase,
    TimeLimit,
    Violation,
)


class DiscretionLevelInline(admin.TabularInline):
    model = DiscretionLevel
    extra = 0
    fields = [
        "severity",
        "circumstances",
        "penalties",
        "fine_min",
        "fine_max",
        "requires_legal_review",
    ]


@admin.register(Violation)
class ViolationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "domain", "penalty_basis", "limitation_years", "is_active"]
    list_filter = ["domain", "is_active"]
    search_fields = ["name", "code", "legal_basis", "penalty_basis"]
    inlines = [DiscretionLevelInline]


@admin.register(DiscretionLevel)
class DiscretionLevelAdmin(SimpleHistoryAdmin):
    list_display = ["violation", "severity", "fine_min", "fine_max", "requires_legal_review"]
    list_filter = ["severity", "violation"]


@admin.register(TimeLimit)
class TimeLimitAdmin(SimpleHistoryAdmin):
    """Every step counts with these rows: they are changed, never deleted."""

    list_display = ["code", "days", "working_days", "warn_days", "basis"]

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyMixin:
    """Written only by penalties.services (the case pages): shown, never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PenaltyCase)
class PenaltyCaseAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["number", "party_name", "violation", "status", "filed_on", "next_due"]
    list_filter = ["status", "source", "violation"]
    search_fields = ["number", "party_name", "decision_number"]


@admin.register(CasePayment)
class CasePaymentAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["case", "kind", "paid_on", "amount", "receipt_number"]


@admin.register(CaseAmendment)
class CaseAmendmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["case", "reason", "amended_by", "amended_at"]


@admin.register(CaseReview)
class CaseReviewAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["case", "total", "grade", "reviewer", "reviewed_on"]
