"""Pages of practitioners: list, detail (and the full ID number), add, edit, import."""

from django.shortcuts import get_object_or_404, render
from django.views import View

from core.history import history_entries
from core.lists import ObjectListView
from core.models import AccessChannel
from core.panels import panels_for
from core.personal_data import (
    FULL_ID_PERMISSION,
    masked_unless,
    may_reveal,
    no_store,
    record_access,
)
from core.views import ImportTemplateView, ImportView, RoleRequiredMixin, ServiceFormView
from premises import services
from premises.filters import PractitionerFilterSet
from premises.forms import PractitionerForm
from premises.imports import PractitionerImporter
from premises.models import Establishment, Practitioner
from premises.tables import PRACTITIONERS

FULL_ID = FULL_ID_PERMISSION


class PractitionerListView(ObjectListView):
    permission_required = "premises.view_practitioner"
    model = Practitioner
    filterset_class = PractitionerFilterSet
    title = "从业人员台帐"
    export_stem = "从业人员台帐"
    default_sort = "establishment"
    import_url_name = "premises:practitioner_import"
    import_permission = "premises.add_practitioner"
    columns = PRACTITIONERS

    def get_queryset(self):
        return Practitioner.objects.select_related("establishment__township", "post")


def _practitioner_page(request, pk, *, full: bool):
    """The practitioner's page: the ID number masked, in its history too, unless ``full``."""
    practitioner = get_object_or_404(
        Practitioner.objects.select_related("establishment__township", "post"), pk=pk
    )
    if full:
        record_access(request, practitioner, field="id_number", channel=AccessChannel.PAGE)
    response = render(
        request,
        "premises/practitioner_detail.html",
        {
            "object": practitioner,
            "id_display": practitioner.id_number if full else practitioner.id_number_masked,
            "revealed": full,
            "may_reveal": may_reveal(request.user),
            "history": history_entries(practitioner, display={"id_number": masked_unless(full)}),
            "panels": panels_for(practitioner, request),
        },
    )
    return no_store(response) if full else response


class PractitionerDetailView(RoleRequiredMixin, View):
    permission_required = "premises.view_practitioner"

    def get(self, request, pk):
        return _practitioner_page(request, pk, full=False)


class PractitionerRevealView(RoleRequiredMixin, View):
    """显示完整号码: the same page with the full ID number, for users who may see it, on
    an explicit POST; every view is logged (core.personal_data)."""

    permission_required = ("premises.view_practitioner", FULL_ID)
    http_method_names = ["post"]

    def post(self, request, pk):
        return _practitioner_page(request, pk, full=True)


class PractitionerCreateView(ServiceFormView):
    permission_required = "premises.add_practitioner"
    template_name = "premises/practitioner_form.html"
    form_class = PractitionerForm
    title = "登记从业人员"

    def get_object(self):
        self.establishment = get_object_or_404(Establishment, pk=self.kwargs["pk"])
        return None

    def get_form(self, obj, data=None):
        return PractitionerForm(data, establishment=self.establishment)

    def get_context(self, obj):
        return {"establishment": self.establishment}

    def perform(self, form, obj):
        return services.practitioner_create(
            user=self.request.user, establishment=self.establishment, **form.cleaned_data
        )

    def success_message(self, saved):
        return f"已登记从业人员：{saved.name}"


class PractitionerUpdateView(ServiceFormView):
    permission_required = "premises.change_practitioner"
    template_name = "premises/practitioner_form.html"
    form_class = PractitionerForm
    title = "修改从业人员"

    def get_object(self):
        return get_object_or_404(
            Practitioner.objects.select_related("establishment"), pk=self.kwargs["pk"]
        )

    def get_form(self, obj, data=None):
        form = PractitionerForm(data, instance=obj)
        if not self.request.user.has_perm(FULL_ID):
            del form.fields["id_number"]  # who may not see the number may not retype it
        else:
            # Masked here too: typing a number replaces the stored one, empty keeps it.
            field = form.fields["id_number"]
            field.required = False
            field.help_text = f"当前：{obj.id_number_masked}；不修改请留空。"
            form.initial["id_number"] = ""
            self.stored_id_number = obj.id_number  # before the form writes its input on obj
        return form

    def get_context(self, obj):
        return {"object": obj, "establishment": obj.establishment}

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        if "id_number" in data and not data["id_number"]:
            del data["id_number"]  # left empty: unchanged (the form had set it on obj)
            obj.id_number = self.stored_id_number
        return services.practitioner_update(practitioner=obj, user=self.request.user, **data)

    def success_message(self, saved):
        return "从业人员信息已保存。"


class PractitionerImportView(ImportView):
    permission_required = "premises.add_practitioner"
    importer_class = PractitionerImporter
    title = "导入从业人员"
    list_url_name = "premises:practitioner_list"
    template_url_name = "premises:practitioner_import_template"


class PractitionerImportTemplateView(ImportTemplateView):
    permission_required = "premises.add_practitioner"
    importer_class = PractitionerImporter
    filename = "从业人员导入模板.xlsx"
