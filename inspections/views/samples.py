"""Sample pages: record a sample (with its sampling record), enter a laboratory's results
for a sample 送检中, and the sampling record (采样记录) as a PDF.

Every refusal comes at once: the form's own (a reading that is not a number) and the
service's checks (a time before the visit, a pH of 72, a type the unit cannot have) are
shown together, each on its field."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View

from core.documents import pdf_response, render_pdf
from core.people import display_name
from core.views import RoleRequiredMixin, ServiceFormView
from inspections import services
from inspections.choices import SampleVerdict, Verdict
from inspections.forms import now_local_minutes
from inspections.forms.samples import SampleForm, SampleResultForm, sample_types
from inspections.models import Sample
from inspections.services.samples import sample_check, sample_types_for
from inspections.views.inspections import inspection_for_page


def put_sample_errors(form, exc: ValidationError):
    """A service's refusals on the form: a reading's on its field, the rest on theirs."""
    for field, errors in exc.error_dict.items():
        if field == "results":
            form.put_result_errors(ValidationError(errors))
        elif field in form.fields:
            if not form.has_error(field):
                form.add_error(field, errors)
        else:
            form.add_error(None, errors)


def default_taken_at(inspection):
    """Now while the visit is going on (up to 8 hours after it began); a sample entered
    later (back at the office) defaults to the visit's own time, not to the hour of entry."""
    now = now_local_minutes()
    started = timezone.localtime(inspection.inspected_at).replace(second=0, microsecond=0)
    if started <= now <= started + datetime.timedelta(hours=8):
        return now
    return started


class SampleAddView(ServiceFormView):
    """Choose the sample type (those the unit can have), then fill in its form."""

    permission_required = "inspections.add_sample"
    template_name = "inspections/sample_form.html"
    title = "登记卫生检测样品"
    versioned = False  # adds a sample beside the inspection, changes nothing of it

    def get_object(self):
        return inspection_for_page(self.kwargs["pk"])

    def types(self, inspection):
        return sample_types_for(inspection.establishment, sample_types())

    def get_form(self, inspection, data=None):
        source = self.request.GET if data is None else data
        self.sample_type = source.get("sample_type", "")
        if data is not None:
            return SampleForm(data, sample_type=self.sample_type)
        if self.sample_type not in sample_types():
            return None  # the type is chosen first
        return SampleForm(
            sample_type=self.sample_type, initial={"taken_at": default_taken_at(inspection)}
        )

    def post(self, request, **kwargs):
        inspection = self.get_object()
        if request.POST.get("sample_type", "") not in sample_types():
            messages.error(request, "请选择样品类型。")
            return redirect("inspections:sample_add", pk=inspection.pk)
        form = self.get_form(inspection, request.POST)
        valid = form.is_valid()
        # The service's checks run on whatever cleaned, so one submit shows every error.
        arguments = form.service_arguments()
        _judged, errors = sample_check(
            inspection=inspection,
            sample_type=arguments["sample_type"],
            taken_at=arguments["taken_at"],
            results=arguments["results"],
            pending=arguments["pending"],
            lab=arguments["lab"],
            portions=arguments["portions"],
        )
        if not valid:
            if any(name.startswith("limit_") for name in form.errors):
                # "no reading" only because a reading did not clean: the field says why
                kept = [e for e in errors.pop("results", []) if _about_a_reading(e)]
                if kept:
                    errors["results"] = kept
            if errors:
                put_sample_errors(form, ValidationError(errors))
            return self.render(form, inspection, status=400)
        try:
            sample = services.sample_record(inspection=inspection, user=request.user, **arguments)
        except ValidationError as exc:
            put_sample_errors(form, exc)
            return self.render(form, inspection, status=400)
        messages.add_message(request, self.success_level(sample), self.success_message(sample))
        return redirect(self.get_success_url(sample))

    def get_context(self, inspection):
        return {
            "object": inspection,
            "sample_type": self.sample_type,
            "sample_types": self.types(inspection),
        }

    def success_message(self, sample):
        if sample.verdict == SampleVerdict.PENDING:
            return f"样品 {sample.number}“{sample}”已登记，送检中：检测结果出来后在检查记录中录入。"
        if sample.verdict == Verdict.FAIL:
            return f"样品“{sample}”不合格，已列出建议的整改项目，可据此下达意见书。"
        return f"样品“{sample}”合格。"

    def success_level(self, sample):
        return messages.WARNING if sample.verdict == Verdict.FAIL else messages.SUCCESS

    def get_success_url(self, sample):
        return f"{sample.inspection.get_absolute_url()}#samples"


def _about_a_reading(error) -> bool:
    return str(getattr(error, "code", "") or "").startswith("limit_")


def sample_for_page(pk):
    return get_object_or_404(
        Sample.objects.select_related("inspection__establishment__category"), pk=pk
    )


class SampleResultView(ServiceFormView):
    """Enter the laboratory's results of a sample 送检中."""

    permission_required = "inspections.add_sample"
    template_name = "inspections/sample_result_form.html"
    title = "录入送检结果"
    versioned = False  # the service locks the sample and enters only results still awaited

    def get_object(self):
        return sample_for_page(self.kwargs["pk"])

    def refusal(self, sample):
        if sample.verdict != SampleVerdict.PENDING:
            messages.info(self.request, "该样品没有等待录入的检测结果。")
            return redirect(f"{sample.inspection.get_absolute_url()}#samples")
        return None

    def get_form(self, sample, data=None):
        return SampleResultForm(data, sample=sample)

    def put_errors(self, form, exc):
        put_sample_errors(form, exc)

    def perform(self, form, sample):
        return services.sample_result_enter(
            sample=sample, results=form.results(), user=self.request.user
        )

    def get_context(self, sample):
        return {"object": sample, "inspection": sample.inspection}

    def success_message(self, sample):
        if sample.verdict == SampleVerdict.PENDING:
            return "已录入；仍有指标送检中。"
        if sample.verdict == Verdict.FAIL:
            return f"样品“{sample}”不合格，已列出建议的整改项目，可据此下达意见书。"
        return f"样品“{sample}”合格。"

    def success_level(self, sample):
        return messages.WARNING if sample.verdict == Verdict.FAIL else messages.SUCCESS

    def get_success_url(self, sample):
        return f"{sample.inspection.get_absolute_url()}#samples"


class SamplingRecordPdfView(RoleRequiredMixin, View):
    """采样记录 (non-product, DOCUMENTS.md §2.1) of one sample, as a PDF."""

    permission_required = "inspections.view_sample"

    def get(self, request, pk):
        sample = sample_for_page(pk)
        name, content = sampling_record_document(sample)
        return pdf_response(content, name)


def sampling_record_document(sample) -> tuple[str, bytes]:
    inspection = sample.inspection
    content = render_pdf(
        "documents/sampling_record.html",
        {
            "sample": sample,
            "inspection": inspection,
            "unit": inspection.establishment,
            "results": list(sample.results.select_related("limit")),
            "inspectors": [display_name(u) for u in inspection.inspectors.order_by("pk")],
        },
    )
    return f"采样记录_{sample.number or sample.pk}.pdf", content
