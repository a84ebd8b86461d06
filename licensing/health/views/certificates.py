"""Pages of health certificates (健康证明): the lists, a certificate's page, recording and
import, the practitioners without a valid certificate; and the panels on the registry's
unit and practitioner pages.

Hygiene training (卫生培训) is in licensing.health.views.training.
"""

import datetime

from django.db.models import Case, CharField, OuterRef, Q, Subquery, Value, When
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View

from core.history import history_entries
from core.lists import ObjectListView
from core.panels import Panel
from core.views import ImportTemplateView, ImportView, RoleRequiredMixin, ServiceFormView
from licensing.health import services
from licensing.health.choices import HealthResult
from licensing.health.filters import CertificateFilterSet, MissingCertificateFilterSet
from licensing.health.forms import CertificateForm
from licensing.health.imports import CertificateImporter
from licensing.health.models import (
    HealthCertificate,
    HealthRule,
    practitioners_without_valid_certificate,
)
from licensing.health.tables import CERTIFICATES, MISSING_CERTIFICATES
from premises.models import Practitioner


def with_state(queryset, today: datetime.date, notice_days: int):
    """Annotate ``state_label`` (有效/即将到期/已过期/未生效/不合格) in SQL, for pages and exports."""
    return queryset.annotate(
        state_label=Case(
            When(~Q(result=HealthResult.PASSED), then=Value("不合格")),
            When(exam_date__gt=today, then=Value("未生效")),
            When(expires_on__lt=today, then=Value("已过期")),
            When(
                expires_on__lte=today + datetime.timedelta(days=notice_days),
                then=Value("即将到期"),
            ),
            default=Value("有效"),
            output_field=CharField(),
        )
    )


def latest_expiry():
    """The last day of the practitioner's latest passing certificate (a subquery)."""
    return Subquery(
        HealthCertificate.objects.filter(practitioner=OuterRef("pk"), result=HealthResult.PASSED)
        .order_by("-expires_on")
        .values("expires_on")[:1]
    )


# ---------------------------------------------------------------- certificates


class CertificateListView(ObjectListView):
    permission_required = "licensing.view_healthcertificate"
    model = HealthCertificate
    filterset_class = CertificateFilterSet
    title = "健康证明"
    export_stem = "健康证明"
    default_sort = "-exam_date"
    import_url_name = "licensing:certificate_import"
    import_permission = "licensing.add_healthcertificate"
    columns = CERTIFICATES

    def get_queryset(self):
        rule = HealthRule.current()
        return with_state(
            HealthCertificate.objects.select_related("practitioner__establishment__township"),
            timezone.localdate(),
            rule.expiring_notice_days,
        )


class CertificateDetailView(RoleRequiredMixin, View):
    permission_required = "licensing.view_healthcertificate"

    def get(self, request, pk):
        certificate = get_object_or_404(
            HealthCertificate.objects.select_related("practitioner__establishment", "recorded_by"),
            pk=pk,
        )
        p = certificate.practitioner
        rule = HealthRule.current()
        return render(
            request,
            "licensing/health/certificate_detail.html",
            {
                "object": certificate,
                "practitioner": p,
                # Masked: the practitioner's page shows the full number on request (logged).
                "id_display": p.id_number_masked,
                "state": certificate.state_on(timezone.localdate(), rule.expiring_notice_days),
                "history": history_entries(certificate),
            },
        )


class CertificateCreateView(ServiceFormView):
    permission_required = "licensing.add_healthcertificate"
    template_name = "licensing/health/certificate_form.html"
    form_class = CertificateForm
    title = "登记健康证明"

    def get_object(self):
        self.practitioner = get_object_or_404(
            Practitioner.objects.select_related("establishment"), pk=self.kwargs["pk"]
        )
        return None

    def get_form(self, obj, data=None):
        initial = {"exam_date": timezone.localdate()}
        return CertificateForm(data, initial=initial, rule=HealthRule.current())

    def get_context(self, obj):
        return {"practitioner": self.practitioner}

    def perform(self, form, obj):
        return services.certificate_record(
            user=self.request.user, practitioner=self.practitioner, **form.cleaned_data
        )

    def success_message(self, saved):
        return f"已登记健康证明：{saved.practitioner.name}，有效期至 {saved.expires_on:%Y-%m-%d}"


class CertificateImportView(ImportView):
    permission_required = "licensing.add_healthcertificate"
    importer_class = CertificateImporter
    title = "导入健康证明（体检机构名单）"
    list_url_name = "licensing:certificate_list"
    template_url_name = "licensing:certificate_import_template"


class CertificateImportTemplateView(ImportTemplateView):
    permission_required = "licensing.add_healthcertificate"
    importer_class = CertificateImporter
    filename = "健康证明导入模板.xlsx"


class MissingCertificateListView(ObjectListView):
    """The county's practitioners who serve customers without a valid certificate today."""

    permission_required = "licensing.view_healthcertificate"
    model = Practitioner
    filterset_class = MissingCertificateFilterSet
    title = "无有效健康证明的从业人员"
    export_stem = "无有效健康证明从业人员"
    default_sort = "establishment"
    columns = MISSING_CERTIFICATES

    def get_queryset(self):
        return (
            practitioners_without_valid_certificate(timezone.localdate())
            .select_related("establishment__township", "establishment__category", "post")
            .annotate(last_expiry=latest_expiry())
        )


# ---------------------------------------------------------------- panels on registry pages


def practitioner_panel(practitioner, request):
    """On a practitioner's page: their certificates and the training they attended."""
    if not request.user.has_perm("licensing.view_healthcertificate"):
        return None
    today = timezone.localdate()
    rule = HealthRule.current()
    certificates = list(
        with_state(practitioner.health_certificates.all(), today, rule.expiring_notice_days)
    )
    trainings = list(practitioner.training_sessions.order_by("-date"))
    return Panel(
        title="健康证明与卫生培训",
        template="licensing/health/_practitioner_panel.html",
        context={
            "practitioner": practitioner,
            "certificates": certificates,
            "trainings": trainings,
            "valid": any(c.is_valid_on(today) for c in certificates),
            "can_add": request.user.has_perm("licensing.add_healthcertificate"),
        },
        order=10,
    )
