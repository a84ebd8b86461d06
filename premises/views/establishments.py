"""Pages of supervised units: list, detail, add, edit, status changes, import."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from core.lists import ObjectListView
from core.models import AccessChannel
from core.panels import panels_for
from core.personal_data import FULL_ID_PERMISSION, no_store, record_access
from core.views import ImportTemplateView, ImportView, RoleRequiredMixin, ServiceFormView
from premises import services
from premises.filters import EstablishmentFilterSet
from premises.forms import EstablishmentForm, StatusChangeForm
from premises.imports import EstablishmentImporter
from premises.models import Establishment
from premises.tables import ESTABLISHMENTS
from premises.unit_file import unit_file

# The timeline's newest entries shown open; the rest behind 显示全部.
TIMELINE_SHOWN = 12


class EstablishmentListView(ObjectListView):
    permission_required = "premises.view_establishment"
    model = Establishment
    filterset_class = EstablishmentFilterSet
    title = "被监督单位台帐"
    export_stem = "被监督单位台帐"
    default_sort = "name"
    add_url_name = "premises:establishment_add"
    add_permission = "premises.add_establishment"
    import_url_name = "premises:establishment_import"
    import_permission = "premises.add_establishment"
    columns = ESTABLISHMENTS

    def get_queryset(self):
        return Establishment.objects.select_related("category__domain", "township").with_domains()

    def decorate(self, objects):
        counts = dict(
            Establishment.objects.filter(pk__in=[o.pk for o in objects])
            .with_practitioner_count()
            .values_list("pk", "practitioner_count")
        )
        for obj in objects:
            obj.practitioner_count = counts.get(obj.pk, 0)
        return objects

    def export_queryset(self, queryset):
        return queryset.with_practitioner_count()


class EstablishmentDetailView(RoleRequiredMixin, View):
    """The unit's one file (一户一档): its sections and its timeline, from every app that
    registered a section (premises/unit_file.py)."""

    permission_required = "premises.view_establishment"

    def get(self, request, pk):
        return self.page(request, pk, full=False)

    def page(self, request, pk, *, full: bool):
        establishment = get_object_or_404(
            Establishment.objects.select_related(
                "category__domain", "category__parent", "township"
            ),
            pk=pk,
        )
        if full:
            if not establishment.id_number:
                return redirect(establishment)
            record_access(request, establishment, field="id_number", channel=AccessChannel.PAGE)
        request.reveal_id_number = full  # read by the particulars section
        file = unit_file(establishment, request)
        response = render(
            request,
            "premises/establishment_detail.html",
            {
                "object": establishment,
                "file": file,
                "timeline_shown": TIMELINE_SHOWN,
                "timeline_earlier": max(len(file.timeline) - TIMELINE_SHOWN, 0),
                "panels": panels_for(establishment, request),
            },
        )
        return no_store(response) if full else response


class EstablishmentRevealView(EstablishmentDetailView):
    """显示完整号码 of a person subject (自然人): the unit's page with the full ID number,
    on an explicit POST by a user who may see it; every view is logged (core.personal_data)."""

    permission_required = ("premises.view_establishment", FULL_ID_PERMISSION)
    http_method_names = ["post"]

    def post(self, request, pk):
        return self.page(request, pk, full=True)


class EstablishmentCreateView(ServiceFormView):
    permission_required = "premises.add_establishment"
    template_name = "premises/establishment_form.html"
    form_class = EstablishmentForm
    title = "新建被监督单位"

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        return services.establishment_create(
            user=self.request.user, opened_on=data.pop("opened_on"), **data
        )

    def success_message(self, saved):
        return f"已建档：{saved.name}"


class EstablishmentUpdateView(ServiceFormView):
    permission_required = "premises.change_establishment"
    template_name = "premises/establishment_form.html"
    form_class = EstablishmentForm
    title = "修改单位信息"

    def get_object(self):
        return get_object_or_404(Establishment, pk=self.kwargs["pk"])

    def perform(self, form, obj):
        return services.establishment_update(
            establishment=obj, user=self.request.user, **form.cleaned_data
        )

    def success_message(self, saved):
        return "单位信息已保存。"


class EstablishmentStatusView(ServiceFormView):
    """A status change sent from the unit's page (POST only). It has no page of its own:
    the outcome, or what was wrong with the input, is shown as messages on the unit's page."""

    permission_required = "premises.add_establishmentstatuschange"
    http_method_names = ["post"]
    # It adds a dated change beside the unit; the unit's page carries no version.
    versioned = False

    def get_object(self):
        return get_object_or_404(Establishment, pk=self.kwargs["pk"])

    def get_form(self, obj, data=None):
        return StatusChangeForm(data)

    def perform(self, form, obj):
        return services.establishment_change_status(
            establishment=obj, user=self.request.user, **form.cleaned_data
        )

    def put_errors(self, form, exc):
        for message in exc.messages:
            messages.error(self.request, message)

    def success_message(self, saved):
        return f"已登记：{saved.date:%Y-%m-%d} {saved.get_kind_display()}"

    def get_success_url(self, saved):
        return reverse("premises:establishment_detail", kwargs={"pk": saved.establishment_id})

    def render(self, form, obj, status=200):
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(self.request, f"{label}：{error}")
        return redirect("premises:establishment_detail", pk=obj.pk)


class EstablishmentImportView(ImportView):
    permission_required = "premises.add_establishment"
    importer_class = EstablishmentImporter
    title = "导入被监督单位"
    list_url_name = "premises:establishment_list"
    template_url_name = "premises:establishment_import_template"


class EstablishmentImportTemplateView(ImportTemplateView):
    permission_required = "premises.add_establishment"
    importer_class = EstablishmentImporter
    filename = "被监督单位导入模板.xlsx"


# ---------------------------------------------------------------- practitioners
