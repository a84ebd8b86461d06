"""Pages of the occupational-health register (premises/models/occupational.py): the
职业卫生 section of an employer's file, the pages that record and correct its yearly
profile, hazards, health surveillance, disease cases and construction projects (each opens
from the unit's file and returns to it), and the lists across employers with .xlsx export."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from core.lists import ObjectListView
from core.views import ServiceFormView
from premises import services
from premises.choices import EstablishmentStatus
from premises.filters import (
    ConstructionProjectFilterSet,
    HealthSurveillanceFilterSet,
    OccupationalCaseFilterSet,
    OccupationalProfileFilterSet,
)
from premises.forms import (
    ConstructionProjectForm,
    HazardExposureForm,
    HazardExposureRemoveForm,
    HealthSurveillanceForm,
    OccupationalCaseForm,
    OccupationalProfileForm,
)
from premises.models import (
    ConstructionProject,
    Establishment,
    HazardExposure,
    HealthSurveillance,
    OccupationalDiseaseCase,
    OccupationalProfile,
)
from premises.models.occupational import catalogue_order
from premises.services.occupational import is_employer
from premises.tables import (
    CONSTRUCTION_PROJECTS,
    HEALTH_SURVEILLANCE,
    OCCUPATIONAL_CASES,
    OCCUPATIONAL_PROFILES,
)
from premises.unit_file import Action, Entry, Section, register_section

SECTION = "occupational"


def section_url(establishment_id) -> str:
    return reverse("premises:establishment_detail", args=[establishment_id]) + f"#{SECTION}"


# ---------------------------------------------------------------- the unit's file


def occupational_section(establishment, request):
    """职业卫生: the employer's years, hazards, surveillance, cases and projects. Shown for
    units supervised under the occupational domain, or holding such records."""
    if not request.user.has_perm("premises.view_occupationalprofile"):
        return None
    profiles = list(
        establishment.occupational_profiles.prefetch_related(
            Prefetch(
                "exposures", queryset=HazardExposure.objects.select_related("factor").order_by()
            )
        ).order_by("-year")
    )
    surveillance = list(establishment.health_surveillance.order_by("-year", "stage"))
    cases = list(establishment.occupational_disease_cases.order_by("-diagnosed_on", "-pk"))
    projects = list(establishment.construction_projects.order_by("-approved_on", "-pk"))
    employer = is_employer(establishment)
    if not (employer or profiles or surveillance or cases or projects):
        return None
    user = request.user
    can = {
        "profile": user.has_perm("premises.change_occupationalprofile"),
        "surveillance": user.has_perm("premises.change_healthsurveillance"),
        "case": user.has_perm("premises.change_occupationaldiseasecase"),
        "project": user.has_perm("premises.change_constructionproject"),
    }
    for p in profiles:
        p.hazards = sorted(p.exposures.all(), key=lambda e: catalogue_order(e.factor))
    actions = []
    open_unit = employer and establishment.status != EstablishmentStatus.CLOSED
    pk = establishment.pk
    if open_unit and user.has_perm("premises.add_occupationalprofile"):
        actions.append(
            Action("登记年度职业卫生情况", reverse("premises:occupational_profile_add", args=[pk]))
        )
    if open_unit and user.has_perm("premises.add_healthsurveillance"):
        actions.append(
            Action("登记职业健康检查", reverse("premises:health_surveillance_add", args=[pk]))
        )
    if employer and user.has_perm("premises.add_occupationaldiseasecase"):
        actions.append(
            Action("登记职业病病例", reverse("premises:occupational_case_add", args=[pk]))
        )
    if open_unit and user.has_perm("premises.add_constructionproject"):
        actions.append(
            Action("登记建设项目", reverse("premises:construction_project_add", args=[pk]))
        )
    entries = [
        Entry(
            day=c.diagnosed_on,
            title="职业病诊断",
            text=f"{c.worker_name}：{c.disease}",
            tone="alert",
        )
        for c in cases
    ]
    entries += [
        Entry(day=p.declared_on, title="职业病危害项目申报", text=f"{p.year}年度")
        for p in profiles
        if p.declared_on
    ]
    for project in projects:
        entries.append(Entry(day=project.approved_on, title="建设项目立项", text=project.name))
        if project.acceptance_on:
            entries.append(
                Entry(
                    day=project.acceptance_on,
                    title="职业病防护设施竣工验收",
                    text=f"{project.name}：{project.get_acceptance_status_display()}",
                )
            )
    latest = profiles[0] if profiles else None
    alert = ""
    if cases and any(not c.reported for c in cases):
        alert = f"{sum(not c.reported for c in cases)} 例未报告"
    return Section(
        title="职业卫生",
        template="premises/unit_file/_occupational.html",
        context={
            "profiles": profiles,
            "latest": latest,
            "surveillance": surveillance,
            "cases": cases,
            "projects": projects,
            "can": can,
            "employer": employer,
        },
        count=len(profiles) + len(surveillance) + len(cases) + len(projects),
        alert=alert,
        entries=entries,
        actions=actions,
    )


def register():
    register_section(SECTION, occupational_section, order=55, label="职业卫生")


# ---------------------------------------------------------------- record pages


class _UnitRecordPage(ServiceFormView):
    """A page about one employer's record; back to the unit's 职业卫生 section."""

    template_name = "core/form_page.html"
    versioned = False

    def get_success_url(self, saved):
        return section_url(self.unit.pk)

    def get_context(self, obj) -> dict:
        return {"object": self.unit}


class _AddPage(_UnitRecordPage):
    what = ""

    def get_object(self):
        self.unit = get_object_or_404(
            Establishment.objects.select_related("category__domain"), pk=self.kwargs["pk"]
        )
        self.title = f"{self.what}：{self.unit.name}"
        return None

    def refusal(self, obj):
        if is_employer(self.unit):
            return None
        messages.error(
            self.request,
            f"“{self.unit.name}”不是职业卫生监管单位：请先为其登记“职业卫生”监督专业。",
        )
        return redirect(self.unit.get_absolute_url())


class _EditPage(_UnitRecordPage):
    model = OccupationalProfile
    what = ""
    versioned = True

    def get_object(self):
        record = get_object_or_404(
            self.model.objects.select_related("establishment"), pk=self.kwargs["pk"]
        )
        self.unit = record.establishment
        self.title = f"{self.what}：{self.unit.name} · {self.record_label(record)}"
        return record

    def record_label(self, record) -> str:
        """The record beside the unit's name (its own name, without the unit's)."""
        return str(record)

    def get_form(self, obj, data=None):
        return self.form_class(data, instance=obj)


class OccupationalProfileAddView(_AddPage):
    permission_required = "premises.add_occupationalprofile"
    what = "登记年度职业卫生情况"

    def get_form(self, obj, data=None):
        return OccupationalProfileForm(data, initial={"year": timezone.localdate().year})

    def perform(self, form, obj):
        return services.occupational_profile_record(
            user=self.request.user, establishment=self.unit, **form.cleaned_data
        )

    def success_message(self, saved):
        return f"已登记 {saved.year} 年度职业卫生情况；请登记接触的职业病危害因素。"

    def get_success_url(self, saved):
        return reverse("premises:hazard_exposure_add", args=[saved.pk])


class OccupationalProfileEditView(_EditPage):
    permission_required = "premises.change_occupationalprofile"
    form_class = OccupationalProfileForm
    what = "修改年度职业卫生情况"

    def record_label(self, record) -> str:
        return f"{record.year}年度"  # its __str__ names the unit again

    def perform(self, form, obj):
        return services.occupational_profile_update(
            user=self.request.user, profile=obj, **form.cleaned_data
        )


class HazardExposureAddView(_UnitRecordPage):
    """One hazard present at the employer in the profile's year and the workers exposed
    (the same hazard again: its count is replaced)."""

    permission_required = "premises.change_occupationalprofile"

    def get_object(self):
        self.profile = get_object_or_404(
            OccupationalProfile.objects.select_related("establishment"), pk=self.kwargs["pk"]
        )
        self.unit = self.profile.establishment
        self.title = f"登记接触职业病危害因素：{self.unit.name}（{self.profile.year}年度）"
        return None

    def get_form(self, obj, data=None):
        return HazardExposureForm(data, profile=self.profile)

    def get_context(self, obj):
        return {"object": self.unit, "submit_label": "保存", "cancel_url": ""}

    def perform(self, form, obj):
        return services.hazard_exposure_set(
            user=self.request.user, profile=self.profile, **form.cleaned_data
        )

    def success_message(self, saved):
        return f"已登记：{saved}。"


class HazardExposureRemoveView(_UnitRecordPage):
    permission_required = "premises.change_occupationalprofile"

    def get_object(self):
        exposure = get_object_or_404(
            HazardExposure.objects.select_related("profile__establishment", "factor"),
            pk=self.kwargs["pk"],
        )
        self.unit = exposure.profile.establishment
        self.title = (
            f"删除接触危害因素：{self.unit.name}（{exposure.profile.year}年度）· {exposure}"
        )
        return exposure

    def get_form(self, obj, data=None):
        return HazardExposureRemoveForm(data)

    def perform(self, form, obj):
        services.hazard_exposure_remove(user=self.request.user, exposure=obj)
        return obj

    def success_message(self, saved):
        return f"已删除：{saved.factor}。"


class HealthSurveillanceAddView(_AddPage):
    permission_required = "premises.add_healthsurveillance"
    what = "登记职业健康检查"

    def get_form(self, obj, data=None):
        return HealthSurveillanceForm(data, initial={"year": timezone.localdate().year})

    def perform(self, form, obj):
        return services.health_surveillance_record(
            user=self.request.user, establishment=self.unit, **form.cleaned_data
        )


class HealthSurveillanceEditView(_EditPage):
    permission_required = "premises.change_healthsurveillance"
    model = HealthSurveillance
    form_class = HealthSurveillanceForm
    what = "修改职业健康检查"

    def perform(self, form, obj):
        return services.health_surveillance_update(
            user=self.request.user, surveillance=obj, **form.cleaned_data
        )


class OccupationalCaseAddView(_AddPage):
    permission_required = "premises.add_occupationaldiseasecase"
    what = "登记职业病病例"

    def get_form(self, obj, data=None):
        return OccupationalCaseForm(data)

    def perform(self, form, obj):
        return services.occupational_case_record(
            user=self.request.user, establishment=self.unit, **form.cleaned_data
        )


class OccupationalCaseEditView(_EditPage):
    permission_required = "premises.change_occupationaldiseasecase"
    model = OccupationalDiseaseCase
    form_class = OccupationalCaseForm
    what = "修改职业病病例"

    def perform(self, form, obj):
        return services.occupational_case_update(
            user=self.request.user, case=obj, **form.cleaned_data
        )


class ConstructionProjectAddView(_AddPage):
    permission_required = "premises.add_constructionproject"
    what = "登记建设项目"

    def get_form(self, obj, data=None):
        return ConstructionProjectForm(data)

    def perform(self, form, obj):
        return services.construction_project_record(
            user=self.request.user, establishment=self.unit, **form.cleaned_data
        )


class ConstructionProjectEditView(_EditPage):
    permission_required = "premises.change_constructionproject"
    model = ConstructionProject
    form_class = ConstructionProjectForm
    what = "修改建设项目"

    def perform(self, form, obj):
        return services.construction_project_update(
            user=self.request.user, project=obj, **form.cleaned_data
        )


# ---------------------------------------------------------------- lists


class OccupationalProfileListView(ObjectListView):
    permission_required = "premises.view_occupationalprofile"
    model = OccupationalProfile
    filterset_class = OccupationalProfileFilterSet
    template_name = "premises/occupational_list.html"
    title = "用人单位职业卫生台账"
    export_stem = "用人单位职业卫生台账"
    default_sort = "-year"
    columns = OCCUPATIONAL_PROFILES

    def get_queryset(self):
        return OccupationalProfile.objects.select_related(
            "establishment__township"
        ).prefetch_related(
            Prefetch(
                "exposures", queryset=HazardExposure.objects.select_related("factor").order_by()
            )
        )


class HealthSurveillanceListView(ObjectListView):
    permission_required = "premises.view_healthsurveillance"
    model = HealthSurveillance
    filterset_class = HealthSurveillanceFilterSet
    template_name = "premises/occupational_list.html"
    title = "职业健康检查"
    export_stem = "职业健康检查"
    default_sort = "-year"
    columns = HEALTH_SURVEILLANCE

    def get_queryset(self):
        return HealthSurveillance.objects.select_related("establishment__township")


class OccupationalCaseListView(ObjectListView):
    permission_required = "premises.view_occupationaldiseasecase"
    model = OccupationalDiseaseCase
    filterset_class = OccupationalCaseFilterSet
    template_name = "premises/occupational_list.html"
    title = "职业病病例"
    export_stem = "职业病病例"
    default_sort = "-diagnosed_on"
    columns = OCCUPATIONAL_CASES

    def get_queryset(self):
        return OccupationalDiseaseCase.objects.select_related("establishment__township", "hazard")


class ConstructionProjectListView(ObjectListView):
    permission_required = "premises.view_constructionproject"
    model = ConstructionProject
    filterset_class = ConstructionProjectFilterSet
    template_name = "premises/occupational_list.html"
    title = "建设项目职业病防护设施“三同时”"
    export_stem = "建设项目三同时"
    default_sort = "-approved_on"
    columns = CONSTRUCTION_PROJECTS

    def get_queryset(self):
        return ConstructionProject.objects.select_related("establishment__township")
