from rest_framework import serializers

from core.input_rules import MAX_ID
from core.validators import mask_id_number
from licensing.health.choices import HealthResult
from licensing.health.models import HealthCertificate, TrainingSession
from premises.models import Practitioner


class HealthCertificateSerializer(serializers.ModelSerializer):
    practitioner = serializers.PrimaryKeyRelatedField(queryset=Practitioner.objects.all())
    practitioner_name = serializers.CharField(source="practitioner.name", read_only=True)
    id_number = serializers.SerializerMethodField(help_text="掩码显示的身份证号码")
    establishment = serializers.IntegerField(source="practitioner.establishment_id", read_only=True)
    result = serializers.ChoiceField(choices=HealthResult.choices)
    expires_on = serializers.DateField(
        required=False, allow_null=True, help_text="空白时按健康证明规则计算"
    )

    class Meta:
        model = HealthCertificate
        fields = [
            "id",
            "practitioner",
            "practitioner_name",
            "id_number",
            "establishment",
            "exam_date",
            "institution",
            "number",
            "result",
            "expires_on",
            "source",
            "recorded_at",
        ]
        read_only_fields = ["source", "recorded_at"]
        validators = []  # the service holds the rules

    def get_id_number(self, obj) -> str:
        return mask_id_number(obj.practitioner.id_number)


class TrainingSessionSerializer(serializers.ModelSerializer):
    attendee_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingSession
        fields = ["id", "date", "place", "topic", "organiser", "notes", "attendee_count"]


class AttendanceResultSerializer(TrainingSessionSerializer):
    """The session after an attendance was registered, and how many were added."""

    added = serializers.IntegerField(read_only=True)

    class Meta(TrainingSessionSerializer.Meta):
        fields = TrainingSessionSerializer.Meta.fields + ["added"]


class AttendanceSerializer(serializers.Serializer):
    practitioners = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        help_text="从业人员 id",
    )

    def validate_practitioners(self, ids):
        """The practitioners named, each once, in the order sent; an unknown id is refused."""
        found = Practitioner.objects.in_bulk(ids)
        unknown = [i for i in ids if i not in found]
        if unknown:
            raise serializers.ValidationError([f"没有 id 为 {i} 的从业人员。" for i in unknown])
        return [found[i] for i in dict.fromkeys(ids)]
