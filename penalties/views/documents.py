"""Every document of a case as PDF, through the case-document registry: one view for all.

Before the case reaches the document's step, and when rendering fails, the user gets a
page saying so in plain words. A person's ID number is printed masked; ``?reveal=1`` prints
it in full for users who may see full numbers (403 for others), and each such print is
logged."""

import logging

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.views import View

from core.documents import pdf_response
from core.models import AccessChannel
from core.personal_data import (
    no_store,
    record_access,
    require_reveal_permission,
    reveal_requested,
)
from core.views import RoleRequiredMixin
from penalties import documents

logger = logging.getLogger(__name__)


class CaseDocumentPdfView(RoleRequiredMixin, View):
    permission_required = "penalties.view_penaltycase"
    # Set for the old fixed URLs (filing.pdf, notice.pdf, decision.pdf).
    slug: str | None = None

    def get(self, request, pk, slug=None, record=None):
        document = documents.document_get(self.slug or slug)
        if document is None:
            raise Http404("no such document")
        reveal = reveal_requested(request)
        if reveal:
            require_reveal_permission(request.user)
        case = documents.case_for_documents(pk)
        try:
            target = document.record_of(case, record)
            content = document.render(case, target, reveal=reveal)
        except documents.DocumentNotReady as exc:
            return self.refuse(request, case, document, str(exc), status=404)
        except Exception:
            logger.exception("PDF of %s for case %s failed", document.title, case.pk)
            return self.refuse(
                request,
                case,
                document,
                f"《{document.title}》生成失败，请稍后重试；仍然失败的，请联系系统管理员。",
                status=500,
            )
        response = pdf_response(content, document.filename(case, target))
        if document.reveals(case, reveal) and case.party_code:
            record_access(request, case, field="party_code", channel=AccessChannel.PDF)
            no_store(response)
        return response

    def refuse(self, request, case, document, text, *, status):
        messages.error(request, text)
        return render(
            request,
            "penalties/document_refused.html",
            {"title": f"{document.title} {case.number}", "case": case},
            status=status,
        )
