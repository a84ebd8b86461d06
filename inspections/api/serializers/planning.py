"""Serializers of the inspections API for planning: special campaigns (专项整治) with
their progress, and random draws (双随机、一公开) with their assignments.

Checklists, inspections and opinions are in inspections.api.serializers.inspections.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inspections.models import Campaign, DrawAssignment, ProblemType, RandomDraw
from inspections.services.draws import draw_candidates
from premises.models import Category, Domain, Township


class CampaignSerializer(serializers.ModelSerializer):
    domains = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Domain.objects.all(), required=False
    )
    categories = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Category.objects.all(), required=False
    )
    townships = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Township.objects.all(), required=False
    )
    problem_types = serializers.PrimaryKeyRelatedField(
        many=True, queryset=ProblemType.objects.all(), required=False
    )

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "start_date",
            "end_date",
            "domains",
            "categories",
            "townships",
            "problem_types",
            "description",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["created_by", "created_at"]
        validators = []


class CampaignProgressSerializer(serializers.Serializer):
    targets = serializers.IntegerField(help_text="范围内营业中的单位数")
    inspected = serializers.IntegerField(help_text="已检查的单位数")


class CampaignDetailSerializer(CampaignSerializer):
    progress = serializers.SerializerMethodField()

    class Meta(CampaignSerializer.Meta):
        fields = CampaignSerializer.Meta.fields + ["progress"]

    @extend_schema_field(CampaignProgressSerializer)
    def get_progress(self, obj):
        targets = draw_candidates(
            domains=list(obj.domains.all()),
            categories=list(obj.categories.all()),
            townships=list(obj.townships.all()),
        )
        return {
            "targets": targets.count(),
            "inspected": obj.inspections.values("establishment").distinct().count(),
        }


class AssignmentSerializer(serializers.ModelSerializer):
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)

    class Meta:
        model = DrawAssignment
        fields = ["id", "position", "establishment", "establishment_name"] + [
            "inspector_a",
            "inspector_b",
        ]


class RandomDrawSerializer(serializers.ModelSerializer):
    assignments = AssignmentSerializer(many=True, read_only=True)
    candidate_count = serializers.SerializerMethodField()

    class Meta:
        model = RandomDraw
        fields = [
            "id",
            "name",
            "seed",
            "parameters",
            "exclusions",
            "candidate_count",
            "created_by",
            "created_at",
            "assignments",
        ]
        read_only_fields = fields

    def get_candidate_count(self, obj) -> int:
        return len(obj.candidate_ids)


class DrawCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    count = serializers.IntegerField(required=False, allow_null=True, default=None)
    share = serializers.FloatField(required=False, allow_null=True, default=None)
    domains = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Domain.objects.all(), required=False, default=list
    )
    categories = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Category.objects.all(), required=False, default=list
    )
    townships = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Township.objects.all(), required=False, default=list
    )
    exclusions = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        required=False,
        default=list,
        help_text="[[监督员 id, 单位 id], …]",
    )
    seed = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=2**63 - 1
    )


class DrawVerifySerializer(serializers.Serializer):
    consistent = serializers.BooleanField()
