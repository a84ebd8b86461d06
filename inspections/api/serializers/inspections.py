"""Serializers of the inspections API: checklists and limits (read-only), inspections with
their scores, photos and samples, and supervision opinions with their amendments.

Campaigns and random draws (planning) are in inspections.api.serializers.planning.
"""

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import AllErrorsAtOnce
from core.people import display_name
from inspections.api.serializers.samples import SampleSerializer
from inspections.choices import InspectionResult
from inspections.models import (
    ChecklistItem,
    ChecklistScore,
    ChecklistTemplate,
    Inspection,
    InspectionPhoto,
    OpinionAmendment,
    OpinionItem,
    ProblemType,
    StandardLimit,
    SupervisionOpinion,
)
from inspections.services.inspections import inspection_check
from premises.models import Domain

User = get_user_model()


# --- Checklists and limits (read-only) -----------------------------------------------


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = [
            "id",
            "section",
            "subsection",
            "content",
            "max_points",
            "guidance",
            "order",
            "is_key",
        ]


class ChecklistTemplateSerializer(serializers.ModelSerializer):
    items = ChecklistItemSerializer(many=True, read_only=True)
    total_points = serializers.SerializerMethodField()
    domain = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The domain (its code) whose inspections may use the sheet; null: any.",
    )
    categories = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        help_text="The kinds it is for (a class covers its kinds); empty: every kind.",
    )

    class Meta:
        model = ChecklistTemplate
        fields = [
            "id",
            "code",
            "version",
            "name",
            "description",
            "pass_mark",
            "converted_factor",
            "domain",
            "categories",
            "is_current",
            "total_points",
            "items",
        ]

    @extend_schema_field(serializers.DecimalField(max_digits=7, decimal_places=2))
    def get_total_points(self, obj):
        # From the prefetched items: no query per template.
        return str(sum(item.max_points for item in obj.items.all()))


class StandardLimitSerializer(serializers.ModelSerializer):
    class Meta:
        model = StandardLimit
        fields = [
            "id",
            "sample_type",
            "standard",
            "parameter",
            "unit",
            "minimum",
            "maximum",
            "not_detected",
            "limit_text",
            "plausible_min",
            "plausible_max",
            "lab_test",
            "order",
            "is_active",
        ]


# --- Inspections -----------------------------------------------------------------------


class ScoreSerializer(serializers.Serializer):
    """One item's score; ``not_applicable`` (合理缺项, optional) leaves the item out of the
    total, and then the score is not needed (ignored if sent)."""

    item = serializers.IntegerField()
    score = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True, default=None
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    not_applicable = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        if attrs["score"] is None and not attrs["not_applicable"]:
            raise serializers.ValidationError({"score": "请填写得分，或标为不适用。"})
        return attrs


class ScoreReadSerializer(serializers.ModelSerializer):
    content = serializers.CharField(source="item.content", read_only=True)
    max_points = serializers.DecimalField(
        source="item.max_points", max_digits=6, decimal_places=2, read_only=True
    )

    class Meta:
        model = ChecklistScore
        fields = ["item", "content", "max_points", "score", "not_applicable", "note"]


class ScoreSummarySerializer(serializers.Serializer):
    total = serializers.DecimalField(max_digits=8, decimal_places=2)
    full = serializers.DecimalField(max_digits=8, decimal_places=2)
    passed = serializers.BooleanField()
    pass_mark = serializers.DecimalField(max_digits=8, decimal_places=2)
    converted = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    scored_items = serializers.IntegerField()
    # 得分 ÷ 应得分 × 100; full is 应得分 (the sheet's full marks less the items not applicable).
    sheet_full = serializers.DecimalField(max_digits=8, decimal_places=2)
    standardised = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    pass_percent = serializers.DecimalField(max_digits=5, decimal_places=1)
    not_applicable_items = serializers.IntegerField()
    key_failed = serializers.ListField(child=serializers.CharField())


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = InspectionPhoto
        fields = ["id", "caption", "url", "thumbnail_url", "uploaded_at"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        """The pages' protected photo view (signed-in staff only), never a public media URL."""
        return self._link("inspections:photo_image", obj)

    @extend_schema_field(OpenApiTypes.URI)
    def get_thumbnail_url(self, obj):
        return self._link("inspections:photo_thumbnail", obj)

    def _link(self, name, obj):
        try:
            path = reverse(name, args=[obj.pk])
        except NoReverseMatch:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PhotoUploadSerializer(serializers.Serializer):
    image = serializers.FileField(source="upload")
    caption = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class OpinionItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpinionItem
        fields = ["problem", "requirement"]


class InspectionSerializer(AllErrorsAtOnce, serializers.ModelSerializer):
    """Lists and creation. ``date`` is the moment of the inspection (inspected_at)."""

    date = serializers.DateTimeField(source="inspected_at")
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    inspectors = serializers.PrimaryKeyRelatedField(many=True, queryset=User.objects.all())
    problems = serializers.PrimaryKeyRelatedField(
        many=True, queryset=ProblemType.objects.all(), required=False
    )
    result = serializers.ChoiceField(
        choices=InspectionResult.choices, default=InspectionResult.COMPLIANT
    )
    scores = ScoreSerializer(many=True, write_only=True, required=False)
    establishment_version = serializers.CharField(
        write_only=True,
        required=False,
        max_length=80,
        help_text="The unit's version (its ETag) as read, e.g. before going offline "
        "(optional): refused with 409 if the unit was changed since.",
    )
    opinion_number = serializers.SerializerMethodField()
    domain = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Domain.objects.all(),
        required=False,
        allow_null=True,
        write_only=True,
        help_text="The domain (its code) the unit is inspected under, for a unit supervised "
        "under several; its main domain when left out.",
    )
    domain_name = serializers.CharField(source="category.domain.name", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "domain",
            "domain_name",
            "category",
            "date",
            "inspectors",
            "kind",
            "person_present",
            "findings",
            "problems",
            "result",
            "campaign",
            "draw_assignment",
            "follows_opinion",
            "rectified",
            "checklist",
            "scores",
            "establishment_version",
            "opinion_number",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["recorded_by", "created_at", "category"]
        validators = []  # the service holds the rules

    # What inspection_check reads, by request name (its errors come back under these).
    rule_fields = (
        "establishment",
        "domain",
        "date",
        "inspectors",
        "kind",
        "campaign",
        "draw_assignment",
        "follows_opinion",
        "rectified",
        "checklist",
        "problems",
    )

    def rule_errors(self, parsed):
        """The rules' refusals of the fields that parsed (a follow-up dated before its
        opinion), beside the fields' own."""
        return inspection_check(**parsed)

    def validate(self, attrs):
        """The scores as the service takes them: {item id: (score, note)}, None for none; a
        score of None for an item not applicable."""
        rows = attrs.pop("scores", [])
        attrs["scores"] = {
            s["item"]: (None if s["not_applicable"] else s["score"], s.get("note", ""))
            for s in rows
        } or None
        return attrs

    @extend_schema_field(OpenApiTypes.STR)
    def get_opinion_number(self, obj):
        opinion = getattr(obj, "opinion", None)  # reverse one-to-one: None when missing
        return opinion.number if opinion else None


class InspectionDetailSerializer(InspectionSerializer):
    scores = ScoreReadSerializer(many=True, read_only=True)
    score_summary = serializers.SerializerMethodField()
    photos = PhotoSerializer(many=True, read_only=True)
    samples = SampleSerializer(many=True, read_only=True)
    opinion = serializers.SerializerMethodField()

    class Meta(InspectionSerializer.Meta):
        fields = InspectionSerializer.Meta.fields + [
            "score_summary",
            "photos",
            "samples",
            "opinion",
        ]

    @extend_schema_field(ScoreSummarySerializer(allow_null=True))
    def get_score_summary(self, obj):
        summary = obj.score_summary()
        return ScoreSummarySerializer(summary).data if summary else None

    @extend_schema_field(OpenApiTypes.INT)
    def get_opinion(self, obj):
        opinion = getattr(obj, "opinion", None)
        return opinion.pk if opinion else None


def item_pairs(items):
    """An opinion's items as the services take them: (problem, requirement)."""
    return [(i["problem"], i["requirement"]) for i in items]


class OpinionIssueSerializer(serializers.Serializer):
    items = OpinionItemSerializer(many=True)
    deadline = serializers.DateField()

    def validate(self, attrs):
        attrs["items"] = item_pairs(attrs["items"])
        return attrs


# --- Opinions --------------------------------------------------------------------------


class AmendmentSerializer(serializers.ModelSerializer):
    amended_by_name = serializers.SerializerMethodField()

    class Meta:
        model = OpinionAmendment
        fields = ["id", "reason", "changes", "amended_by", "amended_by_name", "amended_at"]

    def get_amended_by_name(self, obj) -> str:
        return display_name(obj.amended_by)


class OpinionSerializer(serializers.ModelSerializer):
    establishment = serializers.IntegerField(source="inspection.establishment_id", read_only=True)
    establishment_name = serializers.CharField(
        source="inspection.establishment.name", read_only=True
    )
    items = OpinionItemSerializer(many=True, read_only=True)
    amendments = AmendmentSerializer(many=True, read_only=True)
    version = serializers.SerializerMethodField(
        help_text="The opinion as last amended; send it back with amend/ to refuse a "
        "correction based on an older state (409)."
    )

    class Meta:
        model = SupervisionOpinion
        fields = [
            "id",
            "number",
            "year",
            "sequence",
            "inspection",
            "establishment",
            "establishment_name",
            "issued_at",
            "deadline",
            "status",
            "closed_by",
            "issued_by",
            "items",
            "amendments",
            "version",
        ]
        read_only_fields = fields

    def get_version(self, opinion) -> str:
        # From the prefetched amendments (no query per opinion).
        return str(max((a.pk for a in opinion.amendments.all()), default=0))


class OpinionAmendSerializer(serializers.Serializer):
    version = serializers.CharField(
        source="seen_amendment",
        required=False,
        max_length=20,
        help_text="The opinion's version as read (optional): refused with 409 if it was "
        "amended since.",
    )
    reason = serializers.CharField(max_length=200)
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    items = OpinionItemSerializer(many=True, required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if attrs["items"] is not None:
            attrs["items"] = item_pairs(attrs["items"])
        return attrs
