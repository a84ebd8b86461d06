"""The permit window's permits: lists, a permit's page, cancelling, registering existing
permits, import and the permit PDF; and the units without a valid permit.

Thin, like the registry's pages: forms shape input, licensing.services acts, core.lists lists.
The front page and applications are in licensing.views.applications.
"""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
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
from licensing.choices import ApplicationKind, PermitState, PermitStatus
from licensing.documents import permit_document
from licensing.filters import ExpiringPermitFilterSet, PermitFilterSet, UnlicensedFilterSet
from licensing.forms import CancelForm, RegisterForm
from licensing.imports import PermitImporter
from licensing.models import Application, Permit
from licensing.models.permits import units_without_valid_permit
from licensing.services.intake import renewal_deadline
from licensing.services.reviews import review_refusal, review_schedule
from licensing.tables import PERMITS, UNLICENSED, with_last_permit
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
        return Permit.objects.select_related("establishment__township", "permit_type").with_state()


class ExpiringPermitListView(PermitListView):
    filterset_class = ExpiringPermitFilterSet
    template_name = "licensing/expiring_list.html"
    title = "即将到期的许可证"
    export_stem = "即将到期的许可证"
    default_sort = "expires_on"
    add_url_name = ""
    import_url_name = ""
    pdf_batch = ""  # its own queryset: batches follow the full list
    # The period (30 days unless chosen) is the FilterSet's: the form shows what is listed.


def permit_for_page(pk):
    return get_object_or_404(
        Permit.objects.with_state().select_related(
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
    today = timezone.localdate()
    versions = version_chain(permit)
    open_application = (
        Application.objects.open()
        .filter(establishment=permit.establishment_id, permit_type=permit.permit_type_id)
        .first()
    )
    context = {
        "object": permit,
        "title": f"卫生许可证 {permit.number}",
        "versions": versions,
        "applications": permit.applications.select_related("permit_type").order_by("-received_on"),
        "open_application": open_application,
        "history": history_entries(permit),
        "actions": []
        if open_application or not user.has_perm("licensing.add_application")
        else permit_actions(permit, today),
    }
    if permit.status == PermitStatus.VALID and permit.permit_type.check_years:
        context["check"] = review_schedule(permit)
        if user.has_perm("licensing.add_permitreview") and review_refusal(permit) is None:
            context["check_url"] = reverse("licensing:permit_review", args=[permit.pk])
    if may_cancel(permit) and user.has_perm("licensing.change_permit"):
        context["cancel_form"] = cancel_form or CancelForm()
    return render(request, "licensing/permit_detail.html", context, status=status)


def version_chain(permit):
    """Every version of ``permit`` (its unit's permits of its type linked by renewal and
    change), newest first, each with its status today: one query."""
    versions = {
        p.pk: p
        for p in Permit.objects.with_state().filter(
            establishment=permit.establishment_id, permit_type=permit.permit_type_id
        )
    }
    versions[permit.pk] = permit
    following = {p.previous_id: p for p in versions.values() if p.previous_id}
    newest = permit
    for _ in versions:  # bounded: a broken record's loop cannot hang the page
        if newest.pk not in following:
            break
        newest = following[newest.pk]
    chain = [newest]
    while chain[-1].previous_id in versions and len(chain) < len(versions):
        chain.append(versions[chain[-1].previous_id])
    return chain


def permit_actions(permit, today):
    """What the window can start from this permit: only from the current version. 变更 and
    申请注销 while it is in force; 延续 while in time, else (late, or expired) as a new
    application; no 延续 of a permit without an end (长期有效，按校验管理)."""
    if permit.status != PermitStatus.VALID:
        return []
    add = reverse("licensing:application_add")

    def link(label, kind, note="", **more):
        query = {"establishment": permit.establishment_id, **more, "kind": kind}
        return {"label": label, "url": f"{add}?{urlencode(query)}", "note": note}

    actions = []
    in_force = permit.state == PermitState.VALID
    if permit.expires_on is None:
        # 长期有效，按校验管理: nothing to renew.
        pass
    elif in_force and today <= renewal_deadline(permit):
        actions.append(link("延续", ApplicationKind.RENEWAL, previous_permit=permit.pk))
    elif permit.state in (PermitState.VALID, PermitState.EXPIRED):
        deadline = renewal_deadline(permit)
        actions.append(
            link(
                "延续（按新办受理）",
                ApplicationKind.NEW,
                f"已过延续申请期限（{deadline:%Y-%m-%d} 前），按新办申请受理，"
                "新证自原证届满次日起算。"
                if in_force
                else f"本证已于 {permit.expires_on:%Y-%m-%d} 到期，按新办申请受理。",
                permit_type=permit.permit_type_id,
                business_scope=permit.business_scope,
            )
        )
    if in_force:
        actions.append(link("变更", ApplicationKind.CHANGE, previous_permit=permit.pk))
        actions.append(link("申请注销", ApplicationKind.CANCELLATION, previous_permit=permit.pk))
    return actions


def may_cancel(permit) -> bool:
    """The office's 注销 (行政许可法 art. 70): of the current version, in force or expired
    without renewal."""
    return permit.status == PermitStatus.VALID and permit.state in (
        PermitState.VALID,
        PermitState.EXPIRED,
    )


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
        return with_last_permit(
            units_without_valid_permit(timezone.localdate()).select_related("category", "township")
        )
