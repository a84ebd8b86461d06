"""How the case API shows what a case gathers: steps, penalties, payments, evidence
(metadata and a link to the permission-checked file page), statements, hearing,
extensions, amendments, review and the money summary. Read-only."""

from django.urls import NoReverseMatch, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.fields import MONEY
from core.people import display_name
from penalties.models import (
    CaseAmendment,
    CaseApproval,
    CaseDiscussion,
    CaseEvidence,
    CaseExtension,
    CaseMeasure,
    CasePayment,
    CasePenalty,
    CaseReview,
    CaseReviewScore,
    CaseService,
    CaseStep,
    Hearing,
    PartyStatement,
)


class UserNameField(serializers.CharField):
    """A user shown by name (the id is a separate field)."""

    def __init__(self, source, **kwargs):
        super().__init__(source=source, read_only=True, **kwargs)

    def to_representation(self, value):
        return display_name(value)


class CaseStepSerializer(serializers.ModelSerializer):
    step_label = serializers.CharField(source="get_step_display", read_only=True)
    officer_name = UserNameField(source="officer")

    class Meta:
        model = CaseStep
        fields = ["step", "step_label", "done_on", "officer", "officer_name", "document", "note"]
        read_only_fields = fields


class CasePenaltySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = CasePenalty
        fields = ["kind", "kind_label", "amount", "items", "quantity", "note", "text"]
        read_only_fields = fields


class CasePaymentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    recorded_by_name = UserNameField(source="recorded_by")

    class Meta:
        model = CasePayment
        fields = [
            "id",
            "kind",
            "kind_label",
            "paid_on",
            "amount",
            "receipt_number",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
        ]
        read_only_fields = fields


class CaseEvidenceSerializer(serializers.ModelSerializer):
    """Evidence metadata. The file is only reachable through the permission-checked page
    (``file_url``), never as a media URL."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    has_file = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvidence
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "collected_on",
            "collected_at",
            "collectors",
            "note",
            "original_name",
            "has_file",
            "file_url",
            "sha256",
            "inspection_photo",
            "sample",
            "uploaded_by",
            "uploaded_at",
        ]
        read_only_fields = fields

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)

    @extend_schema_field(OpenApiTypes.URI)
    def get_file_url(self, obj):
        if not obj.file:
            return None
        try:
            path = reverse("penalties:evidence_file", args=[obj.pk])
        except NoReverseMatch:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PartyStatementSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartyStatement
        fields = ["id", "received_on", "content", "adopted", "reply", "recorded_by"]
        read_only_fields = fields


class CaseHearingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hearing
        fields = [
            "requested_on",
            "party_notified_on",
            "scheduled_for",
            "place",
            "host",
            "held_on",
            "summary",
        ]
        read_only_fields = fields


class CaseExtensionSerializer(serializers.ModelSerializer):
    approved_by_name = UserNameField(source="approved_by")

    class Meta:
        model = CaseExtension
        fields = [
            "id",
            "reason",
            "approved_by",
            "approved_by_name",
            "approved_on",
            "previous_due",
            "new_due",
        ]
        read_only_fields = fields


class CaseAmendmentSerializer(serializers.ModelSerializer):
    amended_by_name = UserNameField(source="amended_by")
    changes = serializers.JSONField(
        read_only=True, help_text="{字段: {before: 原内容, after: 更正后}}"
    )

    class Meta:
        model = CaseAmendment
        fields = ["id", "reason", "changes", "amended_by", "amended_by_name", "amended_at"]
        read_only_fields = fields


class CaseReviewScoreSerializer(serializers.ModelSerializer):
    content = serializers.CharField(source="item.content", read_only=True)
    max_points = serializers.DecimalField(
        source="item.max_points", max_digits=6, decimal_places=2, read_only=True
    )

    class Meta:
        model = CaseReviewScore
        fields = ["item", "content", "max_points", "score", "note"]
        read_only_fields = fields


class CaseReviewSerializer(serializers.ModelSerializer):
    template_name = serializers.CharField(source="template.name", read_only=True)
    reviewer_name = UserNameField(source="reviewer")
    scores = CaseReviewScoreSerializer(many=True, read_only=True)

    class Meta:
        model = CaseReview
        fields = [
            "template",
            "template_name",
            "reviewer",
            "reviewer_name",
            "reviewed_on",
            "total",
            "grade",
            "comments",
            "scores",
        ]
        read_only_fields = fields


class CaseMoneySerializer(serializers.Serializer):
    """Decided money and what has been paid of it, in yuan, as of today."""

    fine = serializers.DecimalField(help_text="决定罚款", **MONEY)
    gains = serializers.DecimalField(help_text="没收违法所得", **MONEY)
    paid = serializers.DecimalField(help_text="已缴罚没款（罚款与违法所得）", **MONEY)
    outstanding = serializers.DecimalField(help_text="尚欠罚没款", **MONEY)
    late_charge = serializers.DecimalField(
        help_text="加处罚款（截至今天；已执行完毕的截至执行完毕日）", **MONEY
    )
    late_charge_paid = serializers.DecimalField(help_text="已缴加处罚款", **MONEY)
    late_charge_outstanding = serializers.DecimalField(
        help_text="尚欠加处罚款（执行时已说明理由未收取的为 0）", **MONEY
    )
    late_charge_waived = serializers.BooleanField(
        help_text="加处罚款已说明理由未收取（理由见 late_charge_waiver_reason）"
    )


class CaseServiceSerializer(serializers.ModelSerializer):
    """A service (送达) of one document; ``current`` false: replaced by a re-service."""

    method_label = serializers.CharField(source="get_method_display", read_only=True)
    recorded_by_name = UserNameField(source="recorded_by")

    class Meta:
        model = CaseService
        fields = [
            "id",
            "document",
            "record_id",
            "document_title",
            "document_number",
            "method",
            "method_label",
            "served_on",
            "served_at",
            "place",
            "recipient",
            "signer",
            "signer_relation",
            "refusal_reason",
            "witness",
            "evidence_record",
            "mailed_on",
            "mail_number",
            "consent_on",
            "electronic_address",
            "electronic_record",
            "entrusted_to",
            "published_on",
            "publication",
            "officers",
            "note",
            "reservice_reason",
            "current",
            "recorded_by_name",
            "recorded_at",
        ]
        read_only_fields = fields


class CaseApprovalSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state = serializers.CharField(source="state_label", read_only=True)
    requested_by_name = serializers.SerializerMethodField()
    approver_name = serializers.SerializerMethodField()

    class Meta:
        model = CaseApproval
        fields = [
            "id",
            "kind",
            "kind_label",
            "requested_by",
            "requested_by_name",
            "requested_on",
            "summary",
            "approver",
            "approver_name",
            "decided_on",
            "approved",
            "state",
            "opinion",
        ]
        read_only_fields = fields

    def get_requested_by_name(self, approval) -> str:
        return display_name(approval.requested_by)

    def get_approver_name(self, approval) -> str:
        return display_name(approval.approver) if approval.approver_id else ""


class CaseMeasureSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = CaseMeasure
        fields = ["id", "kind", "kind_label", "taken_on", "basis", "note", "recorded_by"]
        read_only_fields = fields


class CaseDiscussionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    host_name = serializers.SerializerMethodField()

    class Meta:
        model = CaseDiscussion
        fields = ["id", "kind", "kind_label", "held_on", "place", "host", "host_name",
                  "participants", "recorder", "facts", "discretion", "conclusion", "agreed"]  # fmt: skip
        read_only_fields = fields

    def get_host_name(self, discussion) -> str:
        return display_name(discussion.host)
