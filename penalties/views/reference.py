"""PDF documents of a case and the pages of violations with their discretion tables."""

import logging

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views import View

from core.documents import pdf_response
from core.history import history_entries
from core.lists import ObjectListView
from core.models import AccessChannel
from core.personal_data import (
    no_store,
    record_access,
    require_reveal_permission,
    reveal_requested,
)
from core.views import RoleRequiredMixin
from penalties import documents
from penalties.choices import TimeLimitCode
from penalties.filters import ViolationFilterSet
from penalties.models import TimeLimit, Violation
from penalties.tables import VIOLATIONS

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------- documents


class CaseDocumentPdfView(RoleRequiredMixin, View):
    """One document of a case as PDF. Before the case reaches the document's step, and when
    rendering fails, the user gets a page saying so in plain words.

    A person's ID number is printed masked; ``?reveal=1`` prints it in full for users who
    may see full numbers (403 for others), and each such print is logged."""

    permission_required = "penalties.view_penaltycase"
    document: documents.CaseDocument = None

    def get(self, request, pk):
        reveal = reveal_requested(request)
        if reveal:
            require_reveal_permission(request.user)
        case = documents.case_for_documents(pk)
        try:
            content = self.document.render(case, reveal=reveal)
        except documents.DocumentNotReady as exc:
            return self.refuse(request, case, str(exc), status=404)
        except Exception:
            logger.exception("PDF of %s for case %s failed", self.document.title, case.pk)
            return self.refuse(
                request,
                case,
                f"《{self.document.title}》生成失败，请稍后重试；仍然失败的，请联系系统管理员。",
                status=500,
            )
        response = pdf_response(content, self.document.filename(case))
        if self.document.reveals(case, reveal) and case.party_code:
            record_access(request, case, field="party_code", channel=AccessChannel.PDF)
            no_store(response)
        return response

    def refuse(self, request, case, text, *, status):
        messages.error(request, text)
        return render(
            request,
            "penalties/document_refused.html",
            {"title": f"{self.document.title} {case.number}", "case": case},
            status=status,
        )


class CaseFilingPdfView(CaseDocumentPdfView):
    document = documents.FILING


class CaseNoticePdfView(CaseDocumentPdfView):
    document = documents.NOTICE


class CaseDecisionPdfView(CaseDocumentPdfView):
    document = documents.DECISION


# ---------------------------------------------------------------- violations


class ViolationListView(ObjectListView):
    permission_required = "penalties.view_violation"
    model = Violation
    filterset_class = ViolationFilterSet
    title = "违法行为与裁量基准"
    export_stem = "违法行为与裁量基准"
    template_name = "penalties/violation_list.html"
    columns = VIOLATIONS

    def get_queryset(self):
        return (
            Violation.objects.select_related("domain")
            .annotate(level_count=Count("levels"))
            .order_by("order", "code")
        )


class ViolationDetailView(RoleRequiredMixin, View):
    permission_required = "penalties.view_violation"

    def get(self, request, pk):
        violation = get_object_or_404(Violation.objects.select_related("domain"), pk=pk)
        return render(
            request,
            "penalties/violation_detail.html",
            {
                "title": violation.name,
                "object": violation,
                "levels": list(violation.levels.all()),
                "can_edit": request.user.has_perm("penalties.change_violation"),
                "history": history_entries(violation),
            },
        )


def _procedure_order(limit) -> int:
    codes = list(TimeLimitCode.values)
    return codes.index(limit.code) if limit.code in codes else len(codes)


class TimeLimitListView(RoleRequiredMixin, View):
    permission_required = "penalties.view_timelimit"

    def get(self, request):
        return render(
            request,
            "penalties/timelimit_list.html",
            {
                "title": "处罚程序时限",
                "limits": sorted(TimeLimit.objects.all(), key=_procedure_order),
                "can_edit": request.user.has_perm("penalties.change_timelimit"),
            },
        )
