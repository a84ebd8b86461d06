"""The permit window's permits: lists, a permit's page, cancelling, registering existing
permits, import and the permit PDF; and the units without a valid permit.

Thin, like the registry's pages: forms shape input, licensing.services acts, core.lists lists.
The front page and applications are in licensing.views.applications.
"""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View

from core.documents import pdf_response
from core.history import history_entries
from core.lists import ObjectListView
from core.views import (
    ImportTemplateView,
    ImportView,
    RoleRequiredMixin,
    ServiceFormView,
    apply_form_errors,
)
from licensing import services
from licensing.choices import PermitStatus
from licensing.documents import permit_document
from licensing.filters import ExpiringPermitFilterSet, PermitFilterSet, UnlicensedFilterSet
from licensing.forms import CancelForm, RegisterForm
from licensing.imports import PermitImporter
from licensing.models import Permit
from licensing.models.permits import units_without_valid_permit
from licensing.tables import PERMITS, UNLICENSED
from licensing.views.applications import unit_from_query
from premises.models import Establishment

# ---------------------------------------------------------------- permits


class PermitListView(ObjectListView):
    permission_required = "licensing.view_permit"
    model = Permit
    filterset_class = PermitFilterSet
    title = "卫生许可证"
    export_stem = "卫生许可证"
    default_sort = "-issued_on"
    add_url_name = "licensing:permit_register"
    add_permission = "licensing.add_permit"
    import_url_name = "licensing:permit_import"
    import_permission = "licensing.add_permit"
    template_name = "licensing/permit_list.html"
    columns = PERMITS
    pdf_batch = "permits"

    def get_queryset(self):
        return Permit.objects.select_related("establishment__township", "permit_type")


class ExpiringPermitListView(PermitListView):
    filterset_class = ExpiringPermitFilterSet
    template_name = "licensing/expiring_list.html"
    title = "即将到期的许可证"
    export_stem = "即将到期的许可证"
    default_sort = "expires_on"
    add_url_name = ""
    import_url_name = ""
    pdf_batch = ""  # its own queryset: batches follow the full list

    def days(self):
        value = self.request.GET.get("expiring", "")
        return int(value) if value in ("30", "60", "90") else 30

    def get_queryset(self):
        return super().get_queryset().expiring_within(self.days(), today=timezone.localdate())


def permit_for_page(pk):
    return get_object_or_404(
        Permit.objects.select_related(
            "establishment__township",
            "establishment__category",
            "permit_type",
            "previous",
            "application",
            "recorded_by",
        ),
        pk=pk,
    )


class PermitDetailView(RoleRequiredMixin, View):
    permission_required = "licensing.view_permit"

    def get(self, request, pk):
        return permit_page(request, permit_for_page(pk))


def permit_page(request, permit, cancel_form=None, status=200):
    """The permit's page; ``cancel_form``: the cancellation sent back with its errors."""
    user = request.user
    valid = permit.status == PermitStatus.VALID
    following = Permit.objects.filter(previous=permit).first()
    chain_back = []
    current = permit.previous
    while current is not None and len(chain_back) < 20:
        chain_back.append(current)
        current = current.previous
    context = {
        "object": permit,
        "title": f"卫生许可证 {permit.number}",
        "next_version": following,
        "earlier_versions": chain_back,
        "applications": permit.applications.select_related("permit_type").order_by("-received_on"),
        "history": history_entries(permit),
        "can_apply": valid and user.has_perm("licensing.add_application"),
    }
    if valid and user.has_perm("licensing.change_permit"):
        context["cancel_form"] = cancel_form or CancelForm()
    return render(request, "licensing/permit_detail.html", context, status=status)


class PermitCancelView(ServiceFormView):
    """Cancellation, sent from the permit's page (POST only); errors show on its form there."""

    permission_required = "licensing.change_permit"
    http_method_names = ["post"]
    # The permit's page carries no version: the service checks the permit's state instead.
    versioned = False

    def get_object(self):
        return permit_for_page(self.kwargs["pk"])

    def get_form(self, obj, data=None):
        return CancelForm(data)

    def perform(self, form, obj):
        return services.permit_cancel(
            permit=obj,
            user=self.request.user,
            date=form.cleaned_data["cancelled_on"],
            reason=form.cleaned_data["cancel_reason"],
        )

    def put_errors(self, form, exc):
        # What the service says of the permit itself is said of the whole form.
        if hasattr(exc, "error_dict") and "permit" in exc.error_dict:
            exc.error_dict[None] = exc.error_dict.pop("permit")
        apply_form_errors(form, exc)

    def success_message(self, saved):
        return f"已注销许可证 {saved.number}。"

    def render(self, form, obj, status=200):
        return permit_page(self.request, obj, cancel_form=form, status=status)


class PermitRegisterView(ServiceFormView):
    permission_required = "licensing.add_permit"
    template_name = "licensing/application_form.html"
    title = "补录已有许可证"

    def get_form(self, obj, data=None):
        self.unit = unit_from_query(self.request)
        self.q = self.request.GET.get("q", "")
        return RegisterForm(data, unit=self.unit, q=self.q)

    def get_context(self, obj):
        return {
            "unit": self.unit,
            "q": self.q,
            "intro": "登记系统启用前已发放的许可证，保留原许可证号，标记为“补录”。",
        }

    def perform(self, form, obj):
        return services.permit_register(user=self.request.user, **form.cleaned_data)

    def success_message(self, saved):
        return f"已补录许可证：{saved.number}"


class PermitPdfView(RoleRequiredMixin, View):
    permission_required = "licensing.view_permit"

    def get(self, request, pk):
        name, content = permit_document(permit_for_page(pk))
        return pdf_response(content, name)


class PermitImportView(ImportView):
    permission_required = "licensing.add_permit"
    importer_class = PermitImporter
    title = "导入已有许可证"
    list_url_name = "licensing:permit_list"
    template_url_name = "licensing:permit_import_template"


class PermitImportTemplateView(ImportTemplateView):
    permission_required = "licensing.add_permit"
    importer_class = PermitImporter
    filename = "许可证导入模板.xlsx"


# ---------------------------------------------------------------- units without a permit


class UnlicensedListView(ObjectListView):
    permission_required = "licensing.view_permit"
    model = Establishment
    filterset_class = UnlicensedFilterSet
    template_name = "licensing/unlicensed_list.html"
    title = "无有效许可证经营的单位"
    export_stem = "无证经营单位"
    default_sort = "name"
    columns = UNLICENSED

    def get_queryset(self):
        return units_without_valid_permit(timezone.localdate()).select_related(
            "category", "township"
        )
