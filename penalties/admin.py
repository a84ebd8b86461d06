import json

from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from simple_history.admin import SimpleHistoryAdmin

from core.personal_data import MaskedHistoryAdminMixin
from core.validators import mask_id_number
from penalties.choices import PartyKind
from penalties.models import (
    CaseAmendment,
    CaseApproval,
    CaseDiscussion,
    CaseMeasure,
    CasePayment,
    CaseReview,
    CorrectionOrder,
    DiscretionLevel,
    HearingThreshold,
    OnSpotRule,
    OnSpotThreshold,
    PenaltyCase,
    ProcedureRule,
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
        "required_penalties",
        "fine_min",
        "fine_max",
        "gains_multiple_min",
        "gains_multiple_max",
        "gains_floor",
        "requires_legal_review",
        "source",
        "default_unpublished",
    ]


@admin.register(Violation)
class ViolationAdmin(SimpleHistoryAdmin):
    """The catalogue with its sources: the law, the article broken, the penalty clause,
    whether the article was checked against the published text."""

    list_display = [
        "code",
        "name",
        "domain",
        "report_group",
        "law",
        "legal_basis",
        "penalty_basis",
        "source_verified",
        "is_active",
    ]
    list_filter = ["domain", "report_group", "law", "source_verified", "is_active"]
    search_fields = ["name", "code", "law", "legal_basis", "penalty_basis", "source_note"]
    inlines = [DiscretionLevelInline]


@admin.register(DiscretionLevel)
class DiscretionLevelAdmin(SimpleHistoryAdmin):
    list_display = [
        "violation",
        "severity",
        "penalty_labels",
        "required_labels",
        "fine_range_text",
        "requires_legal_review",
        "source",
        "default_unpublished",
    ]
    list_filter = ["severity", "default_unpublished", "violation__domain"]
    search_fields = ["violation__name", "violation__code", "source"]


@admin.register(HearingThreshold)
class HearingThresholdAdmin(SimpleHistoryAdmin):
    """较大数额 for the hearing right: set by each province (行政处罚法第六十三条)."""

    list_display = ["party_type", "region", "fine_from", "confiscation_from", "basis", "verified"]


@admin.register(OnSpotThreshold)
class OnSpotThresholdAdmin(SimpleHistoryAdmin):
    """The fines the simple procedure (当场处罚) allows, by party (行政处罚法第五十一条)."""

    list_display = ["party_type", "fine_max", "basis"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OnSpotRule)
class OnSpotRuleAdmin(SimpleHistoryAdmin):
    """Cash on the spot, its handing over, and the filing of an on-spot decision with the
    organ, by the date the rule took effect."""

    list_display = ["valid_from", "cash_max", "cash_handover_days", "filing_days", "filing_basis",
                    "filing_verified"]  # fmt: skip


@admin.register(CorrectionOrder)
class CorrectionOrderAdmin(SimpleHistoryAdmin):
    list_display = ["number", "case", "issued_on", "due_on", "basis"]
    search_fields = ["number", "case__number", "content"]
    readonly_fields = ["case", "number", "issued_by"]


@admin.register(CaseMeasure)
class CaseMeasureAdmin(SimpleHistoryAdmin):
    list_display = ["case", "kind", "taken_on", "basis", "note"]
    list_filter = ["kind"]
    readonly_fields = ["case", "recorded_by"]


@admin.register(TimeLimit)
class TimeLimitAdmin(SimpleHistoryAdmin):
    """Every step counts with these rows: they are changed, never deleted. The decision's
    limit comes from the procedure rule the case runs under (处罚程序规定); the DECISION
    row counts only for a filing date no rule covers."""

    list_display = ["code", "days", "working_days", "warn_days", "basis", "applies"]

    @admin.display(description="适用")
    def applies(self, obj):
        if obj.code == "decision":
            return "以案件适用的处罚程序规定为准（见“处罚程序规定”）；仅在没有规定覆盖立案日期时使用本行"
        return "—"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProcedureRule)
class ProcedureRuleAdmin(SimpleHistoryAdmin):
    """Procedure rules by the dates they were in force; cases point to them: changed, never
    deleted. A case runs under the rule in force on its filing date."""

    list_display = [
        "name",
        "effective_from",
        "effective_to",
        "decision_limit_text",
        "extension_approver",
        "verified",
    ]

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


@admin.register(CaseApproval)
class CaseApprovalAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = [
        "case",
        "kind",
        "requested_by",
        "requested_on",
        "approver",
        "decided_on",
        "approved",
    ]
    list_filter = ["kind", "approved"]


@admin.register(CaseDiscussion)
class CaseDiscussionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["case", "kind", "held_on", "host", "agreed"]


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
