from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.validators import mask_id_number
from premises.choices import StatusChangeKind
from premises.models import (
    Category,
    Domain,
    Establishment,
    EstablishmentStatusChange,
    Post,
    Practitioner,
    Supervision,
    Township,
)


class DomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = Domain
        fields = ["id", "code", "name"]


class CategorySerializer(serializers.ModelSerializer):
    domain = serializers.SlugRelatedField(slug_field="code", read_only=True)
    permit_types = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text="须办理的许可证类型（代码）；为空即无需卫生许可。",
    )
    needs_permit = serializers.SerializerMethodField(
        help_text="是否须办理卫生许可（由许可证类型的适用类别得出）。"
    )

    class Meta:
        model = Category
        fields = [
            "id",
            "code",
            "name",
            "parent",
            "domain",
            "permit_types",
            "needs_permit",
            "report_group",
        ]

    def get_needs_permit(self, category) -> bool:
        return bool(category.permit_types.all())


class TownshipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Township
        fields = ["id", "code", "name"]


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = EstablishmentStatusChange
        fields = ["kind", "date", "reason"]
        extra_kwargs = {"kind": {"choices": StatusChangeKind.choices}}


class SupervisionSerializer(serializers.ModelSerializer):
    """A further domain of a unit: its kind there (a kind's code) and from when."""

    domain = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category = serializers.SlugRelatedField(slug_field="code", queryset=Category.objects.kinds())

    class Meta:
        model = Supervision
        fields = ["id", "domain", "category", "started_on", "ended_on", "end_reason", "notes"]
        read_only_fields = ["ended_on", "end_reason"]
        validators = []  # the model and the service hold the rules


class EstablishmentSerializer(serializers.ModelSerializer):
    # Plain text in; the model normalises (upper case, no spaces) and checks it.
    credit_code = serializers.CharField(
        max_length=24,
        required=False,
        allow_blank=True,
        help_text="单位和个体工商户必填；家庭和自然人为空。",
    )
    id_number = serializers.CharField(
        max_length=24,
        required=False,
        allow_blank=True,
        help_text="自然人（无证行医）的身份证号码；答复中以掩码显示，单个记录 ?reveal=1 可查看完整号码（记录在案）。",
    )
    domain = serializers.SlugRelatedField(
        source="category.domain", slug_field="code", read_only=True
    )
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.kinds())
    opened_on = serializers.DateField()
    further_domains = serializers.SerializerMethodField(
        help_text="本单位另纳入监管的专业（如医院的放射诊疗）：专业、该专业类别、起止日期。"
    )

    class Meta:
        model = Establishment
        fields = [
            "id",
            "subject_kind",
            "name",
            "credit_code",
            "id_number",
            "sex",
            "village_code",
            "legal_representative",
            "address",
            "township",
            "phone",
            "domain",
            "category",
            "further_domains",
            "status",
            "opened_on",
            "closed_on",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "closed_on", "created_at", "updated_at"]
        validators = []  # the model and the service hold the rules

    def to_representation(self, instance):
        data = super().to_representation(instance)
        full = self.context.get("show_full_id_number", False)
        data["id_number"] = instance.id_number if full else mask_id_number(instance.id_number)
        return data

    @extend_schema_field(SupervisionSerializer(many=True))
    def get_further_domains(self, unit) -> list:
        rows = getattr(unit, "current_supervisions", None)
        if rows is None:  # one unit just written: read them
            rows = unit.supervisions.active_on(timezone.localdate()).select_related("domain")
        return SupervisionSerializer(rows, many=True).data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            # The opening date is set once; later changes go through /status/.
            self.fields["opened_on"].read_only = True


class PractitionerSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(max_length=24, write_only=True)
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    post = serializers.SlugRelatedField(
        slug_field="name",
        queryset=Post.objects.filter(is_active=True),
        help_text="岗位名称，须为岗位表中启用的岗位（如“服务员”“会计”）。",
        error_messages={
            "required": "请填写岗位。",
            "null": "请填写岗位。",
            "does_not_exist": "岗位表中没有“{value}”，请使用岗位表中的岗位名称。",
            "invalid": "岗位须为岗位名称。",
        },
    )
    serves_customers = serializers.BooleanField(
        read_only=True, help_text="岗位是否直接为顾客服务（须持健康合格证明），由岗位表决定。"
    )

    class Meta:
        model = Practitioner
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "name",
            "sex",
            "post",
            "id_number",
            "serves_customers",
            "phone",
            "hired_on",
            "left_on",
        ]
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        full = self.context.get("show_full_id_number", False)
        data["id_number"] = instance.id_number if full else mask_id_number(instance.id_number)
        return data
