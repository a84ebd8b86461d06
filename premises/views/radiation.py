"""Pages of the radiation-health register (premises/models/radiation.py): lists with their
exports, a worker's page, and the pages that register devices, workers, dose readings,
examinations and projects. Registration pages open from the unit's file (section 放射卫生)
or the worker's page, and return there."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View

from core.history import history_entries
from core.lists import ObjectListView
from core.models import AccessChannel
from core.personal_data import masked_unless, may_reveal, no_store, record_access
from core.views import RoleRequiredMixin, ServiceFormView
from premises.filters.radiation import (
    RadiationDeviceFilterSet,
    RadiationProjectFilterSet,
    RadiationWorkerFilterSet,
)
from premises.forms.radiation import (
    DoseReadingForm,
    RadiationDeviceForm,
    RadiationDeviceRetireForm,
    RadiationExamForm,
    RadiationProjectForm,
    RadiationWorkerForm,
    RadiationWorkerUpdateForm,
)
from premises.models import (
    Establishment,
    RadiationDevice,
    RadiationProject,
    RadiationWorker,
)
from premises.services import radiation as services
from premises.tables.radiation import RADIATION_DEVICES, RADIATION_PROJECTS, RADIATION_WORKERS

FULL_ID = "premises.view_full_id_number"


# ---------------------------------------------------------------- lists


class RadiationDeviceListView(ObjectListView):
    template_name = "premises/radiation/list.html"
    permission_required = "premises.view_radiationdevice"
    model = RadiationDevice
    filterset_class = RadiationDeviceFilterSet
    title = "放射诊疗设备台帐"
    export_stem = "放射诊疗设备台帐"
    default_sort = "establishment"
    columns = RADIATION_DEVICES

    def get_queryset(self):
        return RadiationDevice.objects.select_related("establishment__township")


class RadiationWorkerListView(ObjectListView):
    template_name = "premises/radiation/list.html"
    permission_required = "premises.view_radiationworker"
    model = RadiationWorker
    filterset_class = RadiationWorkerFilterSet
    title = "放射工作人员台帐"
    export_stem = "放射工作人员台帐"
    default_sort = "establishment"
    columns = RADIATION_WORKERS

    def get_queryset(self):
        return RadiationWorker.objects.select_related("establishment__township").with_figures()


class RadiationProjectListView(ObjectListView):
    template_name = "premises/radiation/list.html"
    permission_required = "premises.view_radiationproject"
    model = RadiationProject
    filterset_class = RadiationProjectFilterSet
    title = "放射诊疗建设项目台帐"
    export_stem = "放射诊疗建设项目台帐"
    default_sort = "establishment"
    columns = RADIATION_PROJECTS

    def get_queryset(self):
        return RadiationProject.objects.select_related("establishment__township")


# ---------------------------------------------------------------- a worker's page


def _worker_page(request, pk, *, full: bool):
    worker = get_object_or_404(
        RadiationWorker.objects.select_related("establishment", "practitioner"), pk=pk
    )
    if full:
        record_access(request, worker, field="id_number", channel=AccessChannel.PAGE)
    today = timezone.localdate()
    response = render(
        request,
        "premises/radiation/worker_detail.html",
        {
            "object": worker,
            "id_display": worker.id_number if full else worker.id_number_masked,
            "revealed": full,
            "may_reveal": may_reveal(request.user),
            "certified": worker.certificate_valid_on(today),
            "readings": list(worker.dose_readings.order_by("-period_end", "-pk")),
            "exams": list(worker.exams.order_by("-examined_on", "-pk")),
            "history": history_entries(worker, display={"id_number": masked_unless(full)}),
        },
    )
    return no_store(response) if full else response


class RadiationWorkerDetailView(RoleRequiredMixin, View):
    permission_required = "premises.view_radiationworker"

    def get(self, request, pk):
        return _worker_page(request, pk, full=False)


class RadiationWorkerRevealView(RoleRequiredMixin, View):
    """显示完整号码 on an explicit POST, for users who may see it; each view is logged."""

    permission_required = ("premises.view_radiationworker", FULL_ID)
    http_method_names = ["post"]

    def post(self, request, pk):
        return _worker_page(request, pk, full=True)


# ---------------------------------------------------------------- registration pages


class _UnitPage(ServiceFormView):
    """A page adding a record to a unit: opens from the unit's file and returns to it."""

    template_name = "core/form_page.html"
    versioned = False  # a row beside the unit: the unit itself is not overwritten
    action = ""

    def get_object(self):
        self.unit = get_object_or_404(Establishment, pk=self.kwargs["pk"])
        self.title = f"{self.action}：{self.unit.name}"
        return None

    def get_context(self, obj) -> dict:
        return {"object": self.unit}

    def get_success_url(self, saved):
        return self.unit.get_absolute_url() + "#radiation"


class RadiationDeviceAddView(_UnitPage):
    permission_required = "premises.add_radiationdevice"
    action = "登记放射诊疗设备"

    def get_form(self, obj, data=None):
        return RadiationDeviceForm(data, initial={"installed_on": timezone.localdate()})

    def perform(self, form, obj):
        return services.radiation_device_register(
            user=self.request.user, establishment=self.unit, **form.cleaned_data
        )

    def success_message(self, saved):
        return f"已登记放射诊疗设备：{saved}"


class RadiationDeviceRetireView(ServiceFormView):
    permission_required = "premises.change_radiationdevice"
    template_name = "core/form_page.html"

    def get_object(self):
        device = get_object_or_404(
            RadiationDevice.objects.select_related("establishment"), pk=self.kwargs["pk"]
        )
        self.title = f"设备停用：{device.establishment.name} · {device}"
        return device

    def get_form(self, obj, data=None):
        return RadiationDeviceRetireForm(data, initial={"retired_on": timezone.localdate()})

    def perform(self, form, obj):
        return services.radiation_device_retire(
            user=self.request.user, device=obj, **form.cleaned_data
        )

    def success_message(self, saved):
        return f"已登记停用：{saved}（{saved.retired_on:%Y-%m-%d}）"


class RadiationWorkerAddView(_UnitPage):
    permission_required = "premises.add_radiationworker"
    action = "登记放射工作人员"

    def get_form(self, obj, data=None):
        return RadiationWorkerForm(data, establishment=self.unit)

    def perform(self, form, obj):
        return services.radiation_worker_register(
            user=self.request.user, establishment=self.unit, **form.cleaned_data
        )

    def get_success_url(self, saved):
        return saved.get_absolute_url()

    def success_message(self, saved):
        return f"已登记放射工作人员：{saved.name}"


class RadiationWorkerEditView(ServiceFormView):
    permission_required = "premises.change_radiationworker"
    template_name = "core/form_page.html"
    title = "修改放射工作人员信息（含放射工作人员证）"

    def get_object(self):
        return get_object_or_404(
            RadiationWorker.objects.select_related("establishment"), pk=self.kwargs["pk"]
        )

    def get_form(self, obj, data=None):
        return RadiationWorkerUpdateForm(data, instance=obj)

    def perform(self, form, obj):
        return services.radiation_worker_update(
            user=self.request.user, worker=obj, **form.cleaned_data
        )

    def success_message(self, saved):
        return "放射工作人员信息已保存。"


class _WorkerPage(ServiceFormView):
    """A page adding a record to a worker: opens from the worker's page and returns to it."""

    template_name = "core/form_page.html"
    versioned = False
    action = ""

    def get_object(self):
        self.worker = get_object_or_404(
            RadiationWorker.objects.select_related("establishment"), pk=self.kwargs["pk"]
        )
        self.title = f"{self.action}：{self.worker.name}（{self.worker.establishment.name}）"
        return None

    def get_context(self, obj) -> dict:
        return {"object": self.worker}

    def get_success_url(self, saved):
        return self.worker.get_absolute_url()


class DoseReadingAddView(_WorkerPage):
    permission_required = "premises.add_dosereading"
    action = "登记个人剂量监测"

    def get_form(self, obj, data=None):
        return DoseReadingForm(data, worker=self.worker)

    def perform(self, form, obj):
        return services.dose_reading_record(
            user=self.request.user, worker=self.worker, **form.cleaned_data
        )

    def success_message(self, saved):
        if saved.over_limit:
            return f"已登记：{saved}。注意：{saved.over_limit_reason}"
        return f"已登记个人剂量监测：{saved}"

    def success_level(self, saved):
        from django.contrib import messages

        return messages.WARNING if saved.over_limit else messages.SUCCESS


class RadiationExamAddView(_WorkerPage):
    permission_required = "premises.add_radiationexam"
    action = "登记职业健康检查"

    def get_form(self, obj, data=None):
        return RadiationExamForm(data, worker=self.worker)

    def perform(self, form, obj):
        return services.radiation_exam_record(
            user=self.request.user, worker=self.worker, **form.cleaned_data
        )

    def success_message(self, saved):
        return f"已登记职业健康检查：{saved}"


class RadiationProjectAddView(_UnitPage):
    permission_required = "premises.add_radiationproject"
    action = "登记放射诊疗建设项目"

    def get_form(self, obj, data=None):
        return RadiationProjectForm(data, establishment=self.unit)

    def perform(self, form, obj):
        return services.radiation_project_register(
            user=self.request.user, establishment=self.unit, **form.cleaned_data
        )

    def success_message(self, saved):
        return f"已登记建设项目：{saved}"


class RadiationProjectEditView(ServiceFormView):
    permission_required = "premises.change_radiationproject"
    template_name = "core/form_page.html"

    def get_object(self):
        project = get_object_or_404(
            RadiationProject.objects.select_related("establishment"), pk=self.kwargs["pk"]
        )
        self.title = f"放射诊疗建设项目：{project.establishment.name} · {project}"
        return project

    def get_form(self, obj, data=None):
        return RadiationProjectForm(data, instance=obj)

    def get_context(self, obj) -> dict:
        return {"object": obj.establishment}

    def perform(self, form, obj):
        return services.radiation_project_update(
            user=self.request.user, project=obj, **form.cleaned_data
        )

    def get_success_url(self, saved):
        return saved.establishment.get_absolute_url() + "#radiation"

    def success_message(self, saved):
        return f"已保存建设项目：{saved}（{saved.stage}）"
