"""Builders for penalty-case tests: they go through the services, as the pages do.

``case_at(step)`` walks a case from filing to the given step with dates in the past that
respect every time limit (a fine of 3,000 yuan for an ordinary 未取得卫生许可证 case)."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from penalties import services
from penalties.choices import CaseSource, CaseStatus, EvidenceKind, PaymentKind, Severity
from penalties.models import PenaltyCase, Violation
from penalties.services import PenaltyInput
from tests.factories import EstablishmentFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def officers(n=2):
    return [UserFactory(role="inspector") for _ in range(n)]


def violation(code="pp-no-permit") -> Violation:
    return Violation.objects.get(code=code)


def fine(amount, **more) -> PenaltyInput:
    return PenaltyInput(warning=True, fine_amount=Decimal(str(amount)), **more)


def file_case(*, team=None, user=None, **overrides) -> PenaltyCase:
    team = team or officers()
    fields = {
        "source": CaseSource.COMPLAINT,
        "violation": violation(),
        "occurred_on": days_ago(70),
        "filed_on": days_ago(60),
        "facts": "未取得公共场所卫生许可证擅自营业。",
        "officers": team,
    }
    if "party_kind" not in overrides and "inspection" not in overrides:
        fields["establishment"] = overrides.pop("establishment", None) or EstablishmentFactory()
    fields.update(overrides)
    return services.case_file(user=user or team[0], **fields)


def evidence_pdf(name="现场笔录.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


STEPS = list(CaseStatus.values)


def case_at(step: str, *, amount=3000, case=None, user=None, **file_overrides) -> PenaltyCase:
    """A case that has gone through the procedure up to ``step`` (inclusive)."""
    case = case or file_case(user=user, **file_overrides)
    user = user or case.created_by
    target = STEPS.index(step)

    def wants(s):
        return STEPS.index(s) <= target and STEPS.index(case.status) < STEPS.index(s)

    if wants(CaseStatus.INVESTIGATING):
        case = services.case_investigate(case=case, user=user, done_on=days_ago(59))
        services.evidence_add(
            case=case,
            user=user,
            kind=EvidenceKind.RECORD,
            title="现场笔录",
            collected_on=days_ago(59),
            upload=evidence_pdf(),
        )
    if wants(CaseStatus.NOTIFIED):
        case = services.case_notify(
            case=case,
            user=user,
            done_on=days_ago(50),
            severity=Severity.ORDINARY,
            penalties=fine(amount),
        )
    if wants(CaseStatus.DECIDED):
        case = services.case_decide(
            case=case,
            user=user,
            done_on=days_ago(35),
            severity=Severity.ORDINARY,
            penalties=fine(amount),
        )
    if wants(CaseStatus.SERVED):
        case = services.case_serve(
            case=case, user=user, done_on=days_ago(34), method="direct", recipient="张某"
        )
    if wants(CaseStatus.EXECUTED):
        services.payment_record(
            case=case,
            user=user,
            kind=PaymentKind.FINE,
            paid_on=days_ago(30),
            amount=Decimal(str(amount)),
            receipt_number="NO.0001",
        )
        case = services.case_execute(case=case, user=user, done_on=days_ago(29))
    if wants(CaseStatus.CLOSED):
        case = services.case_close(
            case=case, user=user, done_on=days_ago(28), summary="罚款已缴清，当事人已取得许可证。"
        )
    case.refresh_from_db()
    return case
