"""Builders for penalty-case tests: they go through the services, as the pages do.

``case_at(step)`` walks a case from filing to the given step with dates in the past that
respect every time limit (a fine of 3,000 yuan for an ordinary 未取得卫生许可证 case)."""

import datetime
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from penalties import services
from penalties.choices import (
    CaseSource,
    CaseStatus,
    EvidenceKind,
    PartyKind,
    PaymentKind,
    Severity,
)
from penalties.models import ApprovalKind, PenaltyCase, Violation
from penalties.services import PenaltyInput
from tests.factories import EstablishmentFactory, UserFactory, valid_id_number

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def officers(n=2):
    return [UserFactory(role="inspector") for _ in range(n)]


def violation(code="pp-no-permit") -> Violation:
    return Violation.objects.get(code=code)


# Why a case's penalty comes without a 责令改正通知书 (行政处罚法第二十八条) in the factories.
CORRECTED = "违法行为已于现场检查时改正。"


def proposal(**fields) -> PenaltyInput:
    """Penalties as a form enters them; unless an order to correct is given, the conduct
    was already corrected (the reason the law asks for when none is)."""
    if not fields.get("order_correct"):
        fields.setdefault("no_correction_reason", CORRECTED)
    return PenaltyInput(**fields)


def fine(amount, **more) -> PenaltyInput:
    return proposal(warning=True, fine_amount=Decimal(str(amount)), **more)


def decider(requested_by=None):
    """A 负责人 holding penalties.approve_case: the manager persona (the ``manager``
    fixture's account), or another manager when the persona asked."""
    from tests.licensing.factories import decider as persona

    manager = persona()
    if requested_by is not None and requested_by.pk == manager.pk:
        return UserFactory(role="manager")
    return manager


def approve(approval, *, on=None, opinion="同意。"):
    """The 负责人 approves ``approval`` on ``on`` (its request date by default)."""
    return services.approval_decide(
        approval=approval,
        user=decider(approval.requested_by),
        decided_on=on or approval.requested_on,
        approved=True,
        opinion=opinion,
    )


def approve_filing(case, *, on=None) -> PenaltyCase:
    approve(case.approvals.get(kind=ApprovalKind.FILING), on=on)
    case.refresh_from_db()
    return case


def approve_decision(case, *, on, severity, penalties, user=None, triggers=(), departure_reason=""):
    """The 案件调查终结报告 proposing ``severity`` and ``penalties``, requested and approved
    on ``on``."""
    approval = services.decision_request(
        case=case,
        user=user or case.created_by,
        requested_on=on,
        severity=severity,
        penalties=penalties,
        facts=case.facts,
        evidence="现场笔录、询问笔录",
        basis=case.violation.penalty_basis,
        discretion="首次违法，主动配合调查。",
        departure_reason=departure_reason,
        legal_review_triggers=triggers,
    )
    return approve(approval, on=on)


def approve_closing(case, *, on, user=None, summary="罚款已缴清，当事人已改正。"):
    approval = services.closing_request(
        case=case, user=user or case.created_by, requested_on=on, summary=summary
    )
    return approve(approval, on=on)


# A party the 3,000-yuan fine gives the right to a hearing: a citizen (江西: fines of 3,000
# yuan and more; an organisation's threshold is 20,000). ``case_at(step, **HEARING_PARTY)``.
HEARING_PARTY = {
    "party_kind": PartyKind.PERSON,
    "party_name": "王某",
    "party_address": "康乐街道东门路1号",
}


def closing_approved(case, *, on):
    """A 结案报告 approved on ``on`` (not before the filing), unless the case is closed or
    has one; for tests that close or end a case themselves."""
    case.refresh_from_db()
    if case.is_closed or not case.filing_approved:
        return
    if case.approvals.filter(kind=ApprovalKind.CLOSING, approved=True).exists():
        return
    approve_closing(case, on=max(on, case.filed_on))


def decision_ready(case, *, on, severity, penalties, review=True, departure_reason=""):
    """What a decision on ``on`` needs beside the steps, for tests that decide themselves:
    the 负责人's approval of this very proposal (after the latest notice and any hearing),
    and after a hearing a legal review dated on or after it. Nothing when ``on`` cannot be
    a decision date (the decision's own refusal is then what the test sees)."""
    from penalties.services.approval_reports import decision_approval_check

    case.refresh_from_db()
    hearing = getattr(case, "hearing", None)
    held_on = hearing.held_on if hearing is not None else None
    if (
        case.status != CaseStatus.NOTIFIED
        or on is None
        or on > timezone.localdate()
        or (case.notified_on and on < case.notified_on)
        or (held_on and on < held_on)
    ):
        return
    from penalties.services.discretion import not_heavier_check

    try:
        lines = penalties.lines()
        not_heavier_check(case, lines)  # a heavier decision is refused for that: no approval
    except ValidationError:
        return
    try:
        decision_approval_check(case, done_on=on, severity=severity, lines=lines)
    except ValidationError:
        if not case.approvals.filter(kind=ApprovalKind.DECISION, approved__isnull=True).exists():
            try:
                approve_decision(case, on=on, severity=severity, penalties=penalties,
                                 departure_reason=departure_reason)  # fmt: skip
            except ValidationError:
                return  # a proposal the report refuses: the decision's own refusal is seen
    level = case.violation.levels.filter(severity=severity).first()
    if (
        level is not None
        and level.requires_collective_discussion
        and not case.discussions.filter(kind="collective", agreed=True, held_on__lte=on).exists()
    ):
        managers = [decider(), UserFactory(role="manager"), UserFactory(role="manager")]
        services.discussion_record(
            case=case,
            user=case.created_by,
            kind="collective",
            held_on=on,
            host=managers[0],
            participants=managers,
            recorder=case.created_by,
            facts=case.facts,
            discretion="按裁量基准。",
            conclusion="同意拟处理意见。",
        )
    if review and held_on and (case.legal_reviewed_on is None or case.legal_reviewed_on < held_on):
        services.case_legal_review(
            case=case, user=decider(), reviewed_on=on, opinion="同意。", approved=True
        )
    case.refresh_from_db()


def file_case(*, team=None, user=None, approved=True, **overrides) -> PenaltyCase:
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
    case = services.case_file(user=user or team[0], **fields)
    return approve_filing(case) if approved else case


def evidence_pdf(name="现场笔录.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


STEPS = list(CaseStatus.values)


def case_at(
    step: str, *, amount=3000, case=None, user=None, earlier=0, **file_overrides
) -> PenaltyCase:
    """A case that has gone through the procedure up to ``step`` (inclusive).

    ``earlier``: every date that many days further in the past (e.g. to leave room for a
    payment made long after its limit). ``amount=None``: a warning only."""
    if case is None:
        if amount is None:  # a warning alone: 细则第三十六条 allows it, 第三十五条 does not
            file_overrides.setdefault("violation", violation("pp-no-testing"))
        file_overrides.setdefault("occurred_on", days_ago(70 + earlier))
        file_overrides.setdefault("filed_on", days_ago(60 + earlier))
        case = file_case(user=user, **file_overrides)
    user = user or case.created_by
    target = STEPS.index(step)

    def ago(n):  # the same days, moved ``earlier``
        return days_ago(n + earlier)

    penalties = fine(amount) if amount is not None else proposal(warning=True)
    severity = Severity.ORDINARY if amount is not None else Severity.MINOR

    def wants(s):
        return STEPS.index(s) <= target and STEPS.index(case.status) < STEPS.index(s)

    if wants(CaseStatus.INVESTIGATING):
        case = services.case_investigate(case=case, user=user, done_on=ago(59))
        services.evidence_add(
            case=case,
            user=user,
            kind=EvidenceKind.RECORD,
            title="现场笔录",
            collected_on=ago(59),
            upload=evidence_pdf(),
        )
    if wants(CaseStatus.NOTIFIED):
        case = services.case_notify(
            case=case,
            user=user,
            done_on=ago(50),
            severity=severity,
            penalties=penalties,
        )
        serve_notice(case, on=ago(50), user=user)
        approve_decision(case, on=ago(50), severity=severity, penalties=penalties, user=user)
    if wants(CaseStatus.DECIDED):
        case = services.case_decide(
            case=case,
            user=user,
            done_on=ago(35),
            severity=severity,
            penalties=penalties,
        )
    if wants(CaseStatus.SERVED):
        case = services.case_serve(
            case=case, user=user, done_on=ago(34), method="direct", recipient="张某"
        )
    if wants(CaseStatus.EXECUTED):
        if amount is not None:
            services.payment_record(
                case=case,
                user=user,
                kind=PaymentKind.FINE,
                paid_on=ago(30),
                amount=Decimal(str(amount)),
                receipt_number="NO.0001",
            )
        case = services.case_execute(
            case=case,
            user=user,
            done_on=ago(29),
            note="" if amount is not None else "当事人已改正。",
        )
    if wants(CaseStatus.CLOSED):
        approve_closing(case, on=ago(28), user=user)
        case = services.case_close(
            case=case, user=user, done_on=ago(28), summary="罚款已缴清，当事人已取得许可证。"
        )
    case.refresh_from_db()
    return case


def serve(case, document, *, on, user=None, method="direct", **facts):
    """Record the service of ``document`` (a registry slug) on ``on``: handed to the party
    by the case's officers unless ``facts`` say otherwise."""
    facts.setdefault("recipient", case.party_name)
    if method == "direct":
        facts.setdefault("signer", case.party_name)
    facts.setdefault("officers", list(case.officers.all()))
    return services.service_record(
        case=case,
        user=user or case.created_by,
        document=document,
        method=method,
        served_on=on,
        **facts,
    )


def serve_notice(case, *, on, user=None, **facts):
    """Serve the current 事先告知书 (the statement and hearing windows start), with the
    听证告知书 that goes with it where the notice offers a hearing (served together)."""
    service = serve(case, "notice", on=on, user=user, **facts)
    case.refresh_from_db()
    if case.hearing_rights_number:
        serve(case, "hearing-rights", on=on, user=user, **facts)
    return service


def practice_case(manager) -> PenaltyCase:
    """A served 非法行医 case against a person: a fine of 21,500 yuan, 3,875 yuan of gains
    and 7 instruments confiscated (seed 000), legally reviewed by ``manager``. Minor: 医师法
    第五十九条 fines 2–10 times the gains counted as at least 10,000; the minor level's 2–4
    times holds 21,500."""
    case = case_at(
        CaseStatus.INVESTIGATING,
        party_kind=PartyKind.PERSON,
        violation=violation("illegal-practice"),
        party_name="李某",
        party_address="城关镇东街3号",
        party_code=valid_id_number(),
    )
    penalties = proposal(
        fine_amount=Decimal("21500"),
        gains_amount=Decimal("3875"),
        items_confiscated="药品、器械",
        items_quantity="7件",
    )
    user = case.created_by
    services.case_notify(
        case=case, user=user, done_on=days_ago(50), severity=Severity.MINOR, penalties=penalties
    )
    serve_notice(case, on=days_ago(50), user=user)
    services.rights_waive(case=case, user=user, waived_on=days_ago(49))
    approve_decision(case, on=days_ago(42), severity=Severity.MINOR, penalties=penalties, user=user)
    services.case_legal_review(
        case=case, user=manager, reviewed_on=days_ago(41), opinion="同意", approved=True
    )
    services.case_decide(
        case=case,
        user=user,
        done_on=days_ago(40),
        severity=Severity.MINOR,
        penalties=penalties,
    )
    return services.case_serve(
        case=case, user=user, done_on=days_ago(39), method="direct", recipient="李某"
    )


@contextmanager
def refused(field: str, *fragments: str):
    """The block raises a ValidationError naming ``field`` with every fragment in its
    message: ``with refused("status", "已结案"): ...``."""
    with pytest.raises(ValidationError) as exc:
        yield exc
    errors = exc.value.message_dict
    assert field in errors, errors
    text = " ".join(errors[field])
    for fragment in fragments:
        assert fragment in text, text


def case_state(case) -> tuple:
    """What a refused action must leave untouched: status, steps, history, penalties,
    payments, evidence, numbers, amendments."""
    case = PenaltyCase.objects.get(pk=case.pk)
    return (
        case.status,
        case.notice_number,
        case.decision_number,
        case.next_due,
        case.steps.count(),
        case.history.count(),
        case.penalties.count(),
        case.payments.count(),
        case.evidence.count(),
        case.amendments.count(),
    )
