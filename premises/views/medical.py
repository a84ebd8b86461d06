"""Pages of the medical register (premises/models/medical.py, medical_infection.py): lists with
their exports, and the pages that register a unit's 执业许可证 (or its change), its medical
staff and its infection-control particulars. Registration pages open from the unit's file
(section 医疗卫生) and return there."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.lists import ObjectListView
from core.views import ServiceFormView
from premises.filters.medical import (
    InfectionControlFilterSet,
    MedicalLicenceFilterSet,
    MedicalStaffFilterSet,
)
from premises.forms.medical import (
    InfectionControlForm,
    MedicalLicenceForm,
    MedicalStaffForm,
    MedicalStaffUpdateForm,
)
from premises.models import (
    ClinicalSubject,
    Establishment,
    InfectionControl,
    MedicalLicence,
    MedicalStaff,
)
from premises.services import medical as services
from premises.tables.medical import INFECTION_CONTROLS, MEDICAL_LICENCES, MEDICAL_STAFF

SECTION = "#medical"


# ---------------------------------------------------------------- lists


class MedicalLicenceListView(ObjectListView):
    template_name = "premises/medical/list.html"
    permission_required = "premises.view_medicallicence"
    model = MedicalLicence
    filterset_class = MedicalLicenceFilterSet
    title = "医疗机构执业许可证台帐"
    export_stem = "医疗机构执业许可证台帐"
    default_sort = "establishment"
    columns = MEDICAL_LICENCES

    def get_filterset(self, request, data, *, private=False):
        if data is not None and not data.get("current"):
            data = data.copy()
            data["current"] = "yes"  # the current records unless asked otherwise
        return super().get_filterset(request, data, private=private)

    def get_queryset(self):
        return MedicalLicence.objects.select_related("establishment__township").prefetch_related(
            Prefetch("subjects", queryset=ClinicalSubject.objects.all()),
            services.current_staff_prefetch(),
        )


class MedicalStaffListView(ObjectListView):
    template_name = "premises/medical/list.html"
    permission_required = "premises.view_medicalstaff"
    model = MedicalStaff
    filterset_class = MedicalStaffFilterSet
    title = "医务人员台帐"
    export_stem = "医务人员台帐"
    default_sort = "establishment"
    columns = MEDICAL_STAFF

    def get_queryset(self):
        return MedicalStaff.objects.select_related(
            "establishment__township", "practitioner", "scope"
        ).prefetch_related(services.staff_prefetch(), services.current_licence_prefetch())


class InfectionControlListView(ObjectListView):
    template_name = "premises/medical/list.html"
    permission_required = "premises.view_infectioncontrol"
    model = InfectionControl
    filterset_class = InfectionControlFilterSet
    title = "传染病防治情况台帐"
    export_stem = "传染病防治情况台帐"
    default_sort = "-checked_on"
    columns = INFECTION_CONTROLS

    def get_queryset(self):
        return InfectionControl.objects.select_related("establishment__township")


# ---------------------------------------------------------------- registration pages


class _UnitPage(ServiceFormView):
    """A page adding a record to a unit: opens from the unit's file and returns to it."""

    template_name = "core/form_page.html"
    versioned = False  # a row beside the unit: the unit itself is not overwritten
    action = ""

    def get_object(self):
        self.unit = get_object_or_404(
            Establishment.objects.select_related("category__domain"), pk=self.kwargs["pk"]
        )
        self.title = f"{self.action}：{self.unit.name}"
        return None

    def get_context(self, obj) -> dict:
        return {"object": self.unit}

    def get_success_url(self, saved):
        return self.unit.get_absolute_url() + SECTION


class MedicalLicenceAddView(_UnitPage):
    """登记执业许可证, or, with a current record, 登记变更 (a new record superseding it)."""

    permission_required = "premises.add_medicallicence"

    def get_object(self):
        super().get_object()
        self.current = self.unit.medical_licences.filter(is_current=True).first()
        verb = "登记执业许可证变更" if self.current else "登记执业许可证"
        self.title = f"{verb}：{self.unit.name}"
        return None

    def get_form(self, obj, data=None):
        initial = {}
        if self.current is not None:
            c = self.current
            initial = {
                **{f: getattr(c, f) for f in services.LICENCE_FIELDS},
                "subjects": list(c.subjects.all()),
                "verification_due_on": None,
            }
        return MedicalLicenceForm(
            data, initial=initial, establishment=self.unit, current=self.current
        )

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        return services.medical_licence_register(
            user=self.request.user, establishment=self.unit, **data
        )

    def success_message(self, saved):
        if saved.supersedes_id:
            return f"已登记执业许可证变更：登记号 {saved}（原记录保留备查）"
        return f"已登记执业许可证：登记号 {saved}"


class MedicalStaffAddView(_UnitPage):
    permission_required = "premises.add_medicalstaff"
    action = "登记医务人员"

    def get_form(self, obj, data=None):
        return MedicalStaffForm(data, establishment=self.unit)

    def perform(self, form, obj):
        return services.medical_staff_register(user=self.request.user, **form.cleaned_data)

    def success_message(self, saved):
        return f"已登记医务人员：{saved}"


class MedicalStaffEditView(ServiceFormView):
    permission_required = "premises.change_medicalstaff"
    template_name = "core/form_page.html"

    def get_object(self):
        staff = get_object_or_404(
            MedicalStaff.objects.select_related("establishment", "practitioner"),
            pk=self.kwargs["pk"],
        )
        self.title = f"修改医务人员信息：{staff.practitioner.name}（{staff.establishment.name}）"
        return staff

    def get_form(self, obj, data=None):
        return MedicalStaffUpdateForm(data, instance=obj)

    def get_context(self, obj) -> dict:
        return {"object": obj.establishment}

    def perform(self, form, obj):
        return services.medical_staff_update(user=self.request.user, staff=obj, **form.cleaned_data)

    def success_message(self, saved):
        return "医务人员信息已保存。"


class InfectionControlAddView(_UnitPage):
    permission_required = "premises.add_infectioncontrol"
    action = "登记传染病防治情况"

    def get_form(self, obj, data=None):
        latest = self.unit.infection_controls.order_by("-checked_on", "-pk").first()
        initial = {"checked_on": timezone.localdate()}
        if latest is not None:  # what did not change since is not typed again
            for name in ("waste_disposer", "waste_disposer_licence", "waste_contract_until"):
                initial[name] = getattr(latest, name)
            for name in ("vaccination_site", "vaccination_designation", "vaccination_valid_until"):
                initial[name] = getattr(latest, name)
        return InfectionControlForm(data, initial=initial, establishment=self.unit)

    def perform(self, form, obj):
        return services.infection_control_record(
            user=self.request.user, establishment=self.unit, **form.cleaned_data
        )

    def success_message(self, saved):
        found = saved.problems()
        if found:
            return f"已登记{saved}。发现问题：{'；'.join(found)}"
        return f"已登记{saved}，未发现问题。"

    def success_level(self, saved):
        from django.contrib import messages

        return messages.WARNING if saved.problems() else messages.SUCCESS
