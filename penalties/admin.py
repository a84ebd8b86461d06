import json

from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from simple_history.admin import SimpleHistoryAdmin

from core.personal_data import MaskedHistoryAdminMixin
from core.validators import mask_id_number
from penalties.choices import PartyKind
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


def _person_code(record, value):
    """A historical case's party code as the admin shows it: a person's ID number masked."""
    return mask_id_number(value) if record.party_kind == PartyKind.PERSON else value


@admin.register(PenaltyCase)
class PenaltyCaseAdmin(ReadOnlyMixin, MaskedHistoryAdminMixin, SimpleHistoryAdmin):
    """A person's ID number is masked here, in the case and its history; the case page
    shows it in full on request (logged)."""

    list_display = ["number", "party_name", "violation", "status", "filed_on", "next_due"]
    list_filter = ["status", "source", "violation"]
    search_fields = ["number", "party_name", "decision_number"]
    exclude = ["party_code"]
    readonly_fields = ["party_code_shown"]
    history_masks = {"party_code": _person_code}

    @admin.display(description="身份证号码或统一社会信用代码")
    def party_code_shown(self, obj):
        return obj.party_code_masked


@admin.register(CasePayment)
class CasePaymentAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["case", "kind", "paid_on", "amount", "receipt_number"]


@admin.register(CaseAmendment)
class CaseAmendmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["case", "reason", "amended_by", "amended_at"]
    list_select_related = ["case", "amended_by"]
    exclude = ["changes"]
    readonly_fields = ["changes_shown"]

    @admin.display(description="更正内容")
    def changes_shown(self, obj):
        """What was corrected; a person's ID number masked before and after."""
        changes = dict(obj.changes or {})
        code = changes.get("party_code")
        if isinstance(code, dict) and obj.case.party_kind == PartyKind.PERSON:
            changes["party_code"] = {
                key: mask_id_number(value) if isinstance(value, str) else value
                for key, value in code.items()
            }
        return json.dumps(changes, ensure_ascii=False, cls=DjangoJSONEncoder)


@admin.register(CaseReview)
class CaseReviewAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["case", "total", "grade", "reviewer", "reviewed_on"]
