"""Serializers of the complaints API (投诉举报): the record as answered (the complainant's
particulars masked unless revealed) and one input serializer per step, whose
``validated_data`` are the service's keyword arguments."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inspections.models import Complaint, Inspection
from inspections.models.complaints import (
    COMPLAINANT_MASKS,
    ComplaintOutcome,
    ComplaintSource,
    ReplyMethod,
)
from premises.models import Domain, Establishment

User = get_user_model()


class ComplainantSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    masked = serializers.BooleanField(help_text="true：已隐去（?reveal=1 查看完整信息，须有权限）")


class ComplaintSerializer(serializers.ModelSerializer):
    complainant = serializers.SerializerMethodField()
    inspections = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    cases = serializers.SerializerMethodField(help_text="关联的行政处罚案件编号（id）")
    voided = serializers.BooleanField(source="is_voided", read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            "number",
            "received_at",
            "source",
            "source_reference",
            "establishment",
            "place_name",
            "place_address",
            "domain",
            "content",
            "anonymous",
            "complainant",
            "status",
            "registered_by",
            "registered_at",
            "assigned_to",
            "assigned_at",
            "accepted_on",
            "accept_due",
            "close_due",
            "next_due",
            "extended_days",
            "extension_reason",
            "replied_on",
            "reply_method",
            "reply_content",
            "closed_on",
            "outcome",
            "close_note",
            "inspections",
            "cases",
            "voided",
            "void_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(ComplainantSerializer)
    def get_complainant(self, obj):
        full = self.context.get("reveal_complainant") == obj.pk
        values = {
            name: (getattr(obj, name) if full else mask(getattr(obj, name)))
            for name, mask in COMPLAINANT_MASKS.items()
        }
        return {
            "name": values["complainant_name"],
            "phone": values["complainant_phone"],
            "address": values["complainant_address"],
            "masked": not full,
        }

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_cases(self, obj):
        return [link.case_id for link in obj.case_links.all()]


class ComplaintRegisterSerializer(serializers.Serializer):
    received_at = serializers.DateTimeField()
    source = serializers.ChoiceField(choices=ComplaintSource.choices)
    source_reference = serializers.CharField(max_length=60, required=False, allow_blank=True)
    establishment = serializers.PrimaryKeyRelatedField(
        queryset=Establishment.objects.all(), required=False, allow_null=True
    )
    place_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    place_address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    domain = serializers.PrimaryKeyRelatedField(
        queryset=Domain.objects.all(), required=False, allow_null=True
    )
    content = serializers.CharField()
    anonymous = serializers.BooleanField(required=False, default=False)
    complainant_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    complainant_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    complainant_address = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ComplaintAssignSerializer(serializers.Serializer):
    assigned_to = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))


class ComplaintAcceptSerializer(serializers.Serializer):
    accepted_on = serializers.DateField()


class ComplaintExtendSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=365)
    reason = serializers.CharField(max_length=200)


class ComplaintLinkSerializer(serializers.Serializer):
    inspection = serializers.PrimaryKeyRelatedField(queryset=Inspection.objects.all())


class ComplaintReplySerializer(serializers.Serializer):
    replied_on = serializers.DateField()
    method = serializers.ChoiceField(choices=ReplyMethod.choices)
    content = serializers.CharField()


class ComplaintCloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=ComplaintOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ComplaintVoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)
