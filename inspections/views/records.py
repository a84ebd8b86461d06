"""On-site record pages: make one from the inspection, edit it until signed, sign it on
the tablet (static/js/signature.js), note a refusal, correct it by a new version, print it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from core.documents import pdf_response
from core.views import RoleRequiredMixin, ServiceFormView
from inspections.documents import onsite_record_document, record_officers
from inspections.forms.records import AmendForm, RecordForm, RecordMakeForm, RefuseForm, SignForm
from inspections.models import Inspection, OnSiteRecord, PaperKind, SignerRole
from inspections.services import records as services
from inspections.services.records import certificate_warnings, required_signatures


def record_for_page(pk) -> OnSiteRecord:
    return get_object_or_404(
        OnSiteRecord.objects.select_related(
            "inspection__establishment__township",
            "inspection__follows_opinion",
            "supersedes",
            "created_by",
            "questioner",
            "recorder",
        ).prefetch_related("officers", "signatures"),
        pk=pk,
    )


class RecordMakeView(ServiceFormView):
    permission_required = "inspections.add_onsiterecord"
    template_name = "inspections/record_make.html"
    title = "制作现场文书"
    versioned = False  # adds a record beside the inspection

    def get_object(self):
        return get_object_or_404(
            Inspection.objects.select_related("establishment"), pk=self.kwargs["pk"]
        )

    def get_form(self, inspection, data=None):
        form = RecordMakeForm(data, initial={"kind": self.request.GET.get("kind")})
        if inspection.kind != "follow_up":
            form.fields["kind"].choices = [
                c for c in PaperKind.choices if c[0] != PaperKind.FOLLOW_UP
            ]
        return form

    def get_context(self, inspection):
        return {
            "object": inspection,
            "records": list(inspection.onsite_records.order_by("kind", "version", "pk")),
        }

    def perform(self, form, inspection):
        return services.onsite_record_make(
            inspection=inspection, user=self.request.user, kind=form.cleaned_data["kind"]
        )

    def success_message(self, record):
        return f"已制作{record.get_kind_display()}，请核对内容后签名。"


class RecordDetailView(RoleRequiredMixin, View):
    permission_required = "inspections.view_onsiterecord"

    def get(self, request, pk):
        record = record_for_page(pk)
        inspection = record.inspection
        signatures = list(record.signatures.all())
        return render(
            request,
            "inspections/record_detail.html",
            {
                "object": record,
                "record": record,
                "inspection": inspection,
                "officers": record_officers(record),
                "signatures": signatures,
                "missing": required_signatures(record),
                "editable": not signatures and not record.is_frozen,
                "later": OnSiteRecord.objects.filter(supersedes=record).first(),
                "warnings": certificate_warnings(inspection),
                "content_hash": record.content_hash(),
                "party_label": "被询问人" if record.kind == PaperKind.INQUIRY else "当事人",
            },
        )


class RecordEditView(ServiceFormView):
    permission_required = "inspections.change_onsiterecord"
    template_name = "inspections/record_form.html"
    title = "修改现场文书"

    def get_object(self):
        return record_for_page(self.kwargs["pk"])

    def refusal(self, record):
        if record.is_frozen or record.signatures.exists():
            messages.error(self.request, services.SIGNED_ALREADY)
            return redirect(record.get_absolute_url())
        return None

    def get_form(self, record, data=None):
        return RecordForm(data, instance=record, initial={"officers": list(record.officers.all())})

    def perform(self, form, record):
        return services.onsite_record_update(
            record=record, user=self.request.user, **form.service_fields()
        )


def next_signer(record) -> str:
    """Who signs next, offered first on the signing page: the party (unless signed or
    refused), then the officers, then a witness. After the party signed, the page no longer
    offers 当事人 (an officer's signature drawn under it was refused and had to be redrawn)."""
    roles = {s.role for s in record.signatures.all()}
    if SignerRole.PARTY not in roles and not record.party_refused:
        return SignerRole.PARTY
    signed = {s.officer_id for s in record.signatures.all() if s.officer_id}
    if any(officer.pk not in signed for officer in record.officers.all()):
        return SignerRole.OFFICER
    return SignerRole.WITNESS


class RecordSignView(ServiceFormView):
    permission_required = "inspections.add_onsitesignature"
    template_name = "inspections/record_sign.html"
    title = "现场签名"
    versioned = False  # a signature is added beside the record; the service checks its state

    def get_object(self):
        return record_for_page(self.kwargs["pk"])

    def refusal(self, record):
        if record.is_frozen:
            messages.info(self.request, "该笔录已签署完成。")
            return redirect(record.get_absolute_url())
        return None

    def get_form(self, record, data=None):
        role = self.request.GET.get("role") or next_signer(record)
        initial = {"role": role}
        if role == SignerRole.PARTY:
            initial["name"] = record.questioned_name or record.present_person
        return SignForm(data, record=record, initial=initial)

    def get_context(self, record):
        return {
            "object": record,
            "record": record,
            "missing": required_signatures(record),
            "signatures": list(record.signatures.all()),
            "officers": record_officers(record),
        }

    def perform(self, form, record):
        data = form.cleaned_data
        return services.onsite_record_sign(
            record=record,
            user=self.request.user,
            role=data["role"],
            officer=data["officer"],
            name=data["name"],
            signature=data["signature"],
        )

    def success_message(self, signature):
        record = OnSiteRecord.objects.get(pk=signature.record_id)
        if record.is_frozen:
            return f"{signature.name} 已签名。签名已齐全，笔录已签署完成。"
        return f"{signature.name} 已签名。"

    def get_success_url(self, signature):
        record = OnSiteRecord.objects.get(pk=signature.record_id)
        if record.is_frozen:
            return record.get_absolute_url()
        return self.request.path


class RecordRefuseView(ServiceFormView):
    permission_required = "inspections.add_onsitesignature"
    template_name = "core/form_page.html"
    title = "记录当事人拒绝签名"
    versioned = False
    form_class = RefuseForm

    def get_object(self):
        return record_for_page(self.kwargs["pk"])

    def get_form(self, record, data=None):
        return RefuseForm(data)

    def get_context(self, record):
        return {"object": record, "submit_label": "记录拒签"}

    def perform(self, form, record):
        return services.onsite_record_refuse(
            record=record, user=self.request.user, reason=form.cleaned_data["reason"]
        )

    def success_message(self, record):
        return "已记录拒签，请见证人签名。"

    def get_success_url(self, record):
        return reverse("inspections:record_sign", args=[record.pk]) + "?role=witness"


class RecordAmendView(ServiceFormView):
    permission_required = "inspections.add_onsiterecord"
    template_name = "core/form_page.html"
    title = "更正笔录（制作新版本）"
    versioned = False

    def get_object(self):
        return record_for_page(self.kwargs["pk"])

    def get_form(self, record, data=None):
        return AmendForm(data)

    def get_context(self, record):
        return {"object": record, "submit_label": "制作更正版本"}

    def perform(self, form, record):
        return services.onsite_record_amend(
            record=record, user=self.request.user, reason=form.cleaned_data["reason"]
        )

    def success_message(self, record):
        return f"已制作第 {record.version} 版，请修改后重新签名；原笔录保留。"


class RecordPdfView(RoleRequiredMixin, View):
    permission_required = "inspections.view_onsiterecord"

    def get(self, request, pk):
        record = record_for_page(pk)
        if record.kind not in PaperKind.values:
            raise Http404
        name, content = onsite_record_document(record)
        return pdf_response(content, name)
