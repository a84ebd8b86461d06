"""Serializers of the permit window's API. The services hold the rules; these only shape
input and output."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inspections.models import Inspection
from licensing.choices import (
    ApplicationKind,
    ApplicationPath,
    ApplicationStatus,
    IntakeOutcome,
    PermitState,
)
from licensing.models import Application, Permit, PermitType
from premises.models import Establishment


class PermitTypeSerializer(serializers.ModelSerializer):
    number_pattern = serializers.CharField(source="number_series.pattern", read_only=True)

    class Meta:
        model = PermitType
        fields = [
            "id",
            "code",
            "name",
            "term_years",
            "verification_years",
            "decision_working_days",
            "renewal_notice_days",
            "post_check_days",
            "number_pattern",
            "categories",
            "is_active",
        ]
        read_only_fields = fields


# --- Applications ------------------------------------------------------------------------


class ApplicationSerializer(serializers.ModelSerializer):
    """Lists, detail and 受理 (create). ``permit`` is the permit issued on it, if any."""

    establishment = serializers.PrimaryKeyRelatedField(queryset=Establishment.objects.all())
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    permit_type = serializers.PrimaryKeyRelatedField(
        queryset=PermitType.objects.filter(is_active=True)
    )
    permit_type_name = serializers.CharField(source="permit_type.name", read_only=True)
    kind = serializers.ChoiceField(choices=ApplicationKind.choices)
    path = serializers.ChoiceField(
        choices=ApplicationPath.choices, default=ApplicationPath.STANDARD
    )
    received_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="缺省为今天"
    )
    business_scope = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    change_description = serializers.CharField(required=False, allow_blank=True, default="")
    previous_permit = serializers.PrimaryKeyRelatedField(
        queryset=Permit.objects.all(), required=False, allow_null=True, default=None
    )
    new_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    new_legal_representative = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default=""
    )
    new_address = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    outcome = serializers.ChoiceField(
        choices=IntakeOutcome.choices,
        default=IntakeOutcome.ACCEPT,
        write_only=True,
        help_text="accept：受理；correction：一次性告知补正；not_accepted：不予受理",
    )
    correction_items = serializers.CharField(required=False, allow_blank=True, default="")
    not_accepted_reason = serializers.CharField(required=False, allow_blank=True, default="")
    competent_organ = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    permit = serializers.IntegerField(source="issued_permit", read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "receipt_number",
            "establishment",
            "establishment_name",
            "permit_type",
            "permit_type_name",
            "kind",
            "path",
            "status",
            "received_on",
            "due_on",
            "overdue",
            "business_scope",
            "change_description",
            "previous_permit",
            "new_name",
            "new_legal_representative",
            "new_address",
            "outcome",
            "correction_items",
            "not_accepted_reason",
            "competent_organ",
            "withdrawn_on",
            "withdraw_reason",
            "review_inspection",
            "review_note",
            "reviewed_on",
            "reviewed_by",
            "decided_on",
            "decided_by",
            "refusal_reason",
            "post_check_due",
            "permit",
            "received_by",
        ]
        read_only_fields = [
            "receipt_number",
            "status",
            "due_on",
            "withdrawn_on",
            "withdraw_reason",
            "review_inspection",
            "review_note",
            "reviewed_on",
            "reviewed_by",
            "decided_on",
            "decided_by",
            "refusal_reason",
            "post_check_due",
            "received_by",
        ]
        validators = []  # the service holds the rules

    def get_overdue(self, obj) -> bool:
        return (
            obj.status in (ApplicationStatus.RECEIVED, ApplicationStatus.REVIEWED)
            and obj.due_on < timezone.localdate()
        )


class ApplicationReviewSerializer(serializers.Serializer):
    note = serializers.CharField(help_text="审核意见")
    inspection = serializers.PrimaryKeyRelatedField(
        queryset=Inspection.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="现场审查的检查记录（许可类型要求现场审查时必填）",
    )
    reviewed_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="缺省为今天"
    )


class ApplicationAcceptSerializer(serializers.Serializer):
    accepted_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="补正齐全、受理之日；缺省为今天"
    )


class ApplicationNotAcceptSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="不予受理理由")
    competent_organ = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)


class ApplicationWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, help_text="撤回原因")
    withdrawn_on = serializers.DateField(required=False, allow_null=True, default=None)


class ApplicationDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true：准予许可；false：不予许可")
    refusal_reason = serializers.CharField(
        source="reason",
        required=False,
        allow_blank=True,
        default="",
        help_text="不予许可的理由（不予许可时必填）",
    )
    decided_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="缺省为今天"
    )


class PermitIssueSerializer(serializers.Serializer):
    issued_on = serializers.DateField(help_text="发证日期；有效期自此起算")


# --- Permits -----------------------------------------------------------------------------


class PermitSerializer(serializers.ModelSerializer):
    """``state`` is the permit's status today (有效, 未生效, 已过期, 已换发, 已注销, 已撤销),
    derived from its dates and what was done; ``status`` is what was done to the record
    (``valid``: the current version, whatever its dates)."""

    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    permit_type_name = serializers.CharField(source="permit_type.name", read_only=True)
    next_version = serializers.SerializerMethodField()
    state = serializers.ChoiceField(
        choices=PermitState.choices, read_only=True, help_text="今日状态（由有效期和办理结果得出）"
    )
    state_label = serializers.CharField(read_only=True, help_text="今日状态的中文名称")

    class Meta:
        model = Permit
        fields = [
            "id",
            "number",
            "permit_type",
            "permit_type_name",
            "establishment",
            "establishment_name",
            "origin",
            "year",
            "sequence",
            "holder_name",
            "legal_representative",
            "address",
            "business_scope",
            "issued_on",
            "valid_from",
            "expires_on",
            "state",
            "state_label",
            "status",
            "previous",
            "next_version",
            "application",
            "cancelled_on",
            "cancel_reason",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_next_version(self, obj):
        following = getattr(obj, "next_version", None)  # reverse one-to-one: None when missing
        return following.pk if following else None


class PermitRegisterSerializer(serializers.Serializer):
    """补录 of a permit issued before the office used Weijian, with its original number."""

    establishment = serializers.PrimaryKeyRelatedField(queryset=Establishment.objects.all())
    permit_type = serializers.PrimaryKeyRelatedField(
        queryset=PermitType.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="缺省时按单位类别确定（只有一种许可证适用时）",
    )
    number = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        help_text="原许可证号（不详可不填，记为“原证号未登记”）",
    )
    issued_on = serializers.DateField()
    expires_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="有效期至；有有效期的许可证必填，长期有效、按校验管理的（放射诊疗许可证）不填",
    )
    business_scope = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="许可项目；缺省为单位类别名称",
    )

    def validate(self, attrs):
        """The permit type and the business scope a unit's category implies when not sent."""
        establishment = attrs["establishment"]
        if attrs["permit_type"] is None:
            attrs["permit_type"] = permit_type_for(establishment)
        if not attrs["business_scope"].strip():
            attrs["business_scope"] = establishment.category.name
        return attrs


def permit_type_for(establishment):
    """The one active permit type the unit's category calls for; else the client names it."""
    types = list(
        PermitType.objects.filter(is_active=True, categories=establishment.category_id)[:2]
    )
    if len(types) != 1:
        raise serializers.ValidationError({"permit_type": "请选择许可证类型。"})
    return types[0]


class PermitCancelSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="注销日期")
    reason = serializers.CharField(max_length=200, help_text="注销原因")

    # The service's errors about the permit's state and its fields, as this API names them.
    error_names = {"permit": "status", "cancelled_on": "date", "cancel_reason": "reason"}


# --- Units without a valid permit ----------------------------------------------------------


class UnitWithoutPermitSerializer(serializers.ModelSerializer):
    """A unit without a permit in force, with its latest permit (none: never licensed)."""

    category_name = serializers.CharField(source="category.name", read_only=True)
    township_name = serializers.CharField(source="township.name", read_only=True)
    last_permit_number = serializers.CharField(
        read_only=True, allow_null=True, help_text="最近一张许可证的证号（从未办证为 null）"
    )
    last_permit_state = serializers.ChoiceField(
        choices=PermitState.choices,
        read_only=True,
        allow_null=True,
        help_text="最近一张许可证今日的状态（已过期、已注销、未生效等）",
    )
    last_permit_expires_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Establishment
        fields = [
            "id",
            "name",
            "credit_code",
            "category",
            "category_name",
            "township",
            "township_name",
            "last_permit_number",
            "last_permit_state",
            "last_permit_expires_on",
        ]
        read_only_fields = fields
