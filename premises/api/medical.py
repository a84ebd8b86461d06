"""API of the medical register (premises/models/medical.py, medical_infection.py): the 诊疗科目
and 执业范围 catalogues, the units' 执业许可证 particulars (a POST with a current record there
is a change: ``change_reason``), medical staff with the check's findings, infection-control
particulars with their problems. Writes go through premises.services.medical."""

from django.utils import timezone
from rest_framework import mixins, serializers, viewsets

from core.api import ServiceCreateMixin
from premises.filters.medical import (
    InfectionControlFilterSet,
    MedicalLicenceFilterSet,
    MedicalStaffFilterSet,
)
from premises.models import (
    ClinicalSubject,
    Establishment,
    InfectionControl,
    MedicalLicence,
    MedicalStaff,
    PracticeScope,
    Practitioner,
)
from premises.models.medical import top_ids
from premises.services import medical as services


class ClinicalSubjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClinicalSubject
        fields = ["id", "code", "name", "parent", "is_active"]


class PracticeScopeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticeScope
        fields = ["id", "code", "practice_type", "name", "subjects", "fits_any", "is_active"]


class MedicalLicenceSerializer(serializers.ModelSerializer):
    establishment = serializers.PrimaryKeyRelatedField(queryset=Establishment.objects.all())
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    subjects = serializers.PrimaryKeyRelatedField(
        queryset=ClinicalSubject.objects.filter(is_active=True), many=True
    )
    state = serializers.SerializerMethodField(
        help_text="今天的状态：已过有效期、校验逾期、校验将到期或空。"
    )

    class Meta:
        model = MedicalLicence
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "registration_number",
            "subjects",
            "beds",
            "valid_from",
            "valid_until",
            "legal_representative",
            "principal",
            "verified_on",
            "verification_due_on",
            "issued_by",
            "change_reason",
            "is_current",
            "supersedes",
            "state",
        ]
        read_only_fields = ["is_current", "supersedes"]
        validators = []  # the model and the service hold the rules

    def get_state(self, licence) -> str:
        return licence.state_on(timezone.localdate()) if licence.is_current else "已被取代"


class MedicalStaffSerializer(serializers.ModelSerializer):
    practitioner = serializers.PrimaryKeyRelatedField(queryset=Practitioner.objects.all())
    name = serializers.CharField(source="practitioner.name", read_only=True)
    establishment = serializers.PrimaryKeyRelatedField(read_only=True)
    scope = serializers.PrimaryKeyRelatedField(
        queryset=PracticeScope.objects.all(), required=False, allow_null=True
    )
    problems = serializers.SerializerMethodField(
        help_text="对照本单位现行执业许可证诊疗科目的核查结果。"
    )

    class Meta:
        model = MedicalStaff
        fields = [
            "id",
            "establishment",
            "practitioner",
            "name",
            "practice_type",
            "scope",
            "certificate_number",
            "registered_here",
            "started_on",
            "left_on",
            "notes",
            "problems",
        ]
        read_only_fields = ["left_on"]
        validators = []

    def get_problems(self, member) -> list[str]:
        licences = getattr(member.establishment, "current_licences", None)
        if licences is None:  # one record (a create's answer)
            licences = list(member.establishment.medical_licences.filter(is_current=True))
        return member.problems(top_ids(licences[0].subjects.all()) if licences else set())


class InfectionControlSerializer(serializers.ModelSerializer):
    establishment = serializers.PrimaryKeyRelatedField(queryset=Establishment.objects.all())
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    problems = serializers.SerializerMethodField(
        help_text="按今天判断的问题（合同、指定是否过期）。"
    )

    class Meta:
        model = InfectionControl
        fields = [
            "id",
            "establishment",
            "establishment_name",
            *services.INFECTION_FIELDS,
            "problems",
        ]
        validators = []

    def get_problems(self, record) -> list[str]:
        return record.problems()


class _ReadCreate(
    ServiceCreateMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    pass


class ClinicalSubjectViewSet(viewsets.ReadOnlyModelViewSet):
    """诊疗科目 (《医疗机构诊疗科目名录》, reference data)."""

    queryset = ClinicalSubject.objects.all()
    serializer_class = ClinicalSubjectSerializer
    pagination_class = None


class PracticeScopeViewSet(viewsets.ReadOnlyModelViewSet):
    """执业范围 and the 诊疗科目 each qualifies for (reference data)."""

    queryset = PracticeScope.objects.prefetch_related("subjects")
    serializer_class = PracticeScopeSerializer
    pagination_class = None


class MedicalLicenceViewSet(_ReadCreate):
    """执业许可证 particulars. The same particulars again return the current record; different
    ones with ``change_reason`` supersede it (the old record stays)."""

    queryset = MedicalLicence.objects.select_related("establishment").prefetch_related("subjects")
    serializer_class = MedicalLicenceSerializer
    filterset_class = MedicalLicenceFilterSet
    ordering = ["establishment__name", "-valid_from", "id"]
    create_service = services.medical_licence_register


class MedicalStaffViewSet(_ReadCreate):
    """医务人员 of medical units, with what the check finds."""

    queryset = MedicalStaff.objects.select_related(
        "establishment", "practitioner", "scope"
    ).prefetch_related(services.staff_prefetch(), services.current_licence_prefetch())
    serializer_class = MedicalStaffSerializer
    filterset_class = MedicalStaffFilterSet
    ordering = ["establishment__name", "id"]
    create_service = services.medical_staff_register


class InfectionControlViewSet(_ReadCreate):
    """传染病防治情况 of medical units (dated findings)."""

    queryset = InfectionControl.objects.select_related("establishment")
    serializer_class = InfectionControlSerializer
    filterset_class = InfectionControlFilterSet
    ordering = ["establishment__name", "-checked_on", "id"]
    create_service = services.infection_control_record
