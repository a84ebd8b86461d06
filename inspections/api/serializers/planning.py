"""Serializers of the inspections API for planning: special campaigns (专项整治) with
their progress, and random draws (双随机、一公开) with their assignments.

Checklists, inspections and opinions are in inspections.api.serializers.inspections.
"""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inspections.models import (
    Campaign,
    DrawAssignment,
    DrawSubstitution,
    ProblemType,
    RandomDraw,
)
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


class SubstitutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DrawSubstitution
        fields = [
            "id",
            "assignment",
            "replaced",
            "substitute",
            "reason",
            "approved_by",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class AssignmentSerializer(serializers.ModelSerializer):
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    substitutions = SubstitutionSerializer(many=True, read_only=True)
    team = serializers.SerializerMethodField(help_text="实施检查的两名监督员（替换后）")

    class Meta:
        model = DrawAssignment
        fields = ["id", "position", "establishment", "establishment_name"] + [
            "inspector_a",
            "inspector_b",
            "substitutions",
            "team",
        ]

    def get_team(self, obj) -> list[int]:
        pair = [obj.inspector_a_id, obj.inspector_b_id]
        for s in obj.substitutions.all():  # prefetched, in order
            pair = [s.substitute_id if pk == s.replaced_id else pk for pk in pair]
        return pair


class RandomDrawSerializer(serializers.ModelSerializer):
    """A draw as recorded: what it was drawn from and how its seed was derived
    (docs/draws.md), and its assignments."""

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
            "method",
            "snapshot_hash",
            "commitment",
            "secret",
        ]
        read_only_fields = fields

    def get_candidate_count(self, obj) -> int:
        return len(obj.candidate_ids)


class DrawCreateSerializer(serializers.Serializer):
    """A draw's scope, size and 回避. No seed: the server derives it (an input naming
    one is refused)."""

    name = serializers.CharField(max_length=100)
    count = serializers.IntegerField(required=False, allow_null=True, default=None)
    share = serializers.FloatField(required=False, allow_null=True, default=None)
    by_grade = serializers.BooleanField(
        required=False,
        default=False,
        help_text="按信誉度等级抽取：各等级按“信誉度等级规则”的抽取比例分别抽取（不填 count、share）。",
    )
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
        help_text="回避：[[监督员 id, 单位 id], …]",
    )

    def validate(self, attrs):
        if "seed" in self.initial_data:
            raise serializers.ValidationError(
                {
                    "seed": "随机种子不能指定：由系统按候选快照和服务器秘密值导出（见 docs/draws.md）。"
                }
            )
        return attrs


class DrawSubstituteSerializer(serializers.Serializer):
    assignment = serializers.PrimaryKeyRelatedField(queryset=DrawAssignment.objects.all())
    replaced = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    substitute = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    reason = serializers.CharField(max_length=200)
    approved_by = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        draw = self.context.get("draw")
        if draw is not None:  # an assignment of the draw in the URL
            self.fields["assignment"].queryset = DrawAssignment.objects.filter(draw=draw)


class DrawVerifySerializer(serializers.Serializer):
    consistent = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField(), required=False)
