"""Registry pages. Thin: forms shape input, services act, core.lists lists."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from core.history import history_entries
from core.lists import Column, ObjectListView
from core.models import AccessChannel
from core.panels import panels_for
from core.personal_data import (
    FULL_ID_PERMISSION,
    masked_unless,
    may_reveal,
    no_store,
    record_access,
)
from core.validators import mask_id_number
from core.views import ImportTemplateView, ImportView, RoleRequiredMixin, ServiceFormView
from premises import services
from premises.filters import EstablishmentFilterSet, PractitionerFilterSet
from premises.forms import EstablishmentForm, PractitionerForm, StatusChangeForm
from premises.imports import EstablishmentImporter, PractitionerImporter
from premises.models import Establishment, Practitioner

FULL_ID = FULL_ID_PERMISSION


# ---------------------------------------------------------------- establishments


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
    columns = (
        Column("name", "单位名称", lambda e: e.name, ("name",), link=True, width=30),
        Column(
            "credit_code", "统一社会信用代码", lambda e: e.credit_code, ("credit_code",), width=22
        ),
        Column(
            "domain", "监督专业", lambda e: e.category.domain.name, ("category__domain__order",)
        ),
        Column("category", "类别", lambda e: e.category.name, ("category__code",)),
        Column(
            "township",
            "乡镇（街道）",
            lambda e: e.township.name,
            ("township__order", "township__code"),
        ),
        Column("legal_representative", "法定代表人", lambda e: e.legal_representative, html=False),
        Column("address", "地址", lambda e: e.address, html=False, width=30),
        Column("phone", "联系电话", lambda e: e.phone, html=False),
        Column("practitioners", "从业人员数", lambda e: e.practitioner_count, width=10),
        Column("status", "状态", lambda e: e.get_status_display(), ("status",), width=8),
        Column("opened_on", "开业日期", lambda e: e.opened_on, ("opened_on",), width=12),
        Column("closed_on", "关闭日期", lambda e: e.closed_on, html=False, width=12),
    )

    def get_queryset(self):
        return Establishment.objects.select_related("category__domain", "township")

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
    permission_required = "premises.view_establishment"

    def get(self, request, pk):
        establishment = get_object_or_404(
            Establishment.objects.select_related(
                "category__domain", "category__parent", "township"
            ),
            pk=pk,
        )
        practitioners = list(establishment.practitioners.current().order_by("name"))
        for p in practitioners:
            # A list: never the full number (each person's page can show it on request).
            p.id_display = p.id_number_masked
        return render(
            request,
            "premises/establishment_detail.html",
            {
                "object": establishment,
                "practitioners": practitioners,
                "status_changes": establishment.status_changes.select_related("recorded_by"),
                "status_form": StatusChangeForm(
                    status=establishment.status, initial={"date": timezone.localdate()}
                ),
                "history": history_entries(establishment),
                "panels": panels_for(establishment, request),
            },
        )


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


class EstablishmentStatusView(RoleRequiredMixin, View):
    permission_required = "premises.add_establishmentstatuschange"
    http_method_names = ["post"]

    def post(self, request, pk):
        establishment = get_object_or_404(Establishment, pk=pk)
        form = StatusChangeForm(request.POST)
        if form.is_valid():
            try:
                services.establishment_change_status(
                    establishment=establishment, user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    f"已登记：{form.cleaned_data['date']:%Y-%m-%d} {dict(form.fields['kind'].choices)[form.cleaned_data['kind']]}",
                )
        else:
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}：{error}")
        return redirect("premises:establishment_detail", pk=establishment.pk)


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


class PractitionerListView(ObjectListView):
    permission_required = "premises.view_practitioner"
    model = Practitioner
    filterset_class = PractitionerFilterSet
    title = "从业人员台帐"
    export_stem = "从业人员台帐"
    default_sort = "establishment"
    import_url_name = "premises:practitioner_import"
    import_permission = "premises.add_practitioner"
    columns = (
        Column("name", "姓名", lambda p: p.name, ("name",), link=True, width=10),
        Column("sex", "性别", lambda p: p.get_sex_display(), width=6),
        # Never the full number in a list or an export.
        Column("id_number", "身份证号码", lambda p: mask_id_number(p.id_number), width=22),
        Column(
            "establishment",
            "所在单位",
            lambda p: p.establishment.name,
            ("establishment__name",),
            width=30,
        ),
        Column(
            "credit_code",
            "单位统一社会信用代码",
            lambda p: p.establishment.credit_code,
            html=False,
            width=22,
        ),
        Column("township", "乡镇（街道）", lambda p: p.establishment.township.name, html=False),
        Column("post", "岗位", lambda p: p.post, ("post",)),
        Column(
            "serves_customers",
            "直接为顾客服务",
            lambda p: "是" if p.serves_customers else "否",
            width=8,
        ),
        Column("hired_on", "入职日期", lambda p: p.hired_on, ("hired_on",), width=12),
        Column("left_on", "离职日期", lambda p: p.left_on, ("left_on",), width=12),
    )

    def get_queryset(self):
        return Practitioner.objects.select_related("establishment__township")


def _practitioner_page(request, pk, *, full: bool):
    """The practitioner's page: the ID number masked, in its history too, unless ``full``."""
    practitioner = get_object_or_404(
        Practitioner.objects.select_related("establishment__township"), pk=pk
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
