"""Licensing's document pages: the PDF of each numbered window document, and the public
verification page a permit's QR code opens (no sign-in, rate-limited, no personal data)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from core.documents import pdf_response
from core.ratelimit import rate_limited
from core.views import RoleRequiredMixin
from licensing.choices import LicensingDocumentKind, PermitState
from licensing.documents import licensing_document
from licensing.documents.verification import PermitCodeInvalid, permit_code_read
from licensing.models import LicensingDocument, Permit


class LicensingDocumentPdfView(RoleRequiredMixin, View):
    """A window document (受理通知书 … 撤销行政许可决定书) as a PDF: for whoever may see
    licensing documents or the applications they were issued on."""

    permission_required = ()

    def has_permission(self):
        user = self.request.user
        return user.has_perm("licensing.view_licensingdocument") or user.has_perm(
            "licensing.view_application"
        )

    def get(self, request, pk):
        document = get_object_or_404(
            LicensingDocument.objects.select_related(
                "application__establishment",
                "application__permit_type",
                "application__previous_permit",
                "permit__establishment",
                "permit__permit_type",
                "permit__application",
                "issued_by",
            ),
            pk=pk,
        )
        name, content = licensing_document(document)
        return pdf_response(content, name)


STATE_ANSWERS = {
    PermitState.VALID: "有效",
    PermitState.PENDING: "尚未生效",
    PermitState.EXPIRED: "已过期，不再有效",
    PermitState.SUPERSEDED: "已换发，本证不再有效",
    PermitState.CANCELLED: "已注销，不再有效",
    PermitState.REVOKED: "已撤销，不再有效",
}


def _latest_version(permit, day):
    """The newest version a permit was replaced by (renewals and changes chain), or None."""
    latest = None
    current = permit
    for _ in range(50):
        following = Permit.objects.with_state(day).filter(previous=current).first()
        if following is None:
            break
        latest = current = following
    return latest


class PermitVerifyView(View):
    """Is the permit whose code was scanned valid today? For anyone, signed in or not;
    a code altered or signed elsewhere is refused. Shows what the permit states of its
    holder (the unit), never the legal representative or an ID number."""

    def get(self, request, token):
        if rate_limited(
            request, scope="permit-verify", limit=settings.PERMIT_VERIFY_PER_MINUTE, seconds=60
        ):
            return render(request, "licensing/permit_verify.html", {"limited": True}, status=429)
        try:
            payload = permit_code_read(token)
        except PermitCodeInvalid:
            return render(request, "licensing/permit_verify.html", {"invalid": True}, status=400)
        today = timezone.localdate()
        permit = (
            Permit.objects.with_state(today)
            .select_related("permit_type")
            .filter(pk=payload["i"], number=payload["n"])
            .first()
        )
        if permit is None:
            return render(request, "licensing/permit_verify.html", {"invalid": True}, status=404)
        newer = _latest_version(permit, today)
        context = {
            "permit": permit,
            "answer": STATE_ANSWERS[permit.state],
            "in_force": permit.state == PermitState.VALID,
            "newer": newer,
            "printed": payload,
            "printed_state": PermitState(payload["s"]).label
            if payload["s"] in PermitState.values
            else "",
            "today": today,
        }
        return render(request, "licensing/permit_verify.html", context)


DECISIONS = (
    LicensingDocumentKind.GRANT,
    LicensingDocumentKind.REFUSAL,
    LicensingDocumentKind.CANCELLATION,
)


class DecisionPdfView(RoleRequiredMixin, View):
    """The old address of an application's decision: now its numbered 决定书 (准予,
    不予许可 or 注销), the one document of the kind that was issued."""

    permission_required = "licensing.view_application"

    def get(self, request, pk):
        document = (
            LicensingDocument.objects.filter(application_id=pk, kind__in=DECISIONS)
            .order_by("-pk")
            .first()
        )
        if document is None:
            raise Http404("尚未作出决定。")
        return redirect(document.get_absolute_url())
