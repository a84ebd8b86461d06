"""API of the radiation-health register (premises/models/radiation.py): devices, workers (ID
numbers masked; ``?reveal=1`` on one worker for those who may, logged), dose readings,
examinations, construction projects. Writes go through premises.services.radiation."""

from rest_framework import mixins, serializers, viewsets

from core.api import ServiceCreateMixin, ServiceUpdateMixin, VersionedRecordMixin
from core.api_docs import versioned_schema
from core.personal_data_api import RevealMixin
from core.validators import mask_id_number
from premises.filters.radiation import (
    DoseReadingFilterSet,
    RadiationDeviceFilterSet,
    RadiationExamFilterSet,
    RadiationProjectFilterSet,
    RadiationWorkerFilterSet,
)
from premises.models import (
    DoseReading,
    Establishment,
    Practitioner,
    RadiationDevice,
    RadiationExam,
    RadiationProject,
    RadiationWorker,
)
from premises.services import radiation as services

# ---------------------------------------------------------------- serializers


class RadiationDeviceSerializer(serializers.ModelSerializer):
    establishment = serializers.PrimaryKeyRelatedField(queryset=Establishment.objects.all())
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)

    class Meta:
        model = RadiationDevice
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "device_type",
            "practice_category",
            "model_name",
            "serial_number",
            "manufacturer",
            "installed_on",
            "retired_on",
            "retire_reason",
            "notes",
        ]
        read_only_fields = ["retired_on", "retire_reason"]
        validators = []  # the model and the service hold the rules


class RadiationWorkerSerializer(serializers.ModelSerializer):
    establishment = serializers.PrimaryKeyRelatedField(queryset=Establishment.objects.all())
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    id_number = serializers.CharField(max_length=24, write_only=True)
    practitioner = serializers.PrimaryKeyRelatedField(
        queryset=Practitioner.objects.all(), required=False, allow_null=True
    )
    certified_today = serializers.SerializerMethodField(help_text="今天持有效放射工作人员证。")

    class Meta:
        model = RadiationWorker
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "practitioner",
            "name",
            "id_number",
            "practice_category",
            "post",
            "started_on",
            "left_on",
            "certificate_number",
            "certificate_issued_on",
            "certificate_valid_until",
            "certified_today",
        ]
        read_only_fields = ["left_on"]
        validators = []

    def get_certified_today(self, worker) -> bool:
        from django.utils import timezone

        return worker.certificate_valid_on(timezone.localdate())

    def to_representation(self, instance):
        data = super().to_representation(instance)
        full = self.context.get("show_full_id_number", False)
        data["id_number"] = instance.id_number if full else mask_id_number(instance.id_number)
        return data


class DoseReadingSerializer(serializers.ModelSerializer):
    worker = serializers.PrimaryKeyRelatedField(queryset=RadiationWorker.objects.all())

    class Meta:
        model = DoseReading
        fields = [
            "id",
            "worker",
            "period_start",
            "period_end",
            "dose_msv",
            "result",
            "service",
            "report_number",
            "over_limit",
            "over_limit_reason",
        ]
        read_only_fields = ["over_limit", "over_limit_reason"]
        validators = []


class RadiationExamSerializer(serializers.ModelSerializer):
    worker = serializers.PrimaryKeyRelatedField(queryset=RadiationWorker.objects.all())

    class Meta:
        model = RadiationExam
        fields = ["id", "worker", "kind", "examined_on", "institution", "conclusion", "notes"]
        validators = []


class RadiationProjectSerializer(serializers.ModelSerializer):
    establishment = serializers.PrimaryKeyRelatedField(queryset=Establishment.objects.all())
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    stage = serializers.CharField(read_only=True)

    class Meta:
        model = RadiationProject
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "name",
            "kind",
            "practice_category",
            "pre_assessed_on",
            "pre_approved_on",
            "pre_approval_number",
            "control_assessed_on",
            "accepted_on",
            "acceptance_number",
            "notes",
            "stage",
        ]
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["establishment"].read_only = True  # a project stays with its unit


# ---------------------------------------------------------------- endpoints


class _ReadCreate(
    ServiceCreateMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    pass


class RadiationDeviceViewSet(_ReadCreate):
    """放射诊疗设备. Registering the same serial number again returns the device there is."""

    queryset = RadiationDevice.objects.select_related("establishment")
    serializer_class = RadiationDeviceSerializer
    filterset_class = RadiationDeviceFilterSet
    ordering = ["establishment__name", "id"]
    create_service = services.radiation_device_register


class RadiationWorkerViewSet(RevealMixin, _ReadCreate):
    """放射工作人员 and their 放射工作人员证. ID numbers are masked in every answer."""

    queryset = RadiationWorker.objects.select_related("establishment")
    serializer_class = RadiationWorkerSerializer
    filterset_class = RadiationWorkerFilterSet
    ordering = ["establishment__name", "name", "id"]
    create_service = services.radiation_worker_register


class DoseReadingViewSet(_ReadCreate):
    """个人剂量监测: one period of a worker, flagged over the dose limits (data)."""

    queryset = DoseReading.objects.all()
    serializer_class = DoseReadingSerializer
    filterset_class = DoseReadingFilterSet
    ordering = ["worker", "-period_end", "id"]
    create_service = services.dose_reading_record


class RadiationExamViewSet(_ReadCreate):
    """放射工作人员职业健康检查."""

    queryset = RadiationExam.objects.all()
    serializer_class = RadiationExamSerializer
    filterset_class = RadiationExamFilterSet
    ordering = ["worker", "-examined_on", "id"]
    create_service = services.radiation_exam_record


@versioned_schema
class RadiationProjectViewSet(
    VersionedRecordMixin,
    ServiceCreateMixin,
    mixins.RetrieveModelMixin,
    ServiceUpdateMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """放射诊疗建设项目 and their 预评价 / 控制效果评价 (PATCH as they are done)."""

    queryset = RadiationProject.objects.select_related("establishment")
    serializer_class = RadiationProjectSerializer
    filterset_class = RadiationProjectFilterSet
    ordering = ["establishment__name", "name", "id"]
    create_service = services.radiation_project_register
    update_service = services.radiation_project_update
    record_argument = "project"
