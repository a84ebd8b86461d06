"""PDF documents of a case and the pages of violations with their discretion tables."""

from django.http import Http404
from django.views import View

from core.views import RoleRequiredMixin


class _NotYet(RoleRequiredMixin, View):
    permission_required = "penalties.view_penaltycase"

    def get(self, request, pk):
        raise Http404


CaseFilingPdfView = CaseNoticePdfView = CaseDecisionPdfView = _NotYet
