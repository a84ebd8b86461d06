"""What the penalty API shows: cases (a list row, and the whole file in detail),
violations with their discretion tables, and the statutory time limits. Read-only:
input is shaped by penalties.api.inputs and checked by penalties.services."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.people import display_name
from core.validators import mask_id_number
from penalties.api.records import (
    MONEY,
    CaseAmendmentSerializer,
    CaseApprovalSerializer,
    CaseDiscussionSerializer,
    CaseEvidenceSerializer,
    CaseExtensionSerializer,
    CaseHearingSerializer,
    CaseMeasureSerializer,
    CaseMoneySerializer,
    CasePaymentSerializer,
    CasePenaltySerializer,
    CaseReviewSerializer,
    CaseServiceSerializer,
    CaseStepSerializer,
    PartyStatementSerializer,
)
from penalties.choices import PartyKind, PaymentKind, PenaltyKind, PenaltyStage
from penalties.models import DiscretionLevel, PenaltyCase, TimeLimit, Violation
from penalties.services import late_charge, outstanding

# --- Reference data ------------------------------------------------------------------------


class PenaltyOptionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PenaltyKind.choices)
    label = serializers.CharField()


class DiscretionLevelSerializer(serializers.ModelSerializer):
    severity_label = serializers.CharField(source="get_severity_display", read_only=True)
    penalties = serializers.SerializerMethodField()
    fine_range = serializers.CharField(source="fine_range_text", read_only=True)

    class Meta:
        model = DiscretionLevel
        fields = [
            "id",
            "severity",
            "severity_label",
            "circumstances",
            "penalties",
            "fine_min",
            "fine_max",
            "fine_range",
            "requires_legal_review",
        ]
        read_only_fields = fields

    @extend_schema_field(PenaltyOptionSerializer(many=True))
    def get_penalties(self, obj):
        return [
            {"kind": kind, "label": PenaltyKind(kind).label}
            for kind in obj.penalties
            if kind in PenaltyKind.values
        ]


class ViolationSerializer(serializers.ModelSerializer):
    domain_name = serializers.CharField(source="domain.name", read_only=True, default=None)
    levels = DiscretionLevelSerializer(many=True, read_only=True)

    class Meta:
        model = Violation
        fields = [
            "id",
            "code",
            "name",
            "domain",
            "domain_name",
            "report_group",
            "legal_basis",
            "penalty_basis",
            "limitation_years",
            "is_active",
            "levels",
        ]
        read_only_fields = fields


class TimeLimitSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_code_display", read_only=True)

    class Meta:
        model = TimeLimit
        fields = ["id", "code", "label", "days", "working_days", "warn_days", "basis"]
        read_only_fields = fields


# --- Cases -----------------------------------------------------------------------------------


class CaseSerializer(serializers.ModelSerializer):
    """A row of the case list. ID numbers of persons are masked (in detail too, unless
    asked for with ``?reveal=1`` by a user who may see full ID numbers: core.personal_data);
    money comes from the list's annotations."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    violation_name = serializers.CharField(source="violation.name", read_only=True)
    officers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()
    fine_total = serializers.DecimalField(read_only=True, **MONEY)
    gains_total = serializers.DecimalField(read_only=True, **MONEY)
    paid_total = serializers.DecimalField(read_only=True, **MONEY)

    class Meta:
        model = PenaltyCase
        fields = [
            "id",
            "number",
            "year",
            "status",
            "status_label",
            "outcome",
            "outcome_label",
            "source",
            "party_kind",
            "establishment",
            "party_name",
            "party_code",
            "violation",
            "violation_name",
            "officers",
            "filed_on",
            "decision_due",
            "next_due",
            "next_due_code",
            "overdue",
            "notice_number",
            "decision_number",
            "decided_on",
            "closed_on",
            "fine_total",
            "gains_total",
            "paid_total",
            "procedure",
            "filing_approved",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        full = self.context.get("show_full_id_number", False)
        if instance.party_kind == PartyKind.PERSON and not full:
            data["party_code"] = mask_id_number(instance.party_code)
        return data

    def get_overdue(self, obj) -> bool:
        return (
            not obj.is_closed and obj.next_due is not None and obj.next_due < timezone.localdate()
        )


DETAIL_FIELDS = [
    "procedure_rule",
    "continuing",
    "ended_on",
    "harms_life_health",
    "harm_reason",
    "illegal_gains",
    "legal_review_triggers",
    "hearing_offered",
    "hearing_reason",
    "source_note",
    "inspection",
    "party_legal_representative",
    "party_address",
    "party_phone",
    "occurred_on",
    "facts",
    "notice_facts",
    "officer_names",
    "notified_on",
    "statement_due",
    "hearing_request_due",
    "proposed_severity",
    "proposal_departure_reason",
    "rights_waived",
    "rights_waived_on",
    "severity",
    "departure_reason",
    "correction_waiver",
    "legal_reviewer",
    "legal_reviewed_on",
    "legal_review_opinion",
    "legal_review_approved",
    "service_due",
    "served_on",
    "service_method",
    "service_recipient",
    "services",
    "payment_due",
    "executed_on",
    "execution_note",
    "late_charge_waiver_reason",
    "closing_summary",
    "created_by",
    "created_at",
    "steps",
    "penalties_proposed",
    "penalties_decided",
    "money",
    "payments",
    "evidence",
    "statements",
    "hearing",
    "extensions",
    "amendments",
    "approvals",
    "discussions",
    "measures",
    "review",
]


class CaseDetailSerializer(CaseSerializer):
    """The whole case file: its steps, penalties, money, evidence and records."""

    officer_names = serializers.SerializerMethodField()
    steps = CaseStepSerializer(many=True, read_only=True)
    penalties_proposed = serializers.SerializerMethodField()
    penalties_decided = serializers.SerializerMethodField()
    money = serializers.SerializerMethodField()
    payments = CasePaymentSerializer(many=True, read_only=True)
    services = CaseServiceSerializer(many=True, read_only=True)
    evidence = CaseEvidenceSerializer(many=True, read_only=True)
    statements = PartyStatementSerializer(many=True, read_only=True)
    hearing = serializers.SerializerMethodField()
    extensions = CaseExtensionSerializer(many=True, read_only=True)
    amendments = CaseAmendmentSerializer(many=True, read_only=True)
    approvals = CaseApprovalSerializer(many=True, read_only=True)
    discussions = CaseDiscussionSerializer(many=True, read_only=True)
    measures = CaseMeasureSerializer(many=True, read_only=True)
    review = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = CaseSerializer.Meta.fields + DETAIL_FIELDS
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        full = self.context.get("show_full_id_number", False)
        if instance.party_kind == PartyKind.PERSON and not full:
            # Corrections of the ID number say what it was and became: masked alike.
            for amendment in data.get("amendments") or []:
                change = (amendment.get("changes") or {}).get("party_code")
                if isinstance(change, dict):
                    masked = {
                        key: mask_id_number(value) if isinstance(value, str) else value
                        for key, value in change.items()
                    }
                    amendment["changes"] = {**amendment["changes"], "party_code": masked}
        return data

    def get_officer_names(self, obj) -> list[str]:
        return [display_name(u) for u in obj.officers.all()]

    @extend_schema_field(CasePenaltySerializer(many=True))
    def get_penalties_proposed(self, obj):
        return CasePenaltySerializer(obj.penalties_at(PenaltyStage.PROPOSED), many=True).data

    @extend_schema_field(CasePenaltySerializer(many=True))
    def get_penalties_decided(self, obj):
        return CasePenaltySerializer(obj.penalties_at(PenaltyStage.DECIDED), many=True).data

    @extend_schema_field(CaseMoneySerializer)
    def get_money(self, obj):
        fine = obj.amount_decided(PenaltyKind.FINE)
        gains = obj.amount_decided(PenaltyKind.CONFISCATE_GAINS)
        paid = obj.amount_paid(PaymentKind.FINE, PaymentKind.CONFISCATE_GAINS)
        as_of = obj.executed_on or timezone.localdate()  # nothing accrues after execution
        summary = {
            "fine": fine,
            "gains": gains,
            "paid": paid,
            "outstanding": fine + gains - paid,
            "late_charge": late_charge(obj, as_of),
            "late_charge_paid": obj.amount_paid(PaymentKind.LATE_CHARGE),
            "late_charge_outstanding": outstanding(obj, PaymentKind.LATE_CHARGE, as_of),
            "late_charge_waived": obj.late_charge_waived,
        }
        return CaseMoneySerializer(summary).data

    @extend_schema_field(CaseHearingSerializer(allow_null=True))
    def get_hearing(self, obj):
        hearing = getattr(obj, "hearing", None)  # reverse one-to-one: None when missing
        return CaseHearingSerializer(hearing).data if hearing else None

    @extend_schema_field(CaseReviewSerializer(allow_null=True))
    def get_review(self, obj):
        review = getattr(obj, "review", None)
        return CaseReviewSerializer(review).data if review else None
