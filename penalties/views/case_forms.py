"""Filing a case, correcting it before the decision and registering evidence. The forms
shape input; penalties.services decides and its errors land on the fields they name."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect

from core.views import ServiceFormView, apply_form_errors
from inspections.models import Inspection
from penalties import services
from penalties.choices import STEP_ORDER, CaseSource, CaseStatus
from penalties.forms import CaseEditForm, CaseFileForm, EvidenceForm
from penalties.forms.cases import EvidencePhotoForm
from penalties.models import PenaltyCase
from penalties.services.base import require_status
from penalties.services.cases import editable_check
from penalties.services.evidence import case_photos, evidence_attach_photos
from penalties.views.cases import EVIDENCE_OPEN
from premises.models import Establishment


def _pk(value):
    return int(value) if str(value or "").isdigit() else None


class CaseFileView(ServiceFormView):
    permission_required = "penalties.add_penaltycase"
    template_name = "penalties/case_form.html"
    title = "立案"

    def get_form(self, obj, data=None):
        # The form posts back to its own address, query string included.
        self.inspection = None
        self.unit = None
        if pk := _pk(self.request.GET.get("inspection")):
            self.inspection = get_object_or_404(
                Inspection.objects.select_related("establishment__township"), pk=pk
            )
        elif pk := _pk(self.request.GET.get("establishment")):
            self.unit = get_object_or_404(Establishment, pk=pk)
        self.q = self.request.GET.get("q", "")
        return CaseFileForm(
            data, inspection=self.inspection, unit=self.unit, q=self.q, user=self.request.user
        )

    def get_context(self, obj):
        return {"inspection": self.inspection, "unit": self.unit, "q": self.q}

    def perform(self, form, obj):
        arguments = form.service_arguments()
        if self.inspection is not None:
            arguments.update(source=CaseSource.INSPECTION, inspection=self.inspection)
        return services.case_file(user=self.request.user, **arguments)

    def success_message(self, saved):
        return f"已立案：{saved.number}"


def refuse_if_locked(request, case, check):
    """A case past the steps the page is for: back to its page with the service's reason."""
    try:
        check(case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(case.get_absolute_url())
    return None


def evidence_open_check(case):
    require_status(case, *EVIDENCE_OPEN, action="登记证据")


def measure_open_check(case):
    require_status(
        case, *[s for s in STEP_ORDER if s != CaseStatus.CLOSED], action="登记取缔等措施"
    )


class _CaseFormView(ServiceFormView):
    """A form page about one case that is refused once the case is past ``open_check``."""

    permission_required = "penalties.change_penaltycase"
    template_name = "penalties/case_form.html"
    open_check = staticmethod(editable_check)

    def get_object(self):
        return get_object_or_404(
            PenaltyCase.objects.select_related("violation"), pk=self.kwargs["pk"]
        )

    def get_context(self, obj):
        return {"object": obj, "case": obj}

    def get(self, request, **kwargs):
        case = self.get_object()
        return refuse_if_locked(request, case, self.open_check) or self.render(
            self.get_form(case), case
        )

    def post(self, request, **kwargs):
        case = self.get_object()
        form = self.get_form(case, request.POST)
        if form.is_valid():
            try:
                saved = self.perform(form, case)
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "status" in exc.error_dict:
                    messages.error(request, " ".join(exc.message_dict["status"]))
                    return redirect(case.get_absolute_url())
                apply_form_errors(form, exc)
            else:
                messages.success(request, self.success_message(saved))
                return redirect(case.get_absolute_url())
        return self.render(form, case, status=400)


class CaseEditView(_CaseFormView):
    title = "修改案件信息"

    def get_form(self, obj, data=None):
        return CaseEditForm(data, case=obj) if data is not None else CaseEditForm(case=obj)

    def perform(self, form, case):
        data = dict(form.cleaned_data)
        officers = list(data.pop("officers"))
        return services.case_update(case=case, user=self.request.user, officers=officers, **data)

    def success_message(self, saved):
        return f"已修改案件 {saved.number}。"


class EvidenceAddView(_CaseFormView):
    title = "登记证据"
    open_check = staticmethod(evidence_open_check)
    versioned = False  # adds evidence, changes nothing of the case (no optimistic lock)

    def get_form(self, obj, data=None):
        if data is None:
            return EvidenceForm()
        return EvidenceForm(data, self.request.FILES)

    def get_context(self, obj):
        return {**super().get_context(obj), "multipart": True}

    def perform(self, form, case):
        data = form.cleaned_data
        return services.evidence_add(
            case=case,
            user=self.request.user,
            kind=data["kind"],
            title=data["title"],
            collected_on=data["collected_on"],
            upload=data["file"],
            note=data["note"],
            collectors=list(data["collectors"]),
            collected_at=data["collected_at"],
        )

    def success_message(self, saved):
        return f"已登记证据：{saved.title}"


class EvidencePhotoAttachView(_CaseFormView):
    """Photos taken at the party's inspections become evidence of the case: the same
    stored file and its SHA-256, not a second upload."""

    title = "附加现场照片为证据"
    open_check = staticmethod(evidence_open_check)
    versioned = False  # adds evidence, changes nothing of the case

    def get_form(self, case, data=None):
        return EvidencePhotoForm(data, photos=case_photos(case))

    def perform(self, form, case):
        return evidence_attach_photos(
            case=case,
            photos=list(form.cleaned_data["photos"]),
            user=self.request.user,
            note=form.cleaned_data["note"],
        )

    def success_message(self, saved):
        return f"已附加 {len(saved)} 张现场照片为证据。"

    def get_success_url(self, saved):
        return saved[0].case.get_absolute_url() + "#evidence"
